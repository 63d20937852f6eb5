/**
 * `traced`: the decorator for async methods (standard and `experimentalDecorators`) and the
 * wrapper for plain functions. Without the transformer each call is one frame span; with it, the
 * transformed body adopts the frame the wrapper opened and records every await inside it.
 */
import * as A from "../core/arena";
import { ctx, currentSpan, type Entered, enterSpan, leaveSpan } from "../core/context";
import { handoff } from "../core/hooks";
import { intrinsicPromisePrototype } from "../core/intrinsic-promise";
import { beginCall, endCall, isNativePromise, isPlainAsyncFunction, observeSettled } from "../core/settlement";
import { Site } from "../core/site";
import { Span, type SpanLike } from "../core/span-label";
import { endSpan, newFrame } from "../core/spans";
import { NodeFlags } from "../core/storage";
import { tagFrame } from "../core/tags";
import { ANONYMOUS, CallLabel, parseTemplate } from "./call-label";
import { type ParameterShape, parameterNames } from "./parameter-names";
import { lendSource } from "./wrapper-source";

export interface TracedOptions {
  /** The span name; a string may name parameters: `"load user ${id}"`. Default `Class.method(args)`. */
  name?: SpanLike;
  verbose?: boolean;
  longRunning?: boolean;
}

export type TracedArg = string | Span | TracedOptions;

// biome-ignore lint/suspicious/noExplicitAny: decorators must accept any function shape
type AnyFn = (this: any, ...args: any[]) => any;

/** Metadata key under which `experimentalDecorators` users may store options with reflect-metadata. */
export const TRACED_METADATA_KEY = "await-tree:traced";

/** Marks the argument of a `traced` whose function body the transformer has rewritten. */
export class Transformed {
  constructor(
    readonly arg: TracedArg | undefined,
    /** The frame site of the rewritten body: only its `enter` adopts the wrapper's frame. */
    readonly site: unknown,
    /** The parameter names, read at compile time (`undefined` for a destructured one). */
    readonly params: ReadonlyArray<string | undefined> | undefined,
    /**
     * The decorated method's body opens its own frame, labelled by its site (the transformer saw
     * everything the label needs: see its `isDirect`): the decorator returns the method itself.
     */
    readonly direct: boolean = false,
    /**
     * The decorated method is not async (it returns a promise): compiled by the transformer, it has
     * no await to rewrite, so its frame, opened by the wrapper, hides none (it is not counted as a
     * call that ran without the transformer). No body adopts the frame.
     */
    readonly noAwait: boolean = false,
  ) {}
}

/**
 * Emitted by the transformer around the user's `traced` argument: `transformed(arg, $s_body,
 * ["id", ...], direct)`, or `transformed(arg, $s_method, names, false, true)` on a method that
 * is not async (the site only locates its frame). Code emitted by older versions calls
 * `transformed(arg)`: any body adopts then.
 */
export function transformed(
  arg?: TracedArg,
  site?: unknown,
  params?: ReadonlyArray<string | undefined>,
  direct?: boolean,
  noAwait?: boolean,
): Transformed {
  return new Transformed(arg, site, Array.isArray(params) ? params : undefined, direct === true, noAwait === true);
}

/**
 * A decorated method whose transformed body records its own frame (`Transformed#direct`): nothing
 * to wrap. The argument is still checked (`resolve`), so a bad option or template fails where the
 * decorator is written, as with the wrapper.
 */
function isDirect(arg: unknown): boolean {
  return arg instanceof Transformed && arg.direct && arg.site instanceof Site;
}

interface Resolved {
  label: CallLabel;
  flags: number;
  transformed: boolean;
  site: unknown;
}

const OPTION_KEYS = new Set(["name", "verbose", "longRunning"]);

interface Checked {
  name: SpanLike | undefined;
  flags: number;
  marker: Transformed | undefined;
}

