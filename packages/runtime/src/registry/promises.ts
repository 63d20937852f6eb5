/** Observing promises without disturbing them. */
import { types } from "node:util";

const nativeThen = Promise.prototype.then;

/** A promise made by this realm's `Promise` (not a subclass, not a foreign thenable). */
export function isNativePromise(v: unknown): v is Promise<unknown> {
  return types.isPromise(v) && Object.getPrototypeOf(v) === Promise.prototype;
}

/**
 * Call `done` once `p` settles, with the intrinsic `then` (never a user override). The reaction
 * swallows the rejection on its own derived promise only.
 */
export function observeSettled(p: Promise<unknown>, done: () => void): void {
  const run = (): void => {
    try {
      done();
    } catch {
      // Instrumentation failures never reach the program.
    }
  };
  nativeThen.call(p, run, run);
}

export function isThenable(v: unknown): boolean {
  if ((typeof v !== "object" && typeof v !== "function") || v === null) return false;
  try {
    return typeof (v as { then?: unknown }).then === "function";
  } catch {
    return false;
  }
}
