/**
 * The source text a `traced` wrapper shows: that of the function it wraps.
 *
 * Libraries read a function's parameter names from `fn.toString()` (awilix in CLASSIC injection
 * mode, AngularJS-style injectors, get-parameter-names) or ship its text elsewhere to evaluate it.
 * The wrapper's own text (`traced(...args) { ... }`, the runtime's code) told them the parameters
 * were `...args` (awilix then looked for a dependency named `traced`). So each wrapper gets an own,
 * non-enumerable `toString` (as mimic-fn gives its wrappers) that answers with the original's text.
 * `Function.prototype.toString.call(wrapper)` still reads the wrapper: nothing can change that
 * without patching `Function.prototype` for the whole process (docs/transformer.md, Known limits).
 */

type AnyFn = (...args: never[]) => unknown;

/** Wrapper -> the function it wraps (the innermost one, for a wrapper of a wrapper). */
const originals = new WeakMap<object, AnyFn>();
const nativeToString = Function.prototype.toString;

/**
 * One function shared by every wrapper (no closure per wrapper). Named and shaped as
 * `Function.prototype.toString` (name "toString", length 0) and, like it, applicable to any
 * function: `wrapper.toString.call(other)` reads `other`.
 */
const originalSource = {
  toString(this: unknown): string {
    const original = typeof this === "function" ? originals.get(this) : undefined;
    return nativeToString.call(original ?? this);
  },
}.toString;

export function lendSource(wrapper: AnyFn, fn: AnyFn): void {
  originals.set(wrapper, originals.get(fn) ?? fn);
  Object.defineProperty(wrapper, "toString", {
    value: originalSource,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}
