/**
 * The loop stamp: how long ago the main thread's event loop last turned. An unref'd interval
 * timer writes the time into a SharedArrayBuffer each time it runs; a stalled loop runs no timer,
 * so the stamp ages. The watchdog's worker reads it from its own thread; a dump (CLI, signal)
 * reads it to say how long the loop has been blocked.
 *
 * Started on the main thread when the runtime publishes itself (integrations/from-env.ts; off
 * with `AWAIT_TREE_LOOP_STAMP=0`), every 500 ms (from-env.ts says why), or faster for the
 * watchdog. Without it a blocked loop is still detected (the dump lands on top of the running JavaScript) but its duration is
 * unknown; see docs/cli.md "Blocked loop". The timer is `node:timers`' own (taken when this module
 * loads: fake timers installed later do not replace it) and unref'd (it never keeps the process
 * alive).
 */
import { performance } from "node:perf_hooks";
import { setInterval as realSetInterval } from "node:timers";

interface Stamp {
  /** [0]: microseconds since the epoch (performance.timeOrigin + performance.now()) of the last turn */
  readonly cells: BigInt64Array;
  readonly intervalMs: number;
  readonly timer: NodeJS.Timeout;
}

let stamp: Stamp | undefined;

/**
 * Where the CLI reads the stamp: `globalThis[Symbol.for("await-tree.loop-stamp")].stalledMs()`,
 * published by the first loop stamp of a realm (independent of the process-wide runtime object,
 * so that any copy's stamp serves).
 */
export const LOOP_STAMP_KEY: unique symbol = Symbol.for("await-tree.loop-stamp") as never;

function nowMicros(): bigint {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
}

/**
 * Start stamping every `intervalMs` (a later caller asking for a shorter period replaces the
 * timer with a faster one). Returns the shared cells for a reader thread.
 */
export function startLoopStamp(intervalMs: number): { buffer: SharedArrayBuffer; intervalMs: number } {
  if (stamp === undefined || intervalMs < stamp.intervalMs) {
    const cells = stamp?.cells ?? new BigInt64Array(new SharedArrayBuffer(8));
    Atomics.store(cells, 0, nowMicros());
    stamp?.timer.close();
    const timer = realSetInterval(() => Atomics.store(cells, 0, nowMicros()), intervalMs);
    timer.unref();
    stamp = { cells, intervalMs, timer };
    const g = globalThis as Record<symbol, unknown>;
    if (g[LOOP_STAMP_KEY] === undefined) {
      try {
        Object.defineProperty(g, LOOP_STAMP_KEY, {
          value: Object.freeze({ stalledMs: loopStalledMs }),
          configurable: true,
        });
      } catch {
        // a frozen global: the dump then says the duration is unknown
      }
    }
  }
  return { buffer: stamp.cells.buffer as SharedArrayBuffer, intervalMs: stamp.intervalMs };
}

/** Milliseconds since the loop last turned, or undefined when no loop stamp runs. */
export function loopStalledMs(): number | undefined {
  if (stamp === undefined) return undefined;
  return Number(nowMicros() - Atomics.load(stamp.cells, 0)) / 1000;
}

/** Read the stamp from any thread: milliseconds since the last turn recorded in `buffer`. */
export function stalledMsOf(cells: BigInt64Array): number {
  return Number(nowMicros() - Atomics.load(cells, 0)) / 1000;
}