/** Check the user's argument (a span name, a Span, or options); errors name the bad option. */
function check(arg: unknown, where: string): Checked {
  let marker: Transformed | undefined;
  if (arg instanceof Transformed) {
    marker = arg;
    arg = arg.arg;
  }
  if (arg === undefined || typeof arg === "string" || arg instanceof Span) {
    return { name: arg, flags: 0, marker };
  }
  if (arg === null || typeof arg !== "object" || Array.isArray(arg)) {
    throw new TypeError(`${where}: expected a span name or options object, got ${arg === null ? "null" : typeof arg}`);
  }
  for (const k of Object.keys(arg)) {
    if (!OPTION_KEYS.has(k)) throw new TypeError(`${where}: unknown option "${k}" (known: name, verbose, longRunning)`);
  }
  const o = arg as TracedOptions;
  for (const k of ["verbose", "longRunning"] as const) {
    if (o[k] !== undefined && typeof o[k] !== "boolean") {
      throw new TypeError(`${where}: option "${k}" must be a boolean, got ${typeof o[k]}`);
    }
  }
  if (o.name !== undefined && typeof o.name !== "string" && !(o.name instanceof Span)) {
    throw new TypeError(`${where}: option "name" must be a string or a Span, got ${typeof o.name}`);
  }
  const flags = (o.verbose ? NodeFlags.Verbose : 0) | (o.longRunning ? NodeFlags.LongRunning : 0);
  return { name: o.name, flags, marker };
}

/**
 * The name a transformed `traced(async function load() {})` had in the source (its body site's
 * label). Preferred to `fn.name`, which bundlers change when they rename a function expression
 * that shadows a top-level name (`load` becomes `load2` in esbuild and Rollup bundles).
 */
function writtenName(marker: Transformed | undefined): string | undefined {
  const site = marker?.site;
  return site instanceof Site && site.parts.length === 1 && site.parts[0] !== "" ? site.parts[0] : undefined;
}

function resolve(arg: unknown, fn: AnyFn, fnName: string, owner: string | undefined, where: string): Resolved {
  const checked = check(arg, where);
  const name = checked.name;
  let flags = checked.flags;
  let label: CallLabel;
  if (name instanceof Span) {
    flags |= name.flags << 2;
    label = new CallLabel(name.name, { parts: [name.name], indexes: [] });
  } else if (typeof name === "string") {
    // The rest parameter from the function's own text (the transformer's names do not say it).
    const shape: ParameterShape = {};
    const scanned = parameterNames(fn, shape);
    const params = checked.marker?.params ?? scanned;
    const rest = shape.rest !== undefined && params[shape.rest] === scanned[shape.rest] ? shape.rest : undefined;
    const template = parseTemplate(name, params, where, rest) ?? { parts: [name], indexes: [] };
    label = new CallLabel(name, template);
  } else {
    label = new CallLabel(owner === "" ? (writtenName(checked.marker) ?? fnName) : fnName, undefined, owner);
  }
  const marker = checked.marker;
  // A compiled method that is not async: no body adopts the frame, the site only locates it.
  if (marker?.noAwait === true)
    return { label, flags: flags | NodeFlags.HidesNoAwait, transformed: false, site: marker.site };
  return { label, flags, transformed: marker !== undefined, site: marker?.site };
}

/**
 * The wrapper looks like the function it replaces: its name and length, its source text through
 * `toString()` (wrapper-source.ts), and, for an async function, its [[Prototype]]
 * (`AsyncFunction.prototype`: `constructor.name`, `instanceof`). Being
 * a method-shorthand function, it has no `prototype` and `new` throws, as for an async function.
 * (`util.types.isAsyncFunction` still tells them apart: see docs/transformer.md "Known limits".)
 */
