/**
 * The loop stamp: how long a thread's event loop has been busy without turning. An unref'd
 * timer writes the time into a SharedArrayBuffer each time it runs; a stalled loop runs no timer,
 * so the stamp ages. The watchdog's worker reads it from its own thread; a dump (CLI) reads it on
 * the thread it dumps to say how long that loop has been blocked.
 *
 * Started in each thread (the main thread and every worker) when the runtime publishes itself
 * there (integrations/from-env.ts; off with `AWAIT_TREE_LOOP_STAMP=0`), every 500 ms and stretched
 * while the loop is idle (below), or at a fixed, faster period for the watchdog. Without it a blocked loop is still detected (the dump
 * lands on top of the running JavaScript) but its duration is unknown; see docs/cli.md "Blocked
 * loop". The timer is `node:timers`' own (taken when this module loads: fake timers installed
 * later do not replace it) and unref'd (it never keeps the process alive).
 *
 * Why the dump's reading subtracts the loop's idle time: the stamp's age alone counts the time the
 * loop spent waiting in its poll phase since the last tick, which is no part of a block. Node
 * counts that time (`eventLoopUtilization().idle`, updated only when the poll returns, so frozen
 * while the loop is blocked); the age minus the idle time since the tick is the time the loop has
 * run since, which bounds the block from above and equals it when the loop did nothing else. That
 * bound holds however long ago the tick was, which is what lets the dump's stamp stretch its
 * period while the loop is idle: each tick of an idle process is a wake-up, and on this kind of
 * machine two a second cost about 0.5-1 ms of CPU per second (bench/idle-cost.mjs).
 */
import { performance } from "node:perf_hooks";
import * as timers from "node:timers";
import { outsideZones } from "../core/outside-zones";

/**
 * `node:timers`' own `setTimeout`, read once when this module loads: @sinonjs/fake-timers 11+ (and
 * so `vi.useFakeTimers()` and jest's modern timers) also replaces the methods of the `node:timers`
 * module, which the CommonJS build would read at each call (`(0, timers.setTimeout)(...)`); a tick
 * under the fake clock then scheduled the next on it, and `clock.runAllAsync()` ran the stamp
 * forever.
 */
const realSetTimeout = timers.setTimeout;

/** Taken when this module loads, as the timer is: a `performance` patched later does not replace it. */
const eventLoopUtilization = performance.eventLoopUtilization.bind(performance);
/**
 * Likewise: fake timers replace `performance.now` (an own property on node:perf_hooks' object). A
 * stamp written at the fake time read, from the watchdog's thread, as a loop that had not turned
 * since the process started: a stall reported every check while the loop turned.
 */
const perfNow: () => number = performance.now.bind(performance);
const timeOrigin = performance.timeOrigin;

/** Milliseconds the event loop has spent in its poll phase since it started (Node's own count). */
const idleMs = (): number => eventLoopUtilization().idle;

/** The longest period a stretched stamp reaches (after idle ticks at 500, 1,000, 2,000, 4,000 ms). */
export const MAX_STRETCHED_MS = 8000;

/**
 * The next period of a stamp that may stretch: doubled (up to `MAX_STRETCHED_MS`) when the loop
 * ran for under 2% of the last period (an idle process: only the tick itself ran), back to `base`
 * as soon as it works.
 */
export function nextPeriod(base: number, current: number, elapsedMs: number, idleDeltaMs: number): number {
  const ranMs = elapsedMs - idleDeltaMs;
  if (ranMs >= elapsedMs / 50) return base;
  return Math.max(base, Math.min(current * 2, MAX_STRETCHED_MS));
}

/**
 * How long the loop has been blocked, from the stamp's age and the loop's idle time since the
 * stamp (both in ms): the time it ran since the tick, never negative, never more than the age.
 */
export function blockedMs(ageMs: number, idleSinceMs: number): number {
  return Math.min(ageMs, Math.max(0, ageMs - idleSinceMs));
}

interface Stamp {
  /** [0]: microseconds since the epoch (performance.timeOrigin + performance.now()) of the last tick */
  readonly cells: BigInt64Array;
  /** The period asked for; a stretching stamp returns to it whenever the loop works. */
  readonly baseMs: number;
  /** Whether the period may stretch while the loop is idle (only the dump's stamp: the watchdog's is fixed). */
  readonly stretch: boolean;
  /** The period of the timer now running. */
  periodMs: number;
  /** The loop's idle time (ms) when the stamp was written. */
  idleAtTick: number;
  /** performance.now() when the stamp was written. */
  nowAtTick: number;
  timer: NodeJS.Timeout | undefined;
}

let stamp: Stamp | undefined;

/**
 * Where the CLI reads the stamp: `globalThis[Symbol.for("await-tree.loop-stamp")].stalledMs()` and
 * `.overdueMs()`,
 * published by the first loop stamp of a realm (independent of the process-wide runtime object,
 * so that any copy's stamp serves).
 */
