/**
 * The coarse clock's thread: a worker that stamps the time into shared memory every millisecond
 * (less often while tasks start often, below) while the clock is being read, and sleeps (blocked
 * in `Atomics.wait`, no CPU at all) once it has not been needed for a while. The reader (`coarseClock` in clock.ts) stays one memory load on the
 * hot path; it takes the slow branch only when the worker is asleep, and that branch wakes it.
 *
 * Why it sleeps: a worker waking up every millisecond costs 18-55 ms of CPU per second (measured:
 * docs/performance.md, "The clock"), even in a process that recorded one span an hour ago. The
 * worker cannot see the reads (a store per read would cost the hot path), so it stays awake for a
 * window and then goes to sleep; a read that finds it asleep wakes it and takes a precise
 * reading meanwhile. The window doubles (up to `MAX_AWAKE_MS`) each time the worker is woken again
 * sooner than the window it just ended, so a busy process re-wakes it about twice a second, and
 * goes back to `MIN_AWAKE_MS` after a longer sleep; an idle process stops costing anything at most
 * `MAX_AWAKE_MS` after its last reading.
 *
 * Why it ticks less often in a busy server: each tick costs the worker's thread about 12-18 µs on
 * the machines measured (a futex time-out and a wake-up), 16 ms of CPU per second at one tick a
 * millisecond, a third of what tracing added to P5's server's CPU per request (docs/performance.md,
 * "The clock"). A task's start reads the precise clock and publishes it in the cell (clock.ts
 * `stampRoot`, through `refreshCoarse`), and counts it in `cell[REFRESHES]`. While tasks start at
 * least once a millisecond (a server's requests, automatic roots: P5's server starts about 12 a
 * millisecond), the worker's tick doubles up to `MAX_TICK_MS`; at the first tick that saw fewer, it
 * is one millisecond again. Readings between two task starts then come from the last one's time,
 * or the worker's stamp: at most `MAX_TICK_MS` old when tasks start in bursts with gaps between.
 *
 * Why the time never goes back: while the worker is not stamping (starting, asleep, waking up),
 * readings come from the main thread (`Date.now()` while it starts, `performance.now()` while it
 * wakes), and the worker's next stamp could be earlier than one of them: it may have read its time
 * just before the main thread took a reading, or have been preempted between reading its time and
 * marking the cell fresh. So each such reading is published in `cell[TIME]` itself (a plain store:
 * only the main thread reads the cell, and it never saw a value it overwrites), and the worker
 * raises `cell[TIME]` only by a compare-exchange that keeps the larger value. Every value the main
 * thread reads after handing one out is then at least that one. And no reading is ahead of the
 * precise clock (a snapshot's time): the worker's shift is the lower bound of its calibration, the
 * wall clock's readings count from a base one millisecond late (`Date.now()` is truncated).
 */
import { performance } from "node:perf_hooks";
import type { Worker } from "node:worker_threads";
import * as WorkerProgram from "./coarse-clock-worker";
import { withNativeEventTarget } from "./native-event-target";
import { outsideZones } from "./outside-zones";
import { RUNTIME_THREAD_NAMES } from "./thread-names";

// Module constants, which V8 folds into the code of a task's start (`refreshCoarse`): an imported
// binding is a load through the other module's exports object at every use.
const { ASLEEP, CELL_BYTES, coarseWorkerData, REFRESHES, RUNNING, STAMP_NONE, STATE, TIME, WAKING, WORKER_SOURCE } =
  WorkerProgram;

/**
 * The host's clocks and microtask queue as they were when the runtime loaded. Fake timers
 * installed later (sinon's, `vi.useFakeTimers()`, jest's) replace the global `Date` and
 * `queueMicrotask`, and give node:perf_hooks' `performance` an own `now`: a task's start and the
 * readings before the worker's first stamp must not read the fake time (a 2 s test's call showed
 * `[!!! 3945.770s]`), nor the worker's start queue on the fake clock. Installed before the runtime
 * loads, they are what it gets. (`setClock("precise")` reads `performance.now()` as it is then.)
 */
export const dateNow: () => number = Date.now;
export const perfNow: () => number = performance.now.bind(performance);
const hostQueueMicrotask = queueMicrotask;