function copyIdentity(wrapper: AnyFn, fn: AnyFn): void {
  try {
    Object.defineProperty(wrapper, "name", { value: fn.name, configurable: true });
    Object.defineProperty(wrapper, "length", { value: fn.length, configurable: true });
    lendSource(wrapper, fn);
    if (isPlainAsyncFunction(fn)) {
      Object.setPrototypeOf(wrapper, Object.getPrototypeOf(fn));
    }
  } catch {
    // A frozen function or a foreign realm: the wrapper keeps its own identity; nothing depends on it.
  }
  copyMetadata(wrapper, fn);
}

interface MetadataApi {
  getOwnMetadataKeys(target: object): unknown[];
  getOwnMetadata(key: unknown, target: object): unknown;
  defineMetadata(key: unknown, value: unknown, target: object): void;
}

/**
 * reflect-metadata's entries on the function itself (`Reflect.defineMetadata(k, v, fn)`), which
 * `experimentalDecorators` frameworks write on `descriptor.value` and read from the method the
 * class ends up with (NestJS: `@Get`, `@UseGuards`, `@HttpCode`, `SetMetadata` below `@traced`),
 * are the wrapper's too. Without them a route, a guard's roles or an interceptor vanished.
 */
function copyMetadata(wrapper: AnyFn, fn: AnyFn): void {
  const R = Reflect as unknown as Partial<MetadataApi>;
  if (typeof R.getOwnMetadataKeys !== "function" || typeof R.getOwnMetadata !== "function") return;
  if (typeof R.defineMetadata !== "function") return;
  try {
    for (const k of R.getOwnMetadataKeys(fn)) R.defineMetadata(k, R.getOwnMetadata(k, fn), wrapper);
  } catch {
    // A polyfill that refuses: the wrapper keeps no metadata, as before.
  }
}

/**
 * The function that replaces a traced one. Kept small and flat (no helper between it and `fn` on
 * the transformed path): each level of a recursion through it costs stack (docs/transformer.md).
 */
