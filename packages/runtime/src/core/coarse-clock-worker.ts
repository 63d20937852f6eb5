/**
 * The coarse clock's worker: its program (a string, evaluated by the `Worker`), what it is given,
 * and the layout of the memory it shares with the main thread. coarse-clock.ts starts it, wakes it
 * and refreshes the cell; the reasons for the design (why it sleeps, why its tick grows, why the
 * time never goes back) are written at the top of that file.
 */
import { performance } from "node:perf_hooks";

/** Layout of the shared `Float64Array` cell. */
export const TIME = 0;
/** `cell[STATE]`: what a reader may do. */
export const STATE = 1;
/**
 * `cell[REFRESHES]`: how many times the main thread read the precise clock itself and published it
 * in the cell (`refreshCoarse`, at each task's start); the worker reads it to choose its tick.
 */
export const REFRESHES = 2;
/** The cell's size in bytes (three float64 slots). */
export const CELL_BYTES = 24;
/** No stamp yet (the worker is starting, or cannot run): read another clock. */
export const STAMP_NONE = 0;
/** The worker is stamping: `cell[TIME]` is at most a tick old. */
export const STAMP_FRESH = 1;
/** The worker is asleep: `cell[TIME]` is stale; wake it and read the precise clock. */
export const STAMP_ASLEEP = 2;

/** Values of the worker's control word (an `Int32Array` of one element, waited on). */
export const RUNNING = 1;
export const ASLEEP = 2;
export const WAKING = 3;

/** Tick of the worker (the clock's resolution). */
export const RESOLUTION_MS = 1;
/**
 * Longest tick, while the main thread's refreshes (tasks' starts) keep the cell fresh, at least one
 * per `RESOLUTION_MS`: a busy server then wakes the worker 125 times a second instead of 1,000.
 */
export const MAX_TICK_MS = 8;
/** Shortest and longest time the worker stays awake without knowing whether it is read. */
export const MIN_AWAKE_MS = 50;
export const MAX_AWAKE_MS = 500;

/**
 * The worker's program, evaluated from this string (`eval: true`): no file to resolve, so a
 * bundle that does not contain one, or a bundler that rewrites `require` calls in the code it sees
 * (esbuild's ES module output turns them into a `__require` that throws), cannot break it.
 * Its time is made the main thread's: both threads' `performance.now()` count from their own
 * start on the same monotonic clock as `process.hrtime()`, so the difference of
 * `hrtime - performance.now()` between the threads is the shift (the wall clock, which the time
 * origins come from, is not involved: a suspended laptop or a stepped clock would skew it).
 */
export const WORKER_SOURCE = `
"use strict";
const { workerData } = require("node:worker_threads");
const cell = new Float64Array(workerData.cell);
const bits = new BigInt64Array(workerData.cell);
const control = new Int32Array(workerData.control);
// The least hrtime - performance.now() can be here (hrtime read before performance.now()).
function hrMinusNowLow() {
  let best = Infinity, low = 0;
  for (let i = 0; i < 8; i++) {
    const a = process.hrtime(), p = performance.now(), b = process.hrtime();
    const before = a[0] * 1e3 + a[1] / 1e6, after = b[0] * 1e3 + b[1] / 1e6;
    if (after - before < best) { best = after - before; low = before - p; }
  }
  return low;
}
// Never more than the real shift: a stamp is never ahead of the main thread's precise clock.
const shift = hrMinusNowLow() - workerData.baseHigh;
const { resolutionMs, maxTickMs, minAwakeMs, maxAwakeMs } = workerData;
const scratch = new Float64Array(1), scratchBits = new BigInt64Array(scratch.buffer);
// cell[TIME] = max(cell[TIME], t): the main thread may have published a later reading.
function stamp(t) {
  let seen = Atomics.load(bits, ${TIME});
  for (;;) {
    scratchBits[0] = seen;
    if (scratch[0] >= t) return;
    scratch[0] = t;
    const was = Atomics.compareExchange(bits, ${TIME}, seen, scratchBits[0]);
    if (was === seen) return;
    seen = was;
  }
}
let awakeMs = minAwakeMs;
for (;;) {
  let t = performance.now();
  stamp(t + shift);
  cell[${STATE}] = ${STAMP_FRESH};
  const until = t + awakeMs;
  // The tick doubles (up to maxTickMs) while the main thread refreshed the cell itself at least
  // once per resolution over the last one, and is the resolution again at the first that it did not.
  // The count is read with a plain load: a value torn by a racing store misleads one tick's choice.
  let tick = resolutionMs, refreshes = cell[${REFRESHES}];
  while (t < until) {
    Atomics.wait(control, 0, ${RUNNING}, tick);
    t = performance.now();
    stamp(t + shift);
    const r = cell[${REFRESHES}];
    tick = r - refreshes >= tick / resolutionMs ? Math.min(tick * 2, maxTickMs) : resolutionMs;
    refreshes = r;
  }
  Atomics.store(control, 0, ${ASLEEP});
  cell[${STATE}] = ${STAMP_ASLEEP};
  // Until a reader wakes us; "not-equal" at once if one already did.
  Atomics.wait(control, 0, ${ASLEEP});
  const sleptMs = performance.now() - t;
  awakeMs = sleptMs < awakeMs ? Math.min(awakeMs * 2, maxAwakeMs) : minAwakeMs;
  Atomics.store(control, 0, ${RUNNING});
}
`;

/**
 * The most `process.hrtime()` minus `performance.now()` can be in this thread, in milliseconds:
 * the monotonic time of the thread's origin, as an upper bound. Each sample reads hrtime on both
 * sides of `performance.now()`; the narrowest of a few is kept (the first calls of a thread may be
 * slow: an error of 90 µs was seen). The worker takes the lower bound of its own, so its shift is
 * never more than the real one and its stamps never ahead of this thread's precise clock (a
 * snapshot would show a span that started on such a stamp as `0.000ns` old). The worker's program
 * has the same function, written out (not `toString()` of this one: a coverage tool or a minifier
 * may rewrite this one with references to its own globals).
 */
function hrMinusNowHigh(): number {
  let best = Number.POSITIVE_INFINITY;
  let high = 0;
  for (let i = 0; i < 8; i++) {
    const a = process.hrtime();
    const p = performance.now();
    const b = process.hrtime();
    const before = a[0] * 1e3 + a[1] / 1e6;
    const after = b[0] * 1e3 + b[1] / 1e6;
    if (after - before < best) {
      best = after - before;
      high = after - p;
    }
  }
  return high;
}

/** What the worker's program is given (with its cell and control word). */
export function coarseWorkerData(cell: Float64Array, control: Int32Array): Record<string, unknown> {
  return {
    cell: cell.buffer,
    control: control.buffer,
    baseHigh: hrMinusNowHigh(),
    resolutionMs: RESOLUTION_MS,
    maxTickMs: MAX_TICK_MS,
    minAwakeMs: MIN_AWAKE_MS,
    maxAwakeMs: MAX_AWAKE_MS,
  };
}
