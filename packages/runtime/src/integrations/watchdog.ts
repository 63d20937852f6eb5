/**
 * The stall watchdog (opt-in: `AWAIT_TREE_WATCHDOG=200ms`, `--import @await-tree/runtime/watchdog`,
 * or `startWatchdog("200ms")`): a worker thread notices that the main event loop has not turned for
 * longer than the threshold, and reports the main thread's synchronous stack and every task's tree,
 * once per stall, to stderr, a file in `AWAIT_TREE_DUMP_DIR`, or a callback (called when the loop
 * turns again). The main thread's share is one unref'd timer (the loop stamp) firing every
 * min(threshold / 4, 100 ms); measured in bench/watchdog-idle.mjs.
 */
import { join } from "node:path";
import { MessagePort, Worker } from "node:worker_threads";
import { withNativeEventTarget } from "../core/native-event-target";
import { RUNTIME_THREAD_NAMES } from "../core/thread-names";
import { releasedWithSandbox } from "./core/sandbox";
import { startLoopStamp } from "./loop-stamp";
import { dumpDirFromEnv, warn } from "./output";

export interface WatchdogOptions {
  /** Called on the main thread, when the loop turns again, with each stall's report. */
  onStall?: (report: string) => void;
  /** A directory to write one file per stall into (default `AWAIT_TREE_DUMP_DIR`, else stderr). */
  dir?: string;
  /** Where the threshold came from, for error messages (an environment variable's name). */
  from?: string;
}

/** `200ms`, `2s`, `200` (milliseconds): a threshold of at least 10 ms. */
export function parseThreshold(value: unknown, from = "startWatchdog"): number {
  const m =
    typeof value === "number"
      ? [String(value), String(value), "ms"]
      : /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/.exec(String(value));
  const n = m === null ? Number.NaN : Number(m[1]) * (m[2] === "s" ? 1000 : 1);
  if (!Number.isFinite(n) || n < 10) {
    throw new TypeError(
      `${from}: ${JSON.stringify(String(value))} is not a threshold of at least 10 ms (e.g. 200ms, 2s)`,
    );
  }
  return n;
}

let running: (() => void) | undefined;

/** Longest an exit waits for a stall's report under way. */
const EXIT_WAIT_MS = 1000;

/** Whether a watchdog runs in this process. */
export function isWatchdogRunning(): boolean {
  return running !== undefined;
}

/** Stop the watchdog of this copy of the runtime, if one runs (with a test file's sandbox: core/sandbox.ts). */
function stopWatchdog(): void {
  running?.();
}

/**
 * Start the watchdog. One per process: a later call replaces the running one (so that a program
 * importing `@await-tree/runtime/watchdog`, which starts the default one, can pass its options).
 * Returns a function that stops it.
 */
export function startWatchdog(threshold: string | number, options: WatchdogOptions = {}): () => void {
  const thresholdMs = parseThreshold(threshold, options.from ?? "startWatchdog");
  running?.();
  const stampEvery = Math.max(5, Math.min(thresholdMs / 4, 100));
  const { buffer } = startLoopStamp(stampEvery);
  const onStall = options.onStall;
  const reporting = new Int32Array(new SharedArrayBuffer(4));
  // Node's own port listeners, under zone.js's browser bundle too (core/native-event-target.ts).
  const make = () =>
    new Worker(join(__dirname, "watchdog-worker.js"), {
      name: RUNTIME_THREAD_NAMES.watchdog, // not asked by `await-tree dump` (contract.ts)
      workerData: {
        buffer,
        reporting: reporting.buffer,
        thresholdMs,
        checkMs: Math.max(5, Math.min(thresholdMs / 4, 50)),
        dir: options.dir ?? dumpDirFromEnv(),
        callback: onStall !== undefined,
      },
      // Not the program's --import/--require hooks (nor our own --import watchdog again), from its
      // command line or from NODE_OPTIONS in its environment (a worker reads both); the watchdog's
      // thread reads no variable (its settings come in `workerData`).
      execArgv: [],
      env: {},
    });
  const worker = withNativeEventTarget(MessagePort.prototype, make);
  worker.on("error", (e) => warn(`the watchdog stopped: ${e.message}`));
  if (onStall !== undefined) {
    worker.on("message", (report: string) => {
      try {
        onStall(report);
      } catch (e) {
        warn(`the watchdog's onStall threw: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
  }
  // After the listeners: a `message` listener refs the worker's port again, which kept every
  // program with an `onStall` alive for ever.
  worker.unref();
  // A stall's report is written after the main thread resumed: a program that exits right after
  // the stall (a CLI, `process.exit()` once the blocking work is done) ended the watchdog's thread
  // first, so the report was lost, and with its inspector session still connected Node printed
  // "Waiting for the debugger to disconnect..." (test/cli/integrations.test.ts). The exit waits
  // for a report under way, a second at most (V8 serves the session's calls meanwhile).
  const waitForReport = (): void => {
    if (Atomics.load(reporting, 0) === 1) Atomics.wait(reporting, 0, 1, EXIT_WAIT_MS);
  };
  process.on("exit", waitForReport);
  running = () => {
    running = undefined;
    process.off("exit", waitForReport);
    void worker.terminate();
  };
  releasedWithSandbox(stopWatchdog);
  return running;
}
