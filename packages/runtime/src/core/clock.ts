/**
 * Time sources. Every span reads the clock once when it starts, so the clock's cost is paid on
 * every await. Reading `performance.now()` costs about 45 ns here (Node 20, 22 and 24 alike), as
 * much as the await itself; so the default is the coarse clock: a worker thread stamps a shared
 * buffer every millisecond while the clock is being read, and a reading is one memory load (like
 * the Rust crate's coarse clock). The worker starts on the first span of the process and sleeps
 * when the process stops reading the clock (coarse-clock.ts), so an idle process pays nothing.
 * `setClock("precise")` gives sub-millisecond times at the price of the read.
 */
import { performance } from "node:perf_hooks";
import {
  coarse as coarseState,
  dateNow as hostDateNow,
  perfNow as hostPerfNow,
  refreshCoarse,
  startCoarse,
  stopCoarse,
  wakeCoarse,
  whenCoarseFails,
  withoutTicks,
} from "./coarse-clock";
import { CELL_BYTES, STAMP_ASLEEP, STAMP_FRESH, STAMP_NONE, STATE, TIME } from "./coarse-clock-worker";

/** A clock returns milliseconds as a float; only differences between readings matter. */
export type Clock = () => number;

export const preciseClock: Clock = () => performance.now();

/** The holder as a module constant (an imported binding is a load through the exports object). */
const coarse = coarseState;
/** `Date.now` as the runtime loaded (fake timers replace the global later: coarse-clock.ts). */
const dateNow = hostDateNow;

/**
 * The coarse clock, and the default: one read of shared memory. The first reading of the process
 * starts the worker; until its first stamp (some milliseconds) readings come from `Date.now()`,
 * whose resolution is the same millisecond (on a base that keeps them behind the precise clock),
 * and are stored in the cell for the worker (its first stamp is then not earlier). Both slow
 * branches are builtin calls or calls V8 does not inline (taken too rarely), so that the reader
 * stays small where it is inlined. Spans do not call it on the hot path: they call `stamp` (below),
 * which reads the cell itself and calls this reader, through `now`, only in its slow branch.
 */
const coarseClock: Clock = () => {
  const cell = coarse.cell;
  if (cell !== undefined) {
    const state = cell[STATE];
    if (state === STAMP_FRESH) return cell[TIME] as number;
    if (state === STAMP_ASLEEP) return wakeCoarse();
  } else if (coarse.state === 0) startCoarse();
  const t = dateNow() - coarse.wallBase;
  // Starting: published, so that the worker's first stamp is not earlier (coarse-clock.ts).
  if (cell !== undefined) cell[TIME] = t;
  return t;
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
 * What `stamp` reads directly: the coarse clock's cell while the coarse clock is the process's
 * clock and has started, else undefined (`stamp` then calls `now`). One constant holder, and the
 * cell's layout as module constants: `now` is a reassignable export and the layout constants are
 * another module's exports, each a load V8 cannot fold, on every await (measured: bench/instructions.mjs,
 * docs/performance.md "The clock on the hot path").
 */
const hot = { cell: undefined as Float64Array | undefined };

const AT_TIME = TIME;
const AT_STATE = STATE;
const FRESH = STAMP_FRESH;
const NONE = STAMP_NONE;

/**
 * The start time of a span, on the hot path: the process's clock (`now`), read in one load of the
 * coarse clock's cell while it stamps. Every other case (another clock, the worker asleep or not
 * started) takes `stampSlow`, which is `now()` and then decides what the next reading may read.
 */
export function stamp(): number {
  const cell = hot.cell;
  if (cell !== undefined && cell[AT_STATE] === FRESH) return cell[AT_TIME] as number;
  return stampSlow();
}

/**
 * `start[id] = stamp()`, for the spans' own writes: the reading goes from the cell to the arena's
 * time array as a raw double. A time returned by a function V8 does not inline is boxed into a new
 * heap number (16 bytes, and work for the garbage collector) on every span; written here, it is not.
 */
export function stampInto(start: Float64Array, id: number): void {
  const cell = hot.cell;
  if (cell !== undefined && cell[AT_STATE] === FRESH) start[id] = cell[AT_TIME] as number;
  else start[id] = stampSlow();
}

/**
 * The start of a task (a registered or an automatic root): while the coarse clock stamps, the
 * precise clock's reading, published in its cell and counted there. A root is one span in many
 * (P5's requests: 1 in 26), so the reading costs little, and a task's own time is the one a
 * dump's first line shows; while tasks start at least once a millisecond, those readings keep the
 * cell fresh and the worker ticks less often (coarse-clock.ts, `refreshCoarse`).
 */
export function stampRoot(): number {
  const cell = hot.cell;
  if (cell !== undefined && cell[AT_STATE] === FRESH) return refreshCoarse(cell);
  return stamp();
}

/**
 * `stamp` when the cell is not fresh. Kept small: while the worker starts (its first stamp takes
 * some milliseconds) every reading comes here, which is when V8 first optimizes a hot traced
 * function, and inlines whatever this calls then into it (at the cost of its inlining budget:
 * measured, 50% of an await on Node 26, docs/performance.md). So the starting clock's reading, the
 * same as `coarseClock`'s, is written out here; waking, starting and other clocks are a call.
 */