/**
 * The coarse clock's state (one holder object, read by the hot path: see clock.ts).
 * Written only here: `cell`/`control` by `startCoarse` (and cleared by `stopCoarse`), `state`
 * by `startCoarse`, `stopCoarse` and the failure handler, `wallBase` by `startCoarse`.
 */
export const coarse = {
  /** The shared cell ([TIME] the time on the main thread's origin, [STATE] one of STAMP_*). */
  cell: undefined as Float64Array | undefined,
  /** The worker's control word (RUNNING, ASLEEP, WAKING). */
  control: undefined as Int32Array | undefined,
  /** 0: not started; 1: started; -1: cannot run here (the process reads the precise clock). */
  state: 0,
  /**
   * `Date.now()` minus this is `performance.now()` (as of the start): the readings before the
   * worker's first stamp come from `Date.now()`, a builtin call small enough to inline.
   */
  wallBase: performance.timeOrigin,
  /** Why the coarse clock does not run, when it does not. */
  failure: undefined as string | undefined,
};

/** The worker while it runs (`stopCoarse` ends it). */
let thread: Worker | undefined;

/** Called when the coarse clock cannot run, with the reason (clock.ts switches to the precise clock). */
let onFailure: (reason: string) => void = () => {};

export function whenCoarseFails(handler: (reason: string) => void): void {
  onFailure = handler;
}
/**
 * The base of the readings taken from the wall clock while the worker starts: `Date.now()` minus
 * it is `performance.now()`, less up to 2 ms, never more. `Date.now()` truncates to the
 * millisecond, so `Date.now() - performance.now()` is up to 1 ms under the real offset, and
 * readings based on it up to 1 ms ahead of the precise clock: a span started on one and shown at
 * once was `0.000ns` old (test/runtime/young-spans.test.ts). Read in this order (the precise clock
 * first), the base plus 1 ms is never under the real offset.
 */
export function wallClockBase(): number {
  const p = perfNow();
  return dateNow() + 1 - p;
}

/**
 * Start the worker (once per process). Where it cannot run (no workers in this environment, a
 * permission model without `--allow-worker`, a bundle whose `require` of Node built-ins throws),
 * the clock becomes the precise one and says so once (`AwaitTreeWarning`).
 */
export function startCoarse(): void {
  if (coarse.state !== 0) return;
  // The worker, its listeners and the start's microtasks are no task of the program's zone.
  outsideZones(startWorker);
}

function startWorker(): void {
  coarse.state = -1;
  coarse.wallBase = wallClockBase();
  try {
    const cell = new Float64Array(new SharedArrayBuffer(CELL_BYTES));
    const control = new Int32Array(new SharedArrayBuffer(4));
    control[0] = RUNNING;
    // Loaded here, not imported: loading node:worker_threads takes milliseconds, which a process
    // that never records a span should not pay. Through getBuiltinModule, not `require`: the
    // runtime's ES module build and bundles of it have no `require` (esbuild's ES module output
    // turns one into a `__require` that throws "Dynamic require of ... is not supported").
    const { MessagePort, Worker } = process.getBuiltinModule("node:worker_threads");
    const worker = withoutTicks(() =>
      withNativeEventTarget(
        MessagePort.prototype,
        () =>
          new Worker(WORKER_SOURCE, {
            eval: true,
            // So that `await-tree dump` knows it for the runtime's own, and does not ask it.
            name: RUNTIME_THREAD_NAMES.coarseClock,
            workerData: coarseWorkerData(cell, control),
            // Not piped to the process's streams: piping schedules ticks (and the worker prints nothing).
            stdout: true,
            stderr: true,
            // Not the program's options, nor its environment: a worker inherits both, so the
            // program's `--require`/`--import` preloads (a user's script, the transformer's register
            // hook), given on the command line or in NODE_OPTIONS, ran again in this thread, and
            // what they printed went to its unread stdout/stderr, which then kept the process from
            // exiting (test/runtime/clock-worker.test.ts). The clock reads no option and no variable.
            execArgv: [],
            env: {},
          }),
      ),
    );
    worker.once("error", (e: Error) => fail(`its thread stopped (${e.message})`));
    // It never ends by itself: an exit (the thread terminated from outside) would leave a stamp
    // that no longer moves.
    worker.once("exit", (code: number) => fail(`its thread exited (code ${code})`));
    worker.unref();
    thread = worker;
    coarse.cell = cell;
    coarse.control = control;
    coarse.state = 1;
  } catch (e) {
    fail(`its thread could not start (${e instanceof Error ? e.message : String(e)})`);
  }
}

