/**
 * What a derived label prints for an object value that was let go (weak-values.ts): its text
 * (class name, `Array(n)`, `{…}`, as core/label-value.ts `formatArgValue` names it), computed when
 * the value is let go and shared by text, and by prototype for the next object of the same class;
 * and the objects that print such a text back through a dump's label formatting (`printing`).
 * Like weak-values.ts, nothing here runs user code.
 */
import { types } from "node:util";
import { intrinsicPromisePrototype } from "./intrinsic-promise";
import { formatArgValue } from "./label-value";

/** The text a derived label prints for an object that was let go (see `describe`). */
export class Described {
  readonly #described = true;
  constructor(readonly text: string) {}
  static is(v: unknown): v is Described {
    return typeof v === "object" && v !== null && #described in v;
  }
}

/** What a derived label prints for `v` (core/label-value.ts `formatArgValue`), computed now. */
export function describe(v: object): Described {
  // A Proxy's prototype is read through its trap, and an array prints its length: neither is
  // named by prototype.
  const proto: object | null =
    typeof v === "object" && !types.isProxy(v) && !Array.isArray(v)
      ? (Object.getPrototypeOf(v) as object | null)
      : null;
  if (proto !== null) {
    const known = byPrototype.get(proto);
    if (known !== undefined) return known;
  }
  const text = formatArgValue(v);
  // Shared by text (most are a few class names): a pending span then costs no object of its own.
  let d = described.get(text);
  if (d === undefined) {
    d = new Described(text);
    if (described.size >= 1024) described.clear(); // a cache, bounded
    described.set(text, d);
  }
  if (proto !== null && printsByPrototype(v, proto)) byPrototype.set(proto, d);
  return d;
}

const described = new Map<string, Described>();

/**
 * Descriptions by prototype: an object that is not an array, a Proxy, a promise or a date prints
 * as its prototype makes it print (`{…}` or its class name), so the next object of the same class
 * is named by one lookup instead of four checks and a property descriptor (P5's servers name their
 * requests' `req` and `res`: docs/performance.md). Weak: a class that goes keeps no entry. Like
 * `functionName`'s cache, a prototype's `constructor` redefined after its first object was named
 * is not seen.
 */
const byPrototype = new WeakMap<object, Described>();

/**
 * Whether every object with prototype `proto` prints as `v` (neither a Proxy nor an array) does:
 * `v` is no promise or date, and no prototype on the chain is a Proxy (a trap would run when one is
 * read), a date's or a promise's (their objects print their time, or `Promise` whatever their
 * class: such a prototype is never a key). A date given another class's prototype by hand would
 * print that class's name.
 */
function printsByPrototype(v: object, proto: object): boolean {
  if (types.isPromise(v) || types.isDate(v)) return false;
  for (let o: object | null = proto; o !== null; o = Object.getPrototypeOf(o) as object | null) {
    if (types.isProxy(o) || o === datePrototype || o === promisePrototype) return false;
  }
  return true;
}

const datePrototype: object = Date.prototype;
const promisePrototype: object = intrinsicPromisePrototype;

/**
 * An object that prints `text` through core/label-value.ts: its prototype's own `constructor` is a
 * function named `text` (how `formatArgValue` names an object), its `toString` returns it.
 */
export function printing(text: string): object {
  let o = printers.get(text);
  if (o === undefined) {
    const named = (): void => {};
    Object.defineProperty(named, "name", { value: text });
    o = Object.create({ constructor: named, toString: () => text }) as object;
    if (printers.size >= 1024) printers.clear(); // a cache, bounded
    printers.set(text, o);
  }
  return o;
}

/** Printing objects by text (most dumps print the same few class names again and again). */
const printers = new Map<string, object>();