function makeWrapper(fn: AnyFn, r: Resolved, isStatic: boolean, key: string | symbol | undefined): AnyFn {
  const label = r.label;
  const site = r.site;
  const transformedBody = r.transformed;
  // The location of a frame no body adopts (a compiled method that is not async: see `resolve`).
  const locates = transformedBody ? undefined : site;
  const flags =
    r.flags | (transformedBody ? NodeFlags.Transformed : 0) | (framing.has(fn) ? NodeFlags.HidesNoAwait : 0);
  // An async function (not a generator) always returns a native promise: its result is tagged
  // without looking at it (`Object.getPrototypeOf` of a promise is a call into the runtime).
  const returnsPromise = isPlainAsyncFunction(fn);
  // Transformed body: the body's `enter` opens the frame with what the wrapper hands it (`handoff`),
  // until a call's body does not (a user decorator that calls the original later or never). From
  // then on (`watch`) the wrapper opens the frame itself and watches later calls for a result that
  // settles before it can be observed.
  let watch = false;
  const wrapper = {
    traced(this: unknown, ...args: unknown[]): unknown {
      let f = 0;
      const handOff = transformedBody && !watch && !ctx.paused;
      const prevLabel = handoff.label;
      const prevArgs = handoff.args;
      const prevFlags = handoff.flags;
      const prevOpened = handoff.opened;
      const prevFrame = handoff.entering;
      const prevSite = handoff.site;
      if (!ctx.paused) {
        if (label.owner === undefined) label.learnOwner(this, isStatic, wrapper, key);
        if (handOff) {
          handoff.label = label;
          handoff.args = args;
          handoff.flags = flags;
          handoff.opened = 0;
          handoff.site = site;
        } else {
          try {
            f = newFrame(currentSpan(), label, args, flags);
            if (locates !== undefined && f !== 0) A.setWhere(f, locates);
          } catch {
            f = 0;
          }
        }
      }
      // Set up for the call by mode; the user's function is then called from one place, so that
      // stack traces are the same whatever the mode (recorded or not, transformed or not).
      const g = f === 0 ? 0 : A.genOf(f); // to tell, after the call, whether `f` is still this frame
      let entered: Entered | undefined;
      const watched = f !== 0 && (watch || !transformedBody);
      if (f !== 0) {
        if (transformedBody) {
          // The rewritten body adopts frame `f` in its `enter` (only the body of `site`: see `handoff`).
          A.setSaved(f, ctx.current);
          ctx.current = f;
          handoff.entering = f;
          handoff.site = site;
        } else {
          // A method the transformer compiled that is not async (`locates`): transformed code never
          // creates the storage (docs/performance.md, "AsyncLocalStorage: when it is used at all");
          // on Node 20 and 22 its promise hook slowed every promise and put
          // `process.callbackTrampoline` into the program's stacks. It uses one created by
          // something else (TreeRoot#run), as `runIn(..., false)` does.
          entered = enterSpan(f, locates === undefined);
        }
        // The promise may settle before the call returns (no await): the call is watched for it.
        if (watched) beginCall();
      }
      let result: unknown;
      let threw = true;
      try {
        result = fn.apply(this, args);
        threw = false;
      } finally {
        if (handOff) {
          const opened = handoff.opened;
          const taken = handoff.label !== label;
          handoff.label = prevLabel;
          handoff.args = prevArgs;
          handoff.flags = prevFlags;
          handoff.opened = prevOpened;
          handoff.site = prevSite;
          if (!taken)
            watch = true; // the body was not called (yet)
          // The body ran to its first await (or its end): an awaiter adopts its frame by the promise.
          // (Between the body's end and here nothing allocates: a live slot is still this frame.)
          // An async function's result is a native promise; a function lowered to a generator
          // (`__awaiter`, below ES2017) is not one to V8: its result is looked at.
          else if (!threw && opened !== 0 && A.isLive(opened) && (returnsPromise || isAsyncResultPromise(result)))
            tagFrame(result as object, opened);
        } else if (f !== 0) {
          if (watched) endCall();
          if (transformedBody) {
            const adopted = handoff.entering !== f;
            handoff.entering = prevFrame;
            handoff.site = prevSite;
            if (!adopted) {
              // The body was not called (yet): end the frame like a plain call's, when its result
              // settles (at once the first time, whose result was not watched).
              watch = true;
              endUnadopted(f, g, watched ? result : undefined);
            }
            if (!threw) tagAdopted(f, g, result, adopted);
          } else {
            leaveSpan(entered as Entered);
            afterUntransformed(f, g, threw, result);
          }
        }
      }
      return result;
    },
  }.traced as AnyFn;
  copyIdentity(wrapper, fn);
  return framed(wrapper);
}

/**
 * Functions whose call opens a frame of their own: the wrappers `traced` made, and decorated
 * methods whose body opens it (direct). A wrapper around one of them (a second `@traced`) opens a
 * frame that hides no await: its body is that call.
 */
const framing = new WeakSet<AnyFn>();

function framed(fn: AnyFn): AnyFn {
  framing.add(fn);
  return fn;
}

function endUnadopted(f: number, g: number, result: unknown): void {
  try {
    ctx.current = A.savedOf(f);
    settleFrame(A.handleFrom(f, g), result);
  } catch {
    // The frame is left in the tree; the program goes on.
  }
}

const PROMISE_PROTOTYPE = intrinsicPromisePrototype;

function isAsyncResultPromise(v: unknown): boolean {
  return typeof v === "object" && v !== null && Object.getPrototypeOf(v) === PROMISE_PROTOTYPE;
}

/**
 * After the call of a transformed body: tag its promise with the frame, so that an awaiter adopts
 * it. Nothing here may throw: near the stack's limit even a call can (a RangeError the program,
 * returning normally, would not have seen).
 */
