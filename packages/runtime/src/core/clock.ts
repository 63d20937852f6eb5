/**
 * Time sources. Every span reads the clock once when it starts, so the clock's cost is paid on
 * every await; the default is the precise clock, and a coarse clock (a worker thread stamping a
 * shared buffer) can be chosen where that read must be nearly free.
 */
import { performance } from "node:perf_hooks";

/** A clock returns milliseconds as a float; only differences between readings matter. */
export type Clock = () => number;

export const preciseClock: Clock = () => performance.now();

let coarse: Clock | undefined;

/**
 * A clock read from shared memory that a worker thread updates every `resolutionMs`.
 * Reading it costs a memory load instead of a system call; the price is its resolution.
 * Falls back to the precise clock when workers or SharedArrayBuffer are unavailable.
 */
export function coarseClock(resolutionMs = 1): Clock {
  if (coarse !== undefined) return coarse;
  try {
    // Loaded lazily so that processes that never ask for it never pay for a worker.
    const { Worker } = require("node:worker_threads") as typeof import("node:worker_threads");
    const buffer = new SharedArrayBuffer(8);
    const cell = new Float64Array(buffer);
    const origin = performance.timeOrigin;
    cell[0] = performance.now();
    const source = `
      const { workerData } = require("node:worker_threads");
      const { performance } = require("node:perf_hooks");
      const cell = new Float64Array(workerData.buffer);
      const lock = new Int32Array(new SharedArrayBuffer(4));
      const shift = performance.timeOrigin - workerData.origin;
      for (;;) { cell[0] = performance.now() + shift; Atomics.wait(lock, 0, 0, workerData.resolutionMs); }
    `;
    const worker = new Worker(source, { eval: true, workerData: { buffer, origin, resolutionMs } });
    worker.unref();
    coarse = () => cell[0] as number;
  } catch {
    coarse = preciseClock;
  }
  return coarse;
}

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
export let now: Clock = preciseClock;

/**
 * Choose the process's clock: "precise" (performance.now), "coarse" (shared-memory clock updated
 * by a worker every millisecond), or any function returning milliseconds (tests use `ManualClock`).
 */
export function setClock(clock: Clock | "precise" | "coarse"): void {
  if (clock === "precise") now = preciseClock;
  else if (clock === "coarse") now = coarseClock();
  else if (typeof clock === "function") now = clock;
  else throw new TypeError(`setClock expects "precise", "coarse" or a function, got ${String(clock)}`);
}
