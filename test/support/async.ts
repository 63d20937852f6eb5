/** Small async helpers for tests. */

/** Let every queued microtask and one macrotask run. */
export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export const never = <T = never>(): Promise<T> => new Promise<T>(() => {});

/** A promise with its resolve/reject functions. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Replace elapsed times with `<t>` so that trees from real clocks can be compared. */
export const maskTimes = (text: string): string => text.replace(/\[(!!! )?[0-9]+\.[0-9]{3}(ns|µs|ms|s)\]/g, "[$1<t>]");
