/** Whether a value may be a thenable, told without running any of the program's code. */
import { types } from "node:util";

/**
 * False only when `v` is certainly not a thenable: a primitive, or an object whose prototype chain
 * holds no `then` property. Decided from property descriptors, never by reading `then`: the
 * program's own `await` reads it once, and a `then` getter (or a Proxy's `get` trap) must run just
 * as often with the runtime as without (`instrumentAwait` read it once more until 2026-12-06: the
 * lazy thenables audit). An accessor `then`, or a Proxy on the chain (whose traps would run), may
 * be one: true.
 */
export function mayBeThenable(v: unknown): boolean {
  if ((typeof v !== "object" && typeof v !== "function") || v === null) return false;
  try {
    for (let o: object | null = v, n = 0; o !== null && n < 64; o = Object.getPrototypeOf(o) as object | null, n++) {
      if (types.isProxy(o)) return true;
      const d = Object.getOwnPropertyDescriptor(o, "then");
      if (d === undefined) continue;
      return "value" in d ? typeof d.value === "function" : true;
    }
    return false;
  } catch {
    return false;
  }
}
