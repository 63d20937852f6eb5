/**
 * `@await-tree/runtime/watchdog`: importing it starts the watchdog with the threshold of
 * AWAIT_TREE_WATCHDOG, or 200 ms.
 */
import { isMainThread } from "node:worker_threads";
import { startFromEnvironment } from "./from-env";
import { warn } from "./output";
import { isWatchdogRunning, startWatchdog } from "./watchdog";

startFromEnvironment();
// Signals, exit and the event loop belong to the main thread (workers inherit `--import`).
if (isMainThread) {
  try {
    // AWAIT_TREE_WATCHDOG may have started it already (startFromEnvironment).
    if (!isWatchdogRunning()) {
      startWatchdog(process.env.AWAIT_TREE_WATCHDOG || "200ms", { from: "@await-tree/runtime/watchdog" });
    }
  } catch (e) {
    warn(e instanceof Error ? e.message : String(e));
  }
}

export { isWatchdogRunning, parseThreshold, startWatchdog, type WatchdogOptions } from "./watchdog";