function tagAdopted(f: number, g: number, result: unknown, adopted: boolean): void {
  try {
    // An adopting body is a transformed async function or async generator: its result is a
    // native promise or a generator object, told apart by the prototype (no brand check: ~10 ns).
    const promise = adopted ? isAsyncResultPromise(result) : isNativePromise(result);
    if (promise && A.liveAs(f, g)) tagFrame(result as Promise<unknown>, f);
  } catch {
    // Not tagged: an awaiter will not adopt this frame; the program goes on.
  }
}

/** After the call of an untransformed function: its frame ends with its promise, or now. */
function afterUntransformed(f: number, g: number, threw: boolean, result: unknown): void {
  try {
    const h = A.handleFrom(f, g);
    if (threw) {
      endIfLive(h);
      return;
    }
    settleFrame(h, result);
    if (isNativePromise(result) && A.fromHandle(h) !== 0) tagFrame(result, f);
  } catch {
    // Near the stack's limit: the frame is left as it is; the program goes on.
  }
}

function endIfLive(h: number): void {
  const id = A.fromHandle(h);
  if (id !== 0) endSpan(id);
}

/**
 * End the frame when its promise settles (observed without a reaction: see `observeSettled`), or
 * now when the call returned anything else.
 */
function settleFrame(h: number, result: unknown): void {
  if (isNativePromise(result)) observeSettled(result, () => endIfLive(h));
  else endIfLive(h);
}

interface DecoratorContextLike {
  kind: string;
  name: string | symbol;
  static?: boolean;
  private?: boolean;
}

function isDecoratorContext(x: unknown): x is DecoratorContextLike {
  return typeof x === "object" && x !== null && typeof (x as { kind?: unknown }).kind === "string" && "name" in x;
}

/**
 * The key a legacy decorator receives: a string or a symbol, or a number for a method named by a
 * numeric literal (TypeScript's `__decorate([...], C.prototype, 7, null)`; reflect-metadata's
 * `Reflect.decorate`, when loaded, turns it into a string first).
 */
function isLegacyKey(k: unknown): k is string | symbol | number {
  return typeof k === "string" || typeof k === "symbol" || typeof k === "number";
}

function keyName(k: string | symbol): string {
  return typeof k === "symbol" ? `[${k.description ?? ""}]` : k;
}

function readMetadata(target: object, key: string | symbol): unknown {
  const R = Reflect as unknown as { getMetadata?: (k: unknown, t: object, p: string | symbol) => unknown };
  return typeof R.getMetadata === "function" ? R.getMetadata(TRACED_METADATA_KEY, target, key) : undefined;
}

/** Applies to a standard decorator call `(method, context)` or a legacy one `(target, key, descriptor)`. */
function decorate(arg: unknown, a: unknown, b: unknown, c: unknown): unknown {
  if (isDecoratorContext(b)) {
    const name = keyName(b.name);
    if (b.kind !== "method" || typeof a !== "function") {
      throw new TypeError(`@traced decorates methods only; ${name} is a ${b.kind}`);
    }
    const r = resolve(arg, a as AnyFn, name, undefined, `@traced on ${name}`);
    if (isDirect(arg)) return framed(a as AnyFn);
    return makeWrapper(a as AnyFn, r, b.static === true, b.private === true ? undefined : b.name);
  }
  if (isLegacyKey(b) && (typeof a === "object" || typeof a === "function") && a !== null) {
    // TypeScript passes the key of a method named by a numeric literal (`async 7()`) as a number.
    const key = typeof b === "number" ? String(b) : b;
    const target = a as object;
    const desc = c as PropertyDescriptor | undefined;
    const isStatic = typeof target === "function";
    const owner = isStatic ? (target as AnyFn).name : className(target);
    const where = `@traced on ${owner}.${keyName(key)}`;
    if (desc === undefined || typeof desc.value !== "function") {
      throw new TypeError(`${where}: decorates methods only (not a field, getter or setter)`);
    }
    const meta = readMetadata(target, key);
    const effective = meta === undefined ? arg : withMetadata(arg, meta);
    const r = resolve(effective, desc.value as AnyFn, keyName(key), owner, where);
    // Options stored with reflect-metadata are known only now: the wrapper labels those calls.
    if (effective === arg && isDirect(arg)) {
      framed(desc.value as AnyFn);
      return desc;
    }
    return { ...desc, value: makeWrapper(desc.value as AnyFn, r, isStatic, key) };
  }
  throw new TypeError("@traced: not applied as a method decorator");
}

