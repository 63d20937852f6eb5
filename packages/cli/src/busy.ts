/**
 * Blocked or busy: what a thread was doing when the dump's evaluation landed on its running
 * JavaScript (`below > 0`, evaluate.ts). A server that runs JavaScript half the time gets half its
 * dumps that way while its loop turns as it should; calling each of those "blocked", and pausing it
 * for a stack, was a false alarm (docs/cli.md, "Blocked, busy or idle?").
 *
 * The loop stamp's timer (the runtime's integrations/loop-stamp.ts) runs in the timers phase of
 * the first loop turn after it is due: while it is late (`overdueMs` > 0), the loop has been in one
 * turn since at least its due time, so how late it is bounds the current turn from below. Before
 * it is due nothing tells a young block from a busy loop, so the CLI looks again once the timer is
 * 100 ms late (at most about 0.6 s later at the stamp's usual period of 500 ms): a loop that turned
 * has run the timer by then, a blocked one has not. The stamp's other reading (`stalledMs`, the
 * time the loop has run since the last tick, an upper bound of the block) covers a stamp whose
 * period stretched while the process was idle (up to 8 s): a second of it says blocked, and the
 * second look never waits longer than that.
 */
import type { EvaluationResult } from "./evaluate";

/** Late by this much or more, the stamp's timer says the loop has been in one turn that long: blocked. */
export const BLOCKED_OVERDUE_MS = 100;

/** Run for this long since the stamp's last tick: blocked, whatever the period (a stretched stamp). */
export const BLOCKED_RUN_MS = 1000;

/** Added to the wait before the second look, for the target's own timer lateness and the round trip. */
const LOOK_AGAIN_MARGIN_MS = 20;

export type ThreadState = "idle" | "busy" | "blocked";

type Reading = Pick<EvaluationResult, "below" | "stalledMs" | "overdueMs">;

/**
 * From one answer: `idle` (an empty stack), `blocked` (running JavaScript, the loop shown stopped,
 * or no stamp to tell: a runtime without `overdueMs`, a thread without the runtime,
 * `AWAIT_TREE_LOOP_STAMP=0`), or `undefined`: running JavaScript while the stamp's timer is not
 * yet 100 ms late, which only a second look tells apart (`lookAgainInMs`).
 */
export function firstLook(r: Reading): ThreadState | undefined {
  if (r.below <= 0) return "idle";
  if (r.overdueMs === undefined || r.stalledMs === undefined) return "blocked";
  if (r.overdueMs >= BLOCKED_OVERDUE_MS || r.stalledMs >= BLOCKED_RUN_MS) return "blocked";
  return undefined;
}

/** When to look again after an undecided first look: once one of the two readings would decide. */
export function lookAgainInMs(r: Reading): number {
  const untilLate = BLOCKED_OVERDUE_MS - (r.overdueMs ?? 0);
  const untilRun = BLOCKED_RUN_MS - (r.stalledMs ?? 0);
  return Math.max(0, Math.min(untilLate, untilRun)) + LOOK_AGAIN_MARGIN_MS;
}

/**
 * From the second look: `busy` when the thread went idle meanwhile or its loop ran the stamp's
 * timer (its readings start again), `blocked` when they kept growing past a threshold. A second
 * look that could not be had (the thread stopped answering) says blocked: the stack capture then
 * reports what it finds.
 */
export function secondLook(r: Reading | undefined): ThreadState {
  if (r === undefined) return "blocked";
  if (r.below <= 0) return "busy";
  return firstLook(r) === "blocked" ? "blocked" : "busy";
}

/**
 * The whole decision for one thread: the first answer, and when it is undecided a second look
 * (`again`, which evaluates evaluate.ts's `stampExpression`) after `lookAgainInMs`, within
 * `deadline`. Returns the state and the reading to report (the later one when it was taken).
 */
export async function threadState(
  first: EvaluationResult,
  again: () => Promise<EvaluationResult | undefined>,
  deadline: number,
): Promise<{ state: ThreadState; stalledMs: number | undefined; overdueMs: number | undefined }> {
  const decided = firstLook(first);
  if (decided !== undefined) return { state: decided, stalledMs: first.stalledMs, overdueMs: first.overdueMs };
  const needed = lookAgainInMs(first);
  const wait = Math.min(needed, Math.max(0, deadline - Date.now()));
  await new Promise((r) => setTimeout(r, wait));
  let later: EvaluationResult | undefined;
  try {
    later = await again();
  } catch {
    later = undefined;
  }
  // Cut short by --timeout, a second look that is still undecided cannot say busy.
  const state =
    wait < needed && later !== undefined && later.below > 0 && firstLook(later) === undefined
      ? "blocked"
      : secondLook(later);
  const reading = later !== undefined && later.below > 0 ? later : first;
  return { state, stalledMs: reading.stalledMs, overdueMs: reading.overdueMs };
}
