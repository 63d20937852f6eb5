/**
 * Safe formatting of runtime values for labels. Never throws, never calls a getter or a Proxy
 * trap (for derived labels), and bounds the output, so a dump cannot break or hang the program.
 */
import { types } from "node:util";

export const MAX_VALUE_CHARS = 120;

/** `s` cut to at most `max` UTF-16 units, never between the two halves of a surrogate pair. */
export function cutAt(s: string, max: number): string {
  if (s.length <= max) return s;
  const end = max > 0 && isHighSurrogate(s.charCodeAt(max - 1)) && isLowSurrogate(s.charCodeAt(max)) ? max - 1 : max;
  return s.slice(0, end);
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${cutAt(s, max)}…`;
}

/**
 * The name of a function, read without running user code: a static `name` getter is skipped, and
 * a Proxy (whose getOwnPropertyDescriptor trap would run) has none. Kept per function, since the
 * same classes are named again and again (a label value is named when its span outlives its turn,
 * weak-values.ts): a `name` redefined after the function was first named is not seen.
 */
function functionName(fn: unknown): string {
  if (typeof fn !== "function") return "";
  let name = functionNames.get(fn);
  if (name === undefined) {
    if (types.isProxy(fn)) return "";
    const d = Object.getOwnPropertyDescriptor(fn, "name");
    name = d !== undefined && typeof d.value === "string" ? d.value : "";
    functionNames.set(fn, name);
  }
  return name;
}

const functionNames = new WeakMap<object, string>();

/**
 * Whether `obj` is a Proxy or has one on its prototype chain, found without running user code (a
 * Proxy's traps would run on any property read or `instanceof` that reaches it).
 */
export function reachesProxy(obj: object): boolean {
  for (let o: object | null = obj; o !== null; o = Object.getPrototypeOf(o) as object | null) {
    if (types.isProxy(o)) return true;
  }
  return false;
}

/** `ClassName` of an object from its prototype's own `constructor` data property, or "". */
export function className(obj: object): string {
  // Not a Proxy: its prototype is read without a trap.
  return types.isProxy(obj) ? "Proxy" : classNameOf(Object.getPrototypeOf(obj) as object | null);
}

/** The class name that prototype `proto` gives its objects. */
function classNameOf(proto: object | null): string {
  // A Proxy prototype would run its getOwnPropertyDescriptor trap: such an object has no class name.
  if (proto === null || types.isProxy(proto)) return "";
  const d = Object.getOwnPropertyDescriptor(proto, "constructor");
  return d !== undefined ? functionName(d.value) : "";
}

/**
 * `AsyncGenerator` or `Generator` for an object whose prototype chain holds the intrinsic
 * prototype of generator objects, else "": a generator function's objects have no class name, and
 * `{…}` said nothing of a stream stage's source (the streams audit, 2026-12-05). Found by the
 * `Symbol.toStringTag` data property those intrinsics own, not by comparing with them: getting
 * them takes a generator function literal, which a bundler plugin tracing everything in a
 * workspace-linked runtime would instrument (the runtime importing its own instrument module).
 * Decided by the chain alone, as `describe` caches by prototype; a Proxy on the chain stops the
 * walk before its trap, and an accessor is never called.
 */
function generatorKind(proto: object | null): string {
  for (let o = proto, n = 0; o !== null && n < 8; o = Object.getPrototypeOf(o) as object | null, n++) {
    if (types.isProxy(o)) return "";
    const d = Object.getOwnPropertyDescriptor(o, Symbol.toStringTag);
    if (d !== undefined && (d.value === "AsyncGenerator" || d.value === "Generator")) return d.value as string;
  }
  return "";
}

const dateTime = Date.prototype.getTime;
const dateIso = Date.prototype.toISOString;
const objectPrototype = Object.prototype;

/**
 * A value as it appears in a label derived from source (`fetchUser(42)`): strings quoted,
 * primitives as written, objects by class name.
 */
export function formatArgValue(v: unknown, max = MAX_VALUE_CHARS): string {
  try {
    switch (typeof v) {
      case "string":
        // Only what can be shown is quoted: a request body of megabytes as an argument must not
        // cost its whole JSON text at every dump. The first `max` characters of the quoted text
        // (and the character after, which decides a cut between the halves of a pair) come from
        // the first `max + 1` characters of the string.
        return clip(JSON.stringify(v.length > max + 1 ? v.slice(0, max + 1) : v), max);
      case "number":
        return Object.is(v, -0) ? "-0" : String(v);
      case "bigint":
        return `${v}n`;
      case "boolean":
      case "undefined":
        return String(v);
      case "symbol":
        return clip(v.toString(), max);
      case "function": {
        const n = functionName(v);
        return n ? `[Function ${clip(n, max)}]` : "[Function]";
      }
      default: {
        if (v === null) return "null";
        if (types.isProxy(v)) return "Proxy";
        if (Array.isArray(v)) return `Array(${v.length})`;
        if (types.isPromise(v)) return "Promise";
        // Not `instanceof` (it walks the prototype chain, where a Proxy's trap would run) nor the
        // date's own methods (a subclass may override them): the intrinsics, on the internal slot.
        if (types.isDate(v)) {
          const t = dateTime.call(v);
          return Number.isNaN(t) ? "Invalid Date" : dateIso.call(v);
        }
        const proto = Object.getPrototypeOf(v) as object | null; // `v` is not a Proxy: no trap
        if (proto === objectPrototype || proto === null) return "{…}"; // the common case, without descriptors
        const name = classNameOf(proto);
        if (name !== "" && name !== "Object") return clip(name, max);
        return generatorKind(proto) || "{…}";
      }
    }
  } catch {
    return "<?>";
  }
}

/**
 * A value interpolated by the user's own template (`` span`pending ${i}` ``): what a template
 * literal would print, computed safely. User `toString` methods run (the user asked for them),
 * but an exception shows a placeholder instead of reaching the program.
 */
export function formatTemplateValue(v: unknown, max = MAX_VALUE_CHARS * 8): string {
  if (typeof v === "string") return clip(v, max);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "undefined" || v === null) {
    return String(v);
  }
  if (typeof v === "bigint") return String(v);
  if (typeof v === "symbol") return v.toString();
  try {
    if (typeof v === "object" && types.isProxy(v)) return "Proxy";
    return clip(String(v), max);
  } catch (e) {
    return `<label error: ${errorName(e)}>`;
  }
}

function errorName(e: unknown): string {
  try {
    if (e instanceof Error) return clip(`${e.name}: ${e.message}`, 80);
    return clip(String(e), 80);
  } catch {
    return "unprintable";
  }
}

/**
 * Escape newlines, control characters and lone surrogates (which no UTF-8 output can carry) so
 * that one span is always one line of well-formed text; cut at `max` characters between two
 * characters, never inside an escape or a surrogate pair.
 */
export function escapeLabel(s: string, max: number): string {
  // Fast path: most labels have nothing to escape and fit. (With the `u` flag a surrogate range
  // matches only unpaired halves.)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we escape
  if (s.length <= max && !/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff]/u.test(s)) return s;
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    let piece: string;
    if (ch === "\n") piece = "\\n";
    else if (ch === "\r") piece = "\\r";
    else if (ch === "\t") piece = "\\t";
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || (c >= 0xd800 && c <= 0xdfff)) {
      piece = `\\u${c.toString(16).padStart(4, "0")}`;
    } else piece = ch;
    if (out.length + piece.length > max) return `${out}…(${s.length} chars)`;
    out += piece;
  }
  return out;
}