/**
 * Options stored with reflect-metadata stand in for a missing decorator argument, with or without
 * the transformer's marker around it (the marker's body then takes the wrapper's frame).
 */
function withMetadata(arg: unknown, meta: unknown): unknown {
  if (arg === undefined) return meta;
  if (arg instanceof Transformed && arg.arg === undefined) {
    return new Transformed(meta as TracedArg, arg.site, arg.params, false, arg.noAwait);
  }
  return arg;
}

function className(proto: object): string {
  const d = Object.getOwnPropertyDescriptor(proto, "constructor");
  const ctor = d?.value as AnyFn | undefined;
  return typeof ctor === "function" ? ctor.name : "";
}

/** What `traced(...)` returns when used as a decorator factory: fits standard and legacy decorators. */
export interface TracedDecorator {
  <F extends AnyFn>(value: F, context: ClassMethodDecoratorContext): F;
  // biome-ignore lint/suspicious/noExplicitAny: legacy decorators may return a descriptor or nothing
  (target: object, key: string | symbol, descriptor: PropertyDescriptor): any;
}

/**
 * - `@traced` / `@traced()` / `@traced("load user ${id}")` / `@traced({ name, verbose, longRunning })`
 *   on an async method (standard or `experimentalDecorators`);
 * - `traced(fn)` / `traced(spanOrOptions, fn)`: a traced copy of a plain function.
 */
export function traced<F extends AnyFn>(value: F, context: ClassMethodDecoratorContext): F;
// biome-ignore lint/suspicious/noExplicitAny: legacy decorators may return a descriptor or nothing
export function traced(target: object, key: string | symbol, descriptor: PropertyDescriptor): any;
export function traced<F extends AnyFn>(fn: F): F;
export function traced<F extends AnyFn>(spanOrOptions: TracedArg | Transformed, fn: F): F;
export function traced(spanOrOptions?: TracedArg | Transformed): TracedDecorator;
export function traced(...args: unknown[]): unknown {
  const [a, b, c] = args;
  if (args.length === 2 && isDecoratorContext(b)) return decorate(undefined, a, b, c); // @traced (standard)
  if ((args.length === 2 || args.length === 3) && isLegacyKey(b)) {
    if (typeof a === "object" || typeof a === "function") return decorate(undefined, a, b, c); // @traced (legacy)
  }
  // `@traced(fn)` with a function argument is `traced(fn)` without the transformer: a traced copy of
  // `fn`, which is then applied as the decorator. The transformer's marker around it changes nothing.
  const plain = args.length === 1 && a instanceof Transformed && typeof a.arg === "function" ? a.arg : a;
  if (args.length === 1 && typeof plain === "function") {
    const fn = plain as AnyFn;
    return makeWrapper(fn, resolve(undefined, fn, fn.name || ANONYMOUS, "", "traced(fn)"), false, undefined);
  }
  if (args.length === 2 && typeof b === "function") {
    const fn = b as AnyFn;
    return makeWrapper(fn, resolve(a, fn, fn.name || ANONYMOUS, "", "traced(span, fn)"), false, undefined);
  }
  if (args.length > 1) {
    throw new TypeError("traced: expected (fn), (spanOrOptions, fn), or a decorator argument (spanOrOptions)");
  }
  // Validate now so that a bad option fails where the decorator is written.
  check(a, "@traced");
  return (x: unknown, y: unknown, z: unknown) => decorate(a, x, y, z);
}
