/**
 * Time sources. Every span reads the clock once when it starts, so the clock's cost is paid on
 * every await. Reading `performance.now()` costs about 45 ns here (Node 20, 22 and 24 alike), as
 * much as the await itself; so the default is the coarse clock: a worker thread stamps a shared
 * buffer every millisecond and a reading is one memory load (like the Rust crate's coarse clock).
 * The worker starts on the first span of the process and costs about 2-3% of a core (a wake-up
 * every millisecond). `setClock("precise")` gives sub-millisecond times at the price of the read.
 */
import { performance } from "node:perf_hooks";

/** A clock returns milliseconds as a float; only differences between readings matter. */
export type Clock = () => number;

export const preciseClock: Clock = () => performance.now();

/** The coarse clock's state: the shared cell ([0] the time, [1] 1 while the worker stamps it). */
const coarse = {
  cell: undefined as Float64Array | undefined,
  /** 0: not started; 1: started; -1: cannot run here. */
  state: 0,
};

/**
 * Start the coarse clock (once per process): a worker thread writes `performance.now()` (on the
 * main thread's time origin) into shared memory every `resolutionMs`. Where it cannot run (no
 * workers, no SharedArrayBuffer, a permission model), or if it stops, the clock becomes the
 * precise one.
 */
function startCoarse(resolutionMs: number): void {
  if (coarse.state !== 0) return;
  coarse.state = -1;
  try {
    // Loaded lazily so that processes that never record a span never pay for a worker; through
    // getBuiltinModule, not `require`: the ES module build and bundles have no `require`.
    const { Worker } = process.getBuiltinModule("node:worker_threads");
    const cell = new Float64Array(new SharedArrayBuffer(16));
    const origin = performance.timeOrigin;
    const source = `
      const { workerData } = require("node:worker_threads");
      const { performance } = require("node:perf_hooks");
      const cell = new Float64Array(workerData.buffer);
      const lock = new Int32Array(new SharedArrayBuffer(4));
      const shift = performance.timeOrigin - workerData.origin;
      cell[0] = performance.now() + shift;
      cell[1] = 1;
      for (;;) { Atomics.wait(lock, 0, 0, workerData.resolutionMs); cell[0] = performance.now() + shift; }
    `;
    const worker = withoutTicks(
      () =>
        new Worker(source, {
          eval: true,
          workerData: { buffer: cell.buffer, origin, resolutionMs },
          // Not piped to the process's streams: piping schedules ticks (and the worker prints nothing).
          stdout: true,
          stderr: true,
        }),
    );
    worker.once("error", () => {
      cell[1] = 0;
      if (now === coarseClock) now = preciseClock;
    });
    worker.unref();
    coarse.cell = cell;
    coarse.state = 1;
  } catch {
    coarse.cell = undefined;
  }
  if (coarse.cell === undefined && now === coarseClock) now = preciseClock;
}

/**
 * Run `make` with `process.nextTick` sending its callbacks to the microtask queue instead. The
 * Worker constructor schedules a tick (to emit the process's `worker` event); a pending tick makes
 * Node drain the microtasks of the current turn from `processTicksAndRejections`, so every stack
 * captured in them (an uncaught error's included) would gain a
 * `process.processTicksAndRejections` frame that the program without instrumentation never shows.
 * `queueMicrotask` runs the same callback in the same turn, without that frame.
 */
function withoutTicks<T>(make: () => T): T {
  const original = process.nextTick;
  process.nextTick = ((callback: (...args: unknown[]) => void, ...args: unknown[]): void => {
    queueMicrotask(() => callback(...args));
  }) as typeof process.nextTick;
  try {
    return make();
  } finally {
    process.nextTick = original;
  }
}

/** Milliseconds on the time origin of `performance.now()`, from the wall clock (1 ms resolution). */
const originMs = performance.timeOrigin;

/**
 * The coarse clock, and the default: one read of shared memory. The first reading of the process
 * starts the worker; until its first stamp (some milliseconds) readings come from `Date.now()`,
 * whose resolution is the same millisecond. The branch is a builtin call, not a JS function:
 * inlined at every call site, it stays small (a call to `performance.now()` there took enough of
 * V8's inlining budget to leave `resume` out of the loop that P1 measures).
 */
const coarseClock: Clock = () => {
  const cell = coarse.cell;
  if (cell !== undefined && cell[1] === 1) return cell[0] as number;
  if (coarse.state === 0) startCoarse(1);
  return Date.now() - originMs;
};

/** A clock that only moves when told to; for tests and examples with predictable output. */
export class ManualClock {
  private t = 0;
  readonly now: Clock = () => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
  set(ms: number): void {
    this.t = ms;
  }
}

/** The clock every span reads; one per process because spans move between tasks. */
export let now: Clock = coarseClock;

/**
 * The time of a snapshot (rare, off the hot path). With the coarse clock, the precise time: a span
 * younger than the clock's millisecond would otherwise print as `0.000ns` (a leak report taken as
 * its test ends). Its start is at most one stamp old, so the elapsed time shown is at most a
 * millisecond over the real one, never under it. Other clocks are read as they are.
 */
export function snapshotNow(): number {
  const t = now();
  return now === coarseClock ? Math.max(t, preciseClock()) : t;
}

/**
 * Choose the process's clock: "coarse" (the default: shared memory stamped by a worker every
 * millisecond), "precise" (performance.now), or any function returning milliseconds (tests use
 * `ManualClock`).
 */
export function setClock(clock: Clock | "precise" | "coarse"): void {
  if (clock === "precise") now = preciseClock;
  else if (clock === "coarse") now = coarseClock;
  else if (typeof clock === "function") now = clock;
  else throw new TypeError(`setClock expects "precise", "coarse" or a function, got ${String(clock)}`);
}
