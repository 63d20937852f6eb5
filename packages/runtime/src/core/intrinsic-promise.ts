/**
 * The realm's own `Promise`, the one async functions return, whatever the global `Promise` is.
 *
 * A program may replace the global (`global.Promise = require("bluebird")`, zone.js's
 * `ZoneAwarePromise`, a polyfill); async functions and `await` keep making promises of the
 * intrinsic one. The runtime tells the promises of async functions by their prototype: read from
 * the global at each check, a replaced global made every such promise look foreign, so that frames
 * of untransformed code ended at once (an empty dump while `Svc.hang()` was pending) and
 * transformed frames were never tagged for their awaiters (found auditing promise libraries,
 * 2026-12-05; test/runtime/replaced-global-promise.test.ts).
 *
 * Read once, when the runtime loads, from the result of an empty async function: the only promise
 * the runtime itself creates. Not from the global, even when its source reads `[native code]`:
 * zone.js patches `Function.prototype.toString` so that its `ZoneAwarePromise` (and every function
 * it patched) reads as native, and core-js does the same for its polyfills. Loaded before the
 * runtime (Angular's polyfills), zone.js's promise was taken for the intrinsic one and every
 * untransformed traced frame ended at once again (found auditing zone.js 0.15, 2026-12-06;
 * test/runtime/zone-js.test.ts).
 */

function intrinsicPromise(): PromiseConstructor {
  const made = (async () => {})();
  return (Object.getPrototypeOf(made) as { constructor: PromiseConstructor }).constructor;
}
/** The intrinsic `Promise` (for `resolve`). */
export const IntrinsicPromise: PromiseConstructor = intrinsicPromise();
/** The prototype of every promise an async function returns. */
export const intrinsicPromisePrototype: object = IntrinsicPromise.prototype;
/** `then` as the intrinsic prototype held it when the runtime loaded, called on its promises only. */
export const intrinsicThen: Promise<unknown>["then"] = IntrinsicPromise.prototype.then;
