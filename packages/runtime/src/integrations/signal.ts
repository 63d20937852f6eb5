/**
 * Dump on a signal, in the process itself (no inspector): `AWAIT_TREE_SIGNAL=SIGUSR2`, or
 * `--import @await-tree/runtime/signal` (SIGUSR2 unless AWAIT_TREE_SIGNAL names another), or
 * `dumpOnSignal("SIGUSR2")`. The dump (with locations) goes to stderr, or to a file in
 * `AWAIT_TREE_DUMP_DIR`. The handler runs on the event loop: a blocked loop answers once it turns
 * (the CLI and the watchdog see into a blocked loop).
 */
import { constants } from "node:os";
import { dump } from "../api/dump";
import { type ReportTarget, reportText, warn, writeReport } from "./output";

/** Signals Node.js or the kernel keep for themselves. */
const RESERVED: Record<string, string> = {
  SIGUSR1: "Node.js uses it to open the inspector (the CLI needs it)",
  SIGKILL: "it cannot be caught",
  SIGSTOP: "it cannot be caught",
  SIGSEGV: "Node.js reserves it",
  SIGBUS: "Node.js reserves it",
  SIGFPE: "Node.js reserves it",
  SIGILL: "Node.js reserves it",
  SIGPROF: "the profiler uses it",
};

/**
 * Signals that ask the process to end (an orchestrator's SIGTERM, Ctrl-C's SIGINT, a closed
 * terminal's SIGHUP, SIGQUIT): after the dump they still end it. (SIGUSR2 and the other signals
 * chosen only to ask for a dump keep the process running: that is their use.)
 */
const TERMINATING = new Set(["SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT"]);

export interface SignalOptions extends ReportTarget {
  /** Where the signal name came from, for error messages (an environment variable's name). */
  from?: string;
}

/** A signal name (`SIGUSR2`, ...), spelt without @types/node: the published types must not need it. */
export type SignalName = `SIG${string}`;

/** Check a signal name; returns it, or throws a TypeError naming the problem. */
export function checkSignal(name: unknown, from = "dumpOnSignal"): SignalName {
  if (typeof name !== "string" || !/^SIG[A-Z0-9]+$/.test(name) || !(name in constants.signals)) {
    throw new TypeError(`${from}: ${JSON.stringify(String(name))} is not a signal name (e.g. SIGUSR2)`);
  }
  const reserved = RESERVED[name];
  if (reserved !== undefined) throw new TypeError(`${from}: ${name} cannot be used: ${reserved}; use SIGUSR2`);
  return name as SignalName;
}

const installed = new Map<string, () => void>();

/**
 * Write a dump of every task each time `signal` arrives. Returns a function that removes the
 * handler. A second call for the same signal keeps the first handler.
 */
export function dumpOnSignal(signal: string = "SIGUSR2", options: SignalOptions = {}): () => void {
  const name = checkSignal(signal, options.from ?? "dumpOnSignal");
  const existing = installed.get(name);
  if (existing !== undefined) return existing;
  const target: ReportTarget = { dir: options.dir };
  const handler = (): void => {
    writeReport("signal", reportText(`dump (${name})`, dump({ locations: true })), target);
    // A signal whose default is to end the process (SIGTERM from an orchestrator, Ctrl-C's SIGINT)
    // still ends it as it would have without us; the dump is written first (synchronously).
    if (TERMINATING.has(name)) endAsWithout(name, handler, stop);
  };
  process.on(name as NodeJS.Signals, handler);
  const stop = (): void => {
    process.off(name as NodeJS.Signals, handler);
    installed.delete(name);
  };
  installed.set(name, stop);
  return stop;
}

/**
 * How many listeners of each signal belong to signal-exit (execa's `cleanup`, ora, log-update,
 * write-file-atomic, ...). Each loaded copy adds one listener per signal and counts itself in a
 * counter it shares with the other copies: version 4 on `globalThis[Symbol.for("signal-exit
 * emitter")]`, version 3 on `process.__signal_exit_emitter__` (version 4 adds both). Plain data
 * properties of plain objects: reading them runs no code of theirs.
 */
function signalExitListeners(): number {
  let n = 0;
  try {
    const v4 = (globalThis as Record<symbol, { count?: unknown } | undefined>)[Symbol.for("signal-exit emitter")];
    if (typeof v4?.count === "number") n += v4.count;
    const v3 = (process as unknown as { __signal_exit_emitter__?: { count?: unknown } }).__signal_exit_emitter__;
    if (typeof v3?.count === "number") n += v3.count;
  } catch {
    // Not signal-exit's: counted as the program's own listeners.
  }
  return n;
}

/**
 * After the dump of a signal that asks the process to end: end it as the program would have ended
 * without our listener. When nothing else listens, the signal is raised again without our handler
 * (listening alone would have kept the process running, with its exit code changed). signal-exit's
 * listeners end the process themselves only when every listener of the signal is one of theirs:
 * ours made them give way, and ours gave way to them, so a CLI using execa no longer ended on
 * SIGTERM or Ctrl-C at all (seen auditing execa 9 with AWAIT_TREE_SIGNAL=SIGTERM). So when the
 * other listeners are all signal-exit's, ours is removed: those that run after it in this
 * dispatch now see themselves alone and end the process (running its exit hooks: execa kills its
 * subprocesses); when ours runs last, those before it gave way already, and the signal is raised
 * again for them. A listener of the program's own decides, as it would without us.
 */
function endAsWithout(name: string, handler: () => void, stop: () => void): void {
  const all = process.listeners(name as NodeJS.Signals);
  if (all.length - 1 > signalExitListeners()) return;
  stop();
  if (all[all.length - 1] === handler) process.kill(process.pid, name);
}

/** For `--import @await-tree/runtime/signal`: SIGUSR2, or the signal AWAIT_TREE_SIGNAL names. */
export function installFromImport(): void {
  try {
    dumpOnSignal(process.env.AWAIT_TREE_SIGNAL || "SIGUSR2", { from: "@await-tree/runtime/signal" });
  } catch (e) {
    warn(e instanceof Error ? e.message : String(e));
  }
}