function stampSlow(): number {
  const cell = hot.cell; // set only while the coarse clock is the process's clock
  if (cell !== undefined && cell[AT_STATE] === NONE) {
    const t = dateNow() - coarse.wallBase;
    cell[AT_TIME] = t; // published for the worker's first stamp (coarse-clock.ts)
    return t;
  }
  return stampOther();
}

function stampOther(): number {
  const t = now();
  hot.cell = now === coarseClock ? coarse.cell : undefined;
  return t;
}

/**
 * @internal benchmarks only (bench/instructions.mjs): read `cell` as the coarse clock's cell, with
 * no worker stamping it (a count under valgrind, which runs one thread at a time, must not depend
 * on when the worker thread runs). `cell[0]` is the time; the cell is always fresh (a root's start
 * refreshes it from the precise clock, `stampRoot`).
 */
export function readCellWithoutWorker(cell: Float64Array = new Float64Array(CELL_BYTES / 8)): void {
  cell[AT_STATE] = FRESH;
  now = () => cell[AT_TIME] as number;
  hot.cell = cell;
}

/**
 * Where the coarse clock cannot run (a bundle whose `require` of Node built-ins throws, a
 * permission model without `--allow-worker`, an environment without workers), the process reads
 * the precise clock instead, and says so once: the trees stay right, each reading costs more.
 */
whenCoarseFails((why) => {
  if (now === coarseClock) now = preciseClock;
  hot.cell = undefined;
  try {
    withoutTicks(() =>
      process.emitWarning(
        `await-tree: the coarse clock is not available, ${why}; spans read performance.now() instead (correct times, about 45 ns more per await). setClock("precise") makes this choice explicit and silences this warning.`,
        { type: "AwaitTreeWarning", code: "AWAIT_TREE_COARSE_CLOCK" },
      ),
    );
  } catch {
    // A process without warnings (a stubbed emitWarning) still runs.
  }
});

/**
 * The coarse clock's thread stops for good, without a warning: the test file whose sandbox this
 * copy of the runtime serves has ended (integrations/core/sandbox.ts). The process's clock, if it
 * was the coarse one, becomes the precise one; nothing starts the thread again (`setClock("coarse")`
 * then gives the precise clock too, as where the coarse clock cannot run).
 */
export function stopCoarseClock(why: string): void {
  if (now === coarseClock) now = preciseClock;
  hot.cell = undefined;
  stopCoarse(why);
}

/** @internal what the coarse clock is doing, for tests and benchmarks: "not started", "stamping", "asleep", "starting" or "unavailable: <why>". */
export function coarseClockState(): string {
  if (coarse.failure !== undefined) return `unavailable: ${coarse.failure}`;
  const cell = coarse.cell;
  if (cell === undefined) return "not started";
  const state = cell[STATE];
  return state === STAMP_FRESH ? "stamping" : state === STAMP_ASLEEP ? "asleep" : "starting";
}

/**
 * The time of a snapshot (rare, off the hot path). With the coarse clock, the precise time: a span
 * younger than the clock's millisecond would otherwise print as `0.000ns` (a leak report taken as
 * its test ends). No reading of the coarse clock is ahead of the precise clock (coarse-clock.ts),
 * so a pending span's elapsed time is never 0 or less; its start is at most one stamp old (2 ms
 * while the worker starts), so the time shown is at most that over the real one, never under it.
 * The precise time is the host's `performance.now` as the runtime loaded (coarse-clock.ts): fake
 * timers installed later give node:perf_hooks' object a `now` of their own, and a snapshot that
 * read it (0, or the fake time) showed a span 20 ms old as `0.000ns` whenever the cell had not
 * moved since its start (test/runtime/fake-timers.test.ts). Other clocks are read as they are.
 */
export function snapshotNow(): number {
  const t = now();
  return now === coarseClock ? Math.max(t, hostPerfNow()) : t;
}

/**
 * Choose the process's clock: "coarse" (the default: shared memory stamped by a worker every
 * millisecond while read), "precise" (performance.now), or any function returning milliseconds
 * (tests use `ManualClock`).
 */
export function setClock(clock: Clock | "precise" | "coarse"): void {
  if (clock === "precise") now = preciseClock;
  else if (clock === "coarse") now = coarse.failure === undefined ? coarseClock : preciseClock;
  else if (typeof clock === "function") now = checkedClock(clock);
  else throw new TypeError(`setClock expects "precise", "coarse" or a function, got ${String(clock)}`);
  hot.cell = now === coarseClock ? coarse.cell : undefined;
}

/**
 * A user's clock, read once now (one that throws or does not return a finite number of
 * milliseconds is refused, naming what it did) and guarded afterwards: a reading that fails later
 * repeats the last good one, so a clock's failure never reaches the program (time stands still
 * in the tree instead).
 */
function checkedClock(clock: Clock): Clock {
  let last: number;
  try {
    last = clock();
  } catch (e) {
    throw new TypeError(`setClock: the clock threw when read: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof last !== "number" || !Number.isFinite(last)) {
    throw new TypeError(`setClock: the clock must return a finite number of milliseconds, got ${String(last)}`);
  }
  return () => {
    try {
      const t = clock();
      if (typeof t === "number" && Number.isFinite(t)) last = t;
    } catch {
      // The last good reading stands.
    }
    return last;
  };
}