export const LOOP_STAMP_KEY: unique symbol = Symbol.for("await-tree.loop-stamp") as never;

function nowMicros(): bigint {
  return BigInt(Math.round((timeOrigin + perfNow()) * 1000));
}

function write(s: Stamp): void {
  s.nowAtTick = perfNow();
  s.idleAtTick = idleMs();
  Atomics.store(s.cells, 0, nowMicros());
}

function schedule(s: Stamp): void {
  // No task of a zone.js zone (taken when this module loads, the timer may be zone.js's).
  outsideZones(() => {
    s.timer = realSetTimeout(() => tick(s), s.periodMs);
    s.timer.unref();
  });
}

function tick(s: Stamp): void {
  if (stamp !== s) return; // replaced by a faster stamp
  const elapsed = perfNow() - s.nowAtTick;
  const idleDelta = idleMs() - s.idleAtTick;
  write(s);
  const period = s.stretch ? nextPeriod(s.baseMs, s.periodMs, elapsed, idleDelta) : s.periodMs;
  // The same period: the same timer, re-armed. A new one at every tick would be a new async
  // resource every 500 ms, which the program's own async hooks see (an `init`, a `destroy`; with
  // AsyncLocalStorage on Node 20 and 22, a propagation each); re-armed, the stamp is one resource
  // for as long as its period holds, which is most of its life (busy: the base; idle: the maximum).
  const timer = s.timer;
  if (period === s.periodMs && timer !== undefined && typeof timer.refresh === "function") {
    timer.refresh();
    return;
  }
  s.periodMs = period;
  schedule(s);
}

export interface LoopStampOptions {
  /** Let the period stretch while the loop is idle (the dump's stamp); the watchdog's stays fixed. */
  stretchWhenIdle?: boolean;
}

/**
 * Start stamping every `intervalMs`. A later caller asking for a shorter period, or for a fixed
 * one where the running stamp stretches, replaces the timer. Returns the shared cells for a
 * reader thread.
 */
export function startLoopStamp(
  intervalMs: number,
  options: LoopStampOptions = {},
): { buffer: SharedArrayBuffer; intervalMs: number } {
  const stretch = options.stretchWhenIdle === true;
  if (stamp === undefined || intervalMs < stamp.baseMs || (stamp.stretch && !stretch)) {
    const cells = stamp?.cells ?? new BigInt64Array(new SharedArrayBuffer(8));
    stamp?.timer?.close();
    const baseMs = Math.min(intervalMs, stamp?.baseMs ?? intervalMs);
    const s: Stamp = { cells, baseMs, stretch, periodMs: baseMs, idleAtTick: 0, nowAtTick: 0, timer: undefined };
    write(s);
    stamp = s;
    schedule(s);
    const g = globalThis as Record<symbol, unknown>;
    if (g[LOOP_STAMP_KEY] === undefined) {
      try {
        Object.defineProperty(g, LOOP_STAMP_KEY, {
          value: Object.freeze({ stalledMs: loopStalledMs, overdueMs: loopOverdueMs }),
          configurable: true,
        });
      } catch {
        // a frozen global: the dump then says the duration is unknown
      }
    }
  }
  return { buffer: stamp.cells.buffer as SharedArrayBuffer, intervalMs: stamp.baseMs };
}

/**
 * Stop stamping (the test file's sandbox ends: integrations/core/sandbox.ts). A dump then says
 * that the duration of a block is not known, as without a stamp.
 */
export function stopLoopStamp(): void {
  const s = stamp;
  stamp = undefined;
  s?.timer?.close();
}

/**
 * On this thread (each thread that loads the runtime stamps its own loop): how long the loop has
 * been blocked (the time it has run since the last tick), or undefined when no loop stamp runs.
 */
export function loopStalledMs(): number | undefined {
  const s = stamp;
  if (s === undefined) return undefined;
  return blockedMs(perfNow() - s.nowAtTick, idleMs() - s.idleAtTick);
}

/**
 * On this thread: how late the stamp's timer is (negative while it is not yet due: due in that
 * many ms), or undefined when no loop stamp runs. A timer runs in the first turn of the loop after
 * it is due, so a late one means the loop has been in its current turn for at least that long: the
 * CLI tells a blocked loop from a busy one by it, and knows how long to wait before it can (the
 * CLI's busy.ts). Each tick re-arms the timer right after writing the stamp, so it is due one
 * period after `nowAtTick`.
 */
export function loopOverdueMs(): number | undefined {
  const s = stamp;
  if (s === undefined) return undefined;
  return perfNow() - s.nowAtTick - s.periodMs;
}

/** Read the stamp from any thread: milliseconds since the last tick recorded in `buffer`. */
export function stalledMsOf(cells: BigInt64Array): number {
  return Number(nowMicros() - Atomics.load(cells, 0)) / 1000;
}
