/** `@await-tree/runtime/exit-report`: importing it installs the exit report. */
import { isMainThread } from "node:worker_threads";
import { reportOnExit } from "./exit-report";
import { startFromEnvironment } from "./from-env";

startFromEnvironment();
// Signals, exit and the event loop belong to the main thread (workers inherit `--import`).
if (isMainThread) {
  reportOnExit();
}

export { reportOnExit } from "./exit-report";
