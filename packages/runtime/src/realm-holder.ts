/**
 * Where the runtime defines its realm-wide entries (`Symbol.for("await-tree.runtime")`, the loop
 * stamp, the integrations' started mark): on the global object's prototype, not on the global
 * object itself. Every reader (the CLI's dump expression, the watchdog thread, another copy of
 * the runtime, older ones included) reads `globalThis[key]`, which finds them there; but they are
 * not own properties of the program's global object, which leak checks list: @hapi/lab compares
 * `Object.getOwnPropertySymbols(globalThis)` with a fresh thread's and failed every run that
 * loaded the runtime (an audit of hapi with lab 26, 2026-12-05). In Node.js that prototype is an
 * object of the realm's own (its only property is `constructor`), in each vm context and worker
 * too. Where it is missing, `Object.prototype` itself (which every object would inherit from) or
 * not extensible, the global object is used, as before.
 */
export function realmHolder(): object {
  try {
    const proto: unknown = Object.getPrototypeOf(globalThis);
    if (typeof proto === "object" && proto !== null && proto !== Object.prototype && Object.isExtensible(proto)) {
      return proto;
    }
  } catch {
    // a Proxy global whose trap throws: the global object itself
  }
  return globalThis;
}
