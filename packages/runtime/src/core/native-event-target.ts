/**
 * Make the runtime's worker threads with Node's own `addEventListener`, not zone.js's.
 *
 * zone.js's browser bundle (`import "zone.js"`, what an Angular test setup loads; under jest's
 * node environment, or in a plain Node process) patches the global `EventTarget.prototype`, which
 * in Node is also under a worker's `MessagePort`. The listener Node adds on the port while the
 * `Worker` is constructed then went through zone.js's dispatcher, which throws for it ("Cannot read
 * properties of undefined (reading 'false')") at the port's first message: an uncaught error in
 * the test that happened to run then, in a program that made no worker of its own (found auditing
 * zone.js 0.15 under jest, 2026-12-06; test/runtime/zone-js.test.ts). zone.js keeps the originals
 * as `__zone_symbol__addEventListener` and `__zone_symbol__removeEventListener` on the prototype it
 * patched: they are put back for the construction only, so that the port's listeners are Node's
 * (zone.js's own removal falls back to the native one for listeners it did not add).
 */

const NAMES = ["addEventListener", "removeEventListener"] as const;

/** `make()`, with the prototype zone.js patched above `MessagePort.prototype` unpatched meanwhile. */
export function withNativeEventTarget<T>(portPrototype: object | undefined, make: () => T): T {
  const patched = zonePatchedPrototype(portPrototype);
  if (patched === undefined) return make();
  const proto = patched as Record<string, unknown>;
  const saved: Array<[string, unknown]> = [];
  try {
    for (const name of NAMES) {
      const original = proto[`__zone_symbol__${name}`];
      if (typeof original === "function" && proto[name] !== original) {
        saved.push([name, proto[name]]);
        proto[name] = original;
      }
    }
  } catch {
    // A frozen prototype: left as it is.
  }
  try {
    return make();
  } finally {
    for (const [name, value] of saved) proto[name] = value;
  }
}

/** The prototype on `start`'s chain with zone.js's saved original `addEventListener`, if any. */
function zonePatchedPrototype(start: object | undefined): object | undefined {
  try {
    for (let p = start; p !== undefined && p !== null; p = (Object.getPrototypeOf(p) as object | null) ?? undefined) {
      if (Object.hasOwn(p, "__zone_symbol__addEventListener")) return p;
    }
  } catch {
    // A proxy in the chain: nothing to do.
  }
  return undefined;
}
