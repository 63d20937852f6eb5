/**
 * Blocked or busy: what a thread was doing when the dump's evaluation landed on its running
 * JavaScript (`below > 0`, evaluate.ts). A server that runs JavaScript half the time gets half its
 * dumps that way while its loop turns as it should; calling each of those "blocked", and pausing it
 * for a stack, was a false alarm (docs/cli.md, "Blocked loop").
 *
 * The loop stamp's timer (the runtime's integrations/loop-stamp.ts) runs in the timers phase of
 * the first loop turn after it is due: while it is overdue, the loop has been in one turn since at
 * least its due time, so how late it is (`overdueMs`) is a lower bound of the current turn. That
 * bound is only as good as the stamp's period: an idle process stretches it up to 8 s, and a block
 * that starts then would read as "not overdue" for seconds. The stamp's other reading (`stalledMs`,
 * the time the loop has run since the last tick, an upper bound of the block) covers that case: at
 * the usual period of 500 ms a loop that turns never reaches a second of it.
 */
import type { EvaluationResult } from "./evaluate";

/** Overdue by this much or more, the loop has been in one turn that long: blocked. */
export const BLOCKED_OVERDUE_MS = 100;

/** Run for this long since the stamp's last tick: blocked, whatever the period (a stretched stamp). */
export const BLOCKED_RUN_MS = 1000;

export type ThreadState = "idle" | "busy" | "blocked";

/**
 * `idle`: the evaluation ran on an empty stack. `blocked`: on running JavaScript, with the loop
 * shown stopped (or no stamp to tell: a runtime without `overdueMs`, a thread without the runtime,
 * `AWAIT_TREE_LOOP_STAMP=0`). `busy`: on running JavaScript while the loop turns.
 */
export function threadState(result: Pick<EvaluationResult, "below" | "stalledMs" | "overdueMs">): ThreadState {
  if (result.below <= 0) return "idle";
  if (result.overdueMs === undefined || result.stalledMs === undefined) return "blocked";
  if (result.overdueMs >= BLOCKED_OVERDUE_MS || result.stalledMs >= BLOCKED_RUN_MS) return "blocked";
  return "busy";
}
