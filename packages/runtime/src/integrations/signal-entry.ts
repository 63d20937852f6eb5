/** `@await-tree/runtime/signal`: importing it installs the dump on SIGUSR2 (or AWAIT_TREE_SIGNAL). */
import { isMainThread } from "node:worker_threads";
import { startFromEnvironment } from "./from-env";
import { installFromImport } from "./signal";

startFromEnvironment();
// Signals, exit and the event loop belong to the main thread (workers inherit `--import`).
if (isMainThread) {
  installFromImport();
}

export { checkSignal, dumpOnSignal, type SignalName, type SignalOptions } from "./signal";
