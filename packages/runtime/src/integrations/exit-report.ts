/**
 * The exit report: when the process is about to exit while traced work is still pending, print
 * what was pending. The silent promise hang (an await that never settles and holds no handle
 * makes Node exit with code 0 and no word) becomes a tree saying where each task waited.
 *
 * `beforeExit` fires when the event loop empties; `exit` covers `process.exit()` and the end
 * after `beforeExit`. One report per process. Opt-in: `AWAIT_TREE_EXIT_REPORT=1` or
 * `--import @await-tree/runtime/exit-report` or `reportOnExit()`.
 */
import { dump, pendingOrphanCount, pendingTaskCount } from "../api/dump";
import { type ReportTarget, reportText, writeReport } from "./output";

let stop: (() => void) | undefined;

/** Install the report (idempotent). Returns a function that removes it. */
export function reportOnExit(options: ReportTarget = {}): () => void {
  if (stop !== undefined) return stop;
  let reported = false;
  const report = (why: string): void => {
    if (reported) return;
    let pending: number;
    let orphans: number;
    try {
      pending = pendingTaskCount();
      // Work still pending in tasks that ended (a traced call nobody awaited) hangs as silently.
      orphans = pendingOrphanCount();
    } catch {
      return;
    }
    if (pending === 0 && orphans === 0) return;
    reported = true;
    const tasks = `${pending} task${pending === 1 ? "" : "s"}`;
    const more = orphans === 0 ? "" : ` and ${orphans} orphaned subtree${orphans === 1 ? "" : "s"}`;
    const what = `exit report (${why}; ${tasks}${more} still pending)`;
    writeReport("exit", reportText(what, dump({ locations: true })), options);
  };
  // No exit code here: it is not known yet (an unsettled top-level await makes it 13 afterwards).
  // Said only where no other listener runs at `beforeExit`: one of the program's (which runs
  // after ours) may still settle what is pending or start more work, and "nothing can settle" was
  // then false. The report then comes at `exit`, if anything is pending still.
  const onBeforeExit = (): void => {
    if (process.listenerCount("beforeExit") > 1) return;
    report("the event loop is empty: nothing can settle what is pending");
  };
  const onExit = (code: number): void => report(`the process is exiting with code ${code}`);
  process.on("beforeExit", onBeforeExit);
  process.on("exit", onExit);
  stop = () => {
    process.off("beforeExit", onBeforeExit);
    process.off("exit", onExit);
    stop = undefined;
  };
  return stop;
}
