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
import * as State from "./state";

// The current span lives in state.ts (with the rest of the process-wide state); re-exported
// by name for the modules that read it with the functions below.
const ctx = State.ctx;

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
  // Restored by its handle: a task `fn` ends may have freed that slot for another span (ends.ts `notCurrent`).
  const prev = ctx.current === 0 ? 0 : handleOf(ctx.current);
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
    ctx.current = prev === 0 ? 0 : fromHandle(prev);
  }
}

/**
 * `runIn` without a function of its own, for the `@traced` wrapper, which calls the user's function
 * itself (one call site for every mode, so that stack traces are the same with and without the
 * transformer): `enterSpan` makes `id` current (and the async context's span) and returns what
 * `leaveSpan` restores when the call returns or throws. `createContext: false` as for `runIn`.
 */
export interface Entered {
  /** The handle of the span current before (0: none), restored only if it has not ended meanwhile. */
  prev: number;
  store: number | undefined;
  als: AsyncLocalStorage<number> | undefined;
}

export function enterSpan(id: number, createContext = true): Entered {
  const prev = ctx.current === 0 ? 0 : handleOf(ctx.current);
  ctx.current = id;
  let als: AsyncLocalStorage<number> | undefined;
  let store: number | undefined;
  if (ctx.alsEnabled && (createContext || ctx.als !== undefined)) {
    als = ctx.als;
    if (als === undefined) {
      als = new AsyncLocalStorage<number>();
      ctx.als = als;
    }
    store = als.getStore();
    // `run` would add two frames between the wrapper and the user's function.
    als.enterWith(handleOf(id));
  }
  return { prev, store, als };
}

export function leaveSpan(e: Entered): void {
  ctx.current = e.prev === 0 ? 0 : fromHandle(e.prev);
  // The context the caller had: what `run` restores when its function returns.
  if (e.als !== undefined) e.als.enterWith(e.store as number);
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
