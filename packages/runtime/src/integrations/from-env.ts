/**
 * Opt-in integrations started from environment variables when the runtime loads (main thread
 * only: signals and the process's exit belong to it). Each integration's module is only loaded
 * when its variable is set, so a process without them pays three `process.env` reads.
 *
 * - `AWAIT_TREE_SIGNAL=SIGUSR2`: dump on that signal (integrations/signal.ts)
 * - `AWAIT_TREE_EXIT_REPORT=1`: print what is pending when the process exits (integrations/exit-report.ts)
 * - `AWAIT_TREE_WATCHDOG=200ms`: report stalls of the event loop (integrations/watchdog.ts)
 * - `AWAIT_TREE_DUMP_DIR=<dir>`: where they write (stderr when unset)
 */
import { isMainThread } from "node:worker_threads";
import { warn } from "./output";

export function startFromEnvironment(): void {
  if (!isMainThread) return;
  let env: NodeJS.ProcessEnv;
  try {
    env = process.env;
  } catch {
    return;
  }
  const signal = env.AWAIT_TREE_SIGNAL;
  const exitReport = env.AWAIT_TREE_EXIT_REPORT;
  const watchdog = env.AWAIT_TREE_WATCHDOG;
  try {
    if (signal !== undefined && signal !== "") {
      (require("./signal") as typeof import("./signal")).dumpOnSignal(signal, { from: "AWAIT_TREE_SIGNAL" });
    }
    if (exitReport !== undefined && exitReport !== "" && exitReport !== "0" && exitReport !== "false") {
      (require("./exit-report") as typeof import("./exit-report")).reportOnExit();
    }
    if (watchdog !== undefined && watchdog !== "") {
      (require("./watchdog") as typeof import("./watchdog")).startWatchdog(watchdog, { from: "AWAIT_TREE_WATCHDOG" });
    }
  } catch (e) {
    warn(`could not start from the environment: ${e instanceof Error ? e.message : String(e)}`);
  }
}
