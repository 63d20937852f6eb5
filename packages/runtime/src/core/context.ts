/**
 * The "current" span: the span whose synchronous code is running right now.
 *
 * Transformed code keeps `current` itself (set on entry and every resumption, restored on every
 * suspension), so it needs no global hook. Code that is not transformed cannot see its own
 * resumptions; for it the runtime's entry points also enter an AsyncLocalStorage, created on first
 * use, so a program instrumented only by the transformer never enables AsyncLocalStorage at all.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { fromHandle, handleOf } from "./arena";

const ctx = {
  /** Slot id of the current span, or 0. */
  current: 0,
  /** AsyncLocalStorage holding a span handle, once any untransformed entry point used it. */
  als: undefined as AsyncLocalStorage<number> | undefined,
  /** Whether entry points may use AsyncLocalStorage (see `setAsyncContext`). */
  alsEnabled: true,
  /** True while a dump formats labels: user code run by a label must not create spans. */
  paused: false,
  /**
   * Where work with no other context attaches, or undefined: returns a live slot or 0, and may
   * create it (so a mocha test that never calls traced code costs no span). The mocha integration
   * sets it to "the test running now": mocha runs one test at a time per process, so untransformed
   * test code resumed after an await belongs to that test, found without AsyncLocalStorage.
   */
  fallback: undefined as (() => number) | undefined,
};

export { ctx };

/**
 * The span new work attaches to: the running span, else the async context's, else the fallback,
 * else 0. An async context whose span has ended gives 0, not the fallback: that work is known to
 * belong to a task that is over, and must not be counted in the one that runs now.
 */
export function currentSpan(): number {
  const c = ctx.current;
  if (c !== 0) return c;
  const als = ctx.als;
  if (als !== undefined) {
    const h = als.getStore();
    if (h !== undefined) return fromHandle(h);
  }
  const f = ctx.fallback;
  return f === undefined ? 0 : f();
}

/**
 * Run `fn` with `id` as the current span: synchronously through `ctx.current`, and for its
 * asynchronous continuations through AsyncLocalStorage when enabled. `createContext: false` uses
 * AsyncLocalStorage only if something else already created it: on Node 20 and 22 the first
 * AsyncLocalStorage enables promise hooks, which slow every promise of the process about 3x.
 */
export function runIn<R>(id: number, fn: () => R, createContext = true): R {
  const prev = ctx.current;
  ctx.current = id;
  try {
    if (!ctx.alsEnabled) return fn();
    let als = ctx.als;
    if (als === undefined) {
      if (!createContext) return fn();
      als = new AsyncLocalStorage<number>();
      ctx.als = als;
    }
    return als.run(handleOf(id), fn);
  } finally {
    ctx.current = prev;
  }
}

/**
 * Choose whether untransformed code may use AsyncLocalStorage to find its parent across awaits.
 * Off: only synchronous nesting and transformed code are tracked, and no async hook is ever enabled.
 */
export function setAsyncContext(enabled: boolean): void {
  if (typeof enabled !== "boolean") {
    throw new TypeError(`setAsyncContext expects a boolean, got ${typeof enabled}`);
  }
  ctx.alsEnabled = enabled;
}