/**
 * Stop the worker for good, quietly (not a failure: no warning): the realm this copy serves is
 * ending (a test file's sandbox, integrations/core/sandbox.ts). Nothing starts it again; the
 * clock's readers go to the precise clock (clock.ts `stopCoarseClock`).
 */
export function stopCoarse(why: string): void {
  const worker = thread;
  thread = undefined;
  coarse.state = -1;
  coarse.failure ??= why;
  const cell = coarse.cell;
  if (cell !== undefined) cell[STATE] = STAMP_NONE;
  coarse.cell = undefined;
  coarse.control = undefined;
  if (worker === undefined) return;
  outsideZones(() => endWorker(worker));
}

function endWorker(worker: Worker): void {
  // Its `exit` is no failure now: the listeners go first. An `error` still to come (a thread that
  // failed to start) must find a listener, or it would be thrown as an uncaught exception.
  worker.removeAllListeners("error");
  worker.removeAllListeners("exit");
  worker.on("error", () => {});
  worker.terminate().catch(() => {
    // Already gone: nothing to stop.
  });
}

function fail(why: string): void {
  coarse.state = -1;
  const cell = coarse.cell;
  if (cell !== undefined) cell[STATE] = STAMP_NONE;
  coarse.cell = undefined;
  if (coarse.failure !== undefined) return;
  coarse.failure = why;
  onFailure(why);
}

/**
 * The slow branch of a reading while the worker sleeps: wake it (only the reading that finds it
 * asleep notifies; the others see WAKING or RUNNING) and read the precise clock until it stamps.
 * The reading is published in the cell, so that the worker's first stamp is not earlier (see the
 * top of this file); a stamp or an earlier reading later than it (by a worker's rounding) is
 * returned instead, so that readings never go back.
 */
export function wakeCoarse(): number {
  const control = coarse.control;
  if (control !== undefined && Atomics.compareExchange(control, 0, ASLEEP, WAKING) === ASLEEP) {
    Atomics.notify(control, 0, 1);
  }
  const cell = coarse.cell;
  return cell === undefined ? perfNow() : publishPrecise(cell);
}

/**
 * A reading of the precise clock by the main thread, published in the cell and counted: a task's
 * start (clock.ts `stampRoot`). While they come at least once a millisecond the worker ticks less
 * often (see the worker's program and the top of this file).
 */
export function refreshCoarse(cell: Float64Array): number {
  cell[REFRESHES] = (cell[REFRESHES] as number) + 1;
  return publishPrecise(cell);
}

/**
 * The precise clock's reading, published in the cell (a plain store: see the top of this file),
 * or the cell's time when that is later (a worker's rounding), so that readings never go back.
 */
function publishPrecise(cell: Float64Array): number {
  const t = perfNow();
  const last = cell[TIME] as number;
  if (last >= t) return last;
  cell[TIME] = t;
  return t;
}

/**
 * Run `make` with `process.nextTick` sending its callbacks to the microtask queue instead. The
 * Worker constructor schedules a tick (to emit the process's `worker` event), and so does
 * `process.emitWarning`; a pending tick makes Node drain the microtasks of the current turn from
 * `processTicksAndRejections`, so every stack captured in them (an uncaught error's included)
 * would gain a `process.processTicksAndRejections` frame that the program without instrumentation
 * never shows. `queueMicrotask` runs the same callback in the same turn, without that frame.
 */
export function withoutTicks<T>(make: () => T): T {
  const original = process.nextTick;
  process.nextTick = ((callback: (...args: unknown[]) => void, ...args: unknown[]): void => {
    hostQueueMicrotask(() => callback(...args));
  }) as typeof process.nextTick;
  try {
    return make();
  } finally {
    process.nextTick = original;
  }
}
