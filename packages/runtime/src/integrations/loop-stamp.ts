/**
 * The loop stamp: how long ago the main thread's event loop last turned. An unref'd interval
 * timer writes the time into a SharedArrayBuffer each time it runs; a stalled loop runs no timer,
 * so the stamp ages. The watchdog's worker reads it from its own thread; a dump (CLI, signal)
 * reads it to say how long the loop has been blocked.
 *
 * Opt-in: nothing here runs until `startLoopStamp` is called (by the watchdog). Without it a
 * blocked loop is still detected (the dump lands on top of the running JavaScript) but its
 * duration is unknown; see docs/cli.md "Blocked loop".
 */
import { performance } from "node:perf_hooks";
import { setInterval as realSetInterval } from "node:timers";

interface Stamp {
  /** [0]: microseconds since the epoch (performance.timeOrigin + performance.now()) of the last turn */
  readonly cells: BigInt64Array;
  readonly intervalMs: number;
}

let stamp: Stamp | undefined;

function nowMicros(): bigint {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
}

/**
 * Start stamping every `intervalMs` (the first caller's interval wins; later callers with a
 * shorter one get a second, faster timer). Returns the shared cells for a reader thread.
 */
export function startLoopStamp(intervalMs: number): { buffer: SharedArrayBuffer; intervalMs: number } {
  if (stamp === undefined || intervalMs < stamp.intervalMs) {
    const cells = stamp?.cells ?? new BigInt64Array(new SharedArrayBuffer(8));
    Atomics.store(cells, 0, nowMicros());
    const timer = realSetInterval(() => Atomics.store(cells, 0, nowMicros()), intervalMs);
    timer.unref();
    stamp = { cells, intervalMs };
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
