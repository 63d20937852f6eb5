/** `await-tree dump <pid>`: connect, evaluate in every thread, leave the target as it was, print. */

import { formatFrames, type MappedFrame } from "@await-tree/runtime/internal/stack";
import { type DumpArgs, parseDumpArgs, USAGE } from "./args";
import { type BlockedStack, captureStack } from "./blocked";
import { type ThreadState, threadState } from "./busy";
import { childrenHint } from "./children";
import { closeWorkerInspectors, clusterWorkersOf } from "./cluster";
import { acquireDumpLock, type DumpLock } from "./dump-lock";
import { CliError } from "./errors";
import { type DumpRequest, dumpExpression, type EvaluationResult, readResult, stampExpression } from "./evaluate";
import { type Connection, closeOpened, connect, type Progress, refusesConnections, signalledPort } from "./inspector";
import { checkTarget, isAlive, listeningPorts, nodeArgsOf, pidInsideOf, waitsForDebugger } from "./proc";
import { boundedText, oneLine } from "./sanitize";
import { newSession } from "./sessions";
import { trace } from "./trace";
import { dumpWorkers, MAX_WORKERS, type WorkerDump } from "./workers";

interface Taken {
  main: EvaluationResult;
  /** Blocked, busy or idle (busy.ts): a busy thread's dump says so in one line, without a stack. */
  mainState: ThreadState;
  stack: BlockedStack | undefined;
  workers: WorkerDump[];
  /** Workers not asked (past MAX_WORKERS, or the deadline came). */
  skippedWorkers: number;
  /** Workers that started while the others were asked: not asked. */
  lateWorkers: number;
  /** A warning to print on stderr (the target was not left exactly as found). */
  warning?: string;
}

function timeoutError(pid: number, ms: number): CliError {
  return new CliError(
    "timeout",
    `pid ${pid} did not answer within ${ms} ms: its main thread may be blocked in native code (a synchronous system call, an addon); try again with a longer --timeout, or run it with AWAIT_TREE_WATCHDOG=<ms>`,
  );
}

/**
 * Rejects at --timeout, or when the CLI is interrupted (Ctrl-C: SIGINT; SIGTERM): either way the
 * dump stops where it is and the way out (closing an inspector the CLI opened) still runs. A
 * second signal ends the CLI at once (the handlers are installed once).
 */
function stopper(pid: number, ms: number): { promise: Promise<never>; stop(): void } {
  let onSignal: ((signal: NodeJS.Signals) => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError(pid, ms)), ms);
    timer.unref();
    onSignal = (signal) => reject(new CliError("interrupted", `interrupted (${signal})`));
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  });
  promise.catch(() => undefined);
  return {
    promise,
    stop() {
      clearTimeout(timer);
      process.removeListener("SIGINT", onSignal as () => void);
      process.removeListener("SIGTERM", onSignal as () => void);
    },
  };
}

/**
 * The CLI leaves without a connection after SIGUSR1: the inspector may be open, or open later (a
 * main thread blocked in native code opens it once it runs JavaScript again), and then stays open.
 */
function leftOpenNote(pid: number, progress: Progress): void {
  if (progress.signalled === undefined || !isAlive(pid)) return;
  const port = signalledPort(pid, progress);
  const where = port === undefined ? "on a port the system chooses" : `on 127.0.0.1:${port}`;
  process.stderr.write(
    `await-tree: warning: SIGUSR1 was sent to pid ${pid}: its inspector is open, or opens once its main thread runs JavaScript again, ${where}, and stays open until the process ends or calls require("node:inspector").close()\n`,
  );
}

/** The target answered with something else than a dump. */
function notADump(pid: number): CliError {
  if (waitsForDebugger(nodeArgsOf(pid))) {
    return new CliError(
      "protocol",
      `pid ${pid} is waiting for a debugger before its first line (it was started with --inspect-brk or --inspect-wait): it has run nothing yet, so there is nothing to dump; let it run (attach a debugger and continue, or restart it without that flag), then dump again`,
    );
  }
  return new CliError("protocol", `pid ${pid} answered the dump with something else than a dump`);
}

/** Tries in all when the inspector goes away under the dump (another dump closed it: sessions.ts). */
const ATTEMPTS = 3;

async function take(args: DumpArgs, request: DumpRequest): Promise<Taken> {
  const deadline = Date.now() + args.timeoutMs;
  const pid = args.pid;
  const stop = stopper(pid, args.timeoutMs);
  let lock: DumpLock | undefined;
  try {
    // Held until the inspector this dump may have opened is closed again (dump-lock.ts).
    lock = await acquireDumpLock(pid, deadline, stop.promise);
    for (let attempt = 1; ; attempt++) {
      try {
        return await takeWithin(args, request, deadline, stop.promise);
      } catch (e) {
        if (!(e instanceof CliError) || !e.inspectorLost || attempt >= ATTEMPTS || args.inspectPort !== undefined)
          throw e;
        // A process that was exiting ends within milliseconds once no debugger holds it: only a
        // process still alive after that gets the dump again (its inspector opened again).
        // A timer that keeps the CLI alive: nothing else may (the connection is gone, the
        // deadline's timer is unref'd), and the process would end with nothing printed.
        await Promise.race([new Promise((r) => setTimeout(r, 300)), stop.promise]);
        if (!isAlive(pid) || Date.now() > deadline - 500) throw e;
        trace(`the inspector went away (${e.message}): trying again`);
      }
    }
  } finally {
    stop.stop();
    await lock?.release();
  }
}

async function takeWithin(
  args: DumpArgs,
  request: DumpRequest,
  deadline: number,
  timer: Promise<never>,
): Promise<Taken> {
  const pid = args.pid;
  // What the target calls itself: the expressions check it before they do anything there.
  const self = pidInsideOf(pid);
  const progress: Progress = {};
  // A cluster primary's workers open their inspectors with its own (cluster.ts): read before SIGUSR1.
  const workersBefore = args.inspectPort === undefined ? clusterWorkersOf(pid) : [];
  const connecting = connect(pid, args.inspectPort, deadline, progress);
  let conn: Connection;
  try {
    conn = await Promise.race([connecting, timer]);
  } catch (e) {
    // Timed out or interrupted while connecting: an inspector opened meanwhile is still closed
    // before we leave (a second Ctrl-C ends the wait).
    const late = await Promise.race([connecting.catch(() => undefined), sleepUnref(6000)]);
    if (late !== undefined) {
      // Not closed under another dump that uses it (sessions.ts): this CLI joined no list.
      if (late.opened) {
        await closeOpened(late, pid, false, self, newSession(deadline, true));
        await closeWorkersOf(workersBefore, deadline);
      } else await late.client.close().catch(() => undefined);
    } else if (!(e instanceof CliError && (e.reason === "port-taken" || e.inspectorLost))) {
      // (A port taken by another process: the inspector could not open there. An inspector closed
      // under the connection, another dump's end: it is not open, and the dump is tried again.)
      leftOpenNote(pid, progress);
    }
    throw e;
  }
  /** The dump landed on running JavaScript (so SIGUSR1 may have too: see `closeOpened`). */
  let running = false;
  /** ... and the loop was shown stopped (busy.ts): its stack is taken. */
  let blocked = false;
  let mainState: ThreadState = "idle";
  let warning: string | undefined;
  const session = newSession(deadline, conn.opened);
  /** The dump's evaluation was sent: it may have joined the target's list of dumps. */
  let sent = false;
  let dumped = false;
  const exiting = watchExit(pid, conn.port);
  try {
    sent = true;
    const r = await Promise.race([
      conn.client.send("Runtime.evaluate", {
        expression: dumpExpression(request, self, session),
        returnByValue: true,
        silent: true,
      }),
      timer,
      exiting.promise,
    ]);
    const main = readResult(r?.result?.value);
    if (main === undefined) throw notADump(pid);
    if (main.pid !== self) throw wrongTarget(pid, main.pid, conn);
    dumped = true;
    trace(`evaluated (below: ${main.below}, overdue: ${main.overdueMs}, ran: ${main.stalledMs})`);
    running = main.below > 0;
    const again = async (): Promise<EvaluationResult | undefined> => {
      const a = await conn.client.send("Runtime.evaluate", {
        expression: stampExpression(self),
        returnByValue: true,
        silent: true,
      });
      return readResult(a?.result?.value);
    };
    const seen = await Promise.race([threadState(main, again, deadline), timer, exiting.promise]);
    main.stalledMs = seen.stalledMs;
    main.overdueMs = seen.overdueMs;
    mainState = seen.state;
    trace(`state: ${mainState}`);
    blocked = mainState === "blocked";
    // The main thread's trees are in hand: a target that starts exiting now still gets them shown,
    // without the parts it can no longer give.
    const gone: Promise<typeof EXITED> = exiting.promise.then(
      () => EXITED,
      () => EXITED,
    );
    const stack = blocked ? await Promise.race([captureStack(conn.client, deadline), timer, gone]) : undefined;
    trace("stack taken");
    const workers =
      stack === EXITED ? EXITED : await Promise.race([dumpWorkers(conn.client, request, self, deadline), timer, gone]);
    trace("workers dumped");
    if (stack === EXITED || workers === EXITED) {
      warning = `pid ${pid} began exiting during the dump: its main thread's trees are shown, without ${blocked ? "the blocked stack and " : ""}the worker threads`;
      return { main, mainState, stack: undefined, workers: [], skippedWorkers: 0, lateWorkers: 0 };
    }
    return {
      main,
      mainState,
      stack,
      workers: workers.workers,
      skippedWorkers: workers.skipped,
      lateWorkers: workers.late,
    };
  } catch (e) {
    const lost = !dumped && isAlive(pid) && !listeningPorts(pid).has(conn.port);
    if (e instanceof CliError && e.reason === "target-exited" && lost) {
      throw new CliError(e.reason, e.message, true);
    }
    if (e instanceof CliError && (e.reason === "target-exited" || e.reason === "interrupted")) throw e;
    if (conn.badFrame !== undefined) {
      throw new CliError(
        "protocol",
        `the inspector on port ${conn.port} sent a message that is not a JSON object ("${oneLine(conn.badFrame, 100)}"): it is not a working Node.js inspector; await-tree stopped there`,
      );
    }
    if (!isAlive(pid)) throw new CliError("target-exited", `pid ${pid} exited during the dump`);
    if (e instanceof CliError) throw e;
    throw new CliError("protocol", `the inspector of pid ${pid} failed: ${(e as Error).message}`, lost);
  } finally {
    exiting.stop();
    // Every dump that joined the target's list of dumps leaves it (sessions.ts); the close happens
    // only when no other dump is in it and an await-tree CLI opened the inspector.
    if (conn.opened || sent) {
      const closed = await closeOpened(conn, pid, running, self, session);
      if (closed.leftFor !== undefined || !conn.opened) {
        // (Not this CLI's to warn about when another dump opened it.)
        trace(
          `the inspector on port ${conn.port}: ${closed.closed ? "closed" : `left open, ${closed.leftFor ?? "not closed"}`}`,
        );
      } else if (closed.otherPid !== undefined) {
        trace(`the inspector on port ${conn.port} is pid ${closed.otherPid}'s: left open`);
      } else if (!closed.closed) {
        const why =
          closed.failed !== undefined
            ? `the target could not close it: ${closed.failed}`
            : "the target did not serve the close: its main thread is still busy with the dump or blocked in native code";
        warning = `the inspector of pid ${pid} on 127.0.0.1:${conn.port} is still open (${why}); it closes when the process ends or calls require("node:inspector").close()`;
      }
    } else {
      await conn.client.close().catch(() => undefined);
    }
    if (warning !== undefined) process.stderr.write(`await-tree: warning: ${warning}\n`);
    if (conn.opened) await closeWorkersOf(workersBefore, deadline);
  }
}

/** Closes what opening a cluster primary's inspector opened in its workers (cluster.ts), warning of any left open. */
async function closeWorkersOf(before: Parameters<typeof closeWorkerInspectors>[0], deadline: number): Promise<void> {
  if (before.length === 0) return;
  for (const w of await closeWorkerInspectors(before, deadline)) process.stderr.write(`await-tree: warning: ${w}\n`);
}

/**
 * The inspector answered from another process: the target exited after its inspector opened and
 * another program took the port (or --inspect-port named another process's port). Nothing was
 * done there: each evaluation checks the pid first.
 */
function wrongTarget(pid: number, other: number, conn: Connection): CliError {
  if (conn.opened && !isAlive(pid)) {
    return new CliError(
      "target-exited",
      `pid ${pid} exited while its inspector was opening, and port ${conn.port} was then taken by pid ${other}: await-tree did nothing in pid ${other} and left its inspector alone`,
    );
  }
  return new CliError(
    "wrong-target",
    `the inspector on port ${conn.port} belongs to pid ${other}, not ${pid}: the port is another process's; await-tree did nothing there; give pid ${pid}'s own port with --inspect-port`,
  );
}

/**
 * Rejects once the target has exited, or is exiting: Node.js then holds the process until the
 * debuggers attached to it disconnect, so without this the CLI would wait out its --timeout, and
 * keep the target from exiting as long.
 */
function watchExit(pid: number, port: number): { promise: Promise<never>; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const promise = new Promise<never>((_, reject) => {
    const check = async (): Promise<void> => {
      if (stopped) return;
      if (!isAlive(pid)) return reject(new CliError("target-exited", `pid ${pid} exited during the dump`));
      if (await refusesConnections(port)) {
        if (!stopped)
          reject(
            new CliError("target-exited", `pid ${pid} exited during the dump (it was exiting when the dump arrived)`),
          );
        return;
      }
      if (!stopped) timer = setTimeout(check, 200).unref();
    };
    timer = setTimeout(check, 200).unref();
  });
  promise.catch(() => undefined); // raced, or left unobserved when the dump comes first
  return {
    promise,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** What `watchExit` turns into once the main thread's dump is in hand. */
const EXITED: unique symbol = Symbol("exited");

function sleepUnref(ms: number): Promise<undefined> {
  return new Promise((r) => setTimeout(() => r(undefined), ms).unref());
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(3)}s` : `${ms.toFixed(3)}ms`;
}

/**
 * Frames as one line each: a function's computed name or a file path may hold a newline (or any
 * control character), which must not start a line of its own in the dump.
 */
function oneLineFrames(frames: readonly MappedFrame[]): MappedFrame[] {
  return frames.map((f) => ({ ...f, functionName: oneLine(f.functionName, 1000), file: oneLine(f.file, 4096) }));
}

/** What a blocked thread's dump begins with; `thread` names it ("the main thread", "the worker"). */
function blockedText(result: EvaluationResult, stack: BlockedStack | undefined, thread = "the main thread"): string {
  const frames = oneLineFrames(stack?.frames ?? []);
  let out: string;
  if (stack?.pausedElsewhere === true) {
    const top = frames[0];
    const where =
      top === undefined ? "an unknown location" : `${top.functionName} (${top.file}:${top.line}:${top.column})`;
    const who = thread.charAt(0).toUpperCase() + thread.slice(1);
    out = `${who} is paused in a debugger at ${where}: another debugger session holds it there; await-tree left it paused. Stack:\n`;
  } else {
    const how =
      result.stalledMs !== undefined
        ? `Event loop blocked: no timer has run for ${formatSeconds(result.stalledMs)}`
        : `Event loop blocked (for how long is unknown: ${
            result.runtime
              ? "no loop stamp runs there: AWAIT_TREE_LOOP_STAMP=0, or a runtime that keeps none in workers"
              : "this thread does not load @await-tree/runtime, which keeps the loop stamp"
          })`;
    out = `${how}: ${thread} was running JavaScript when the dump arrived. Stack:\n`;
  }
  if (stack === undefined) return out;
  out += formatFrames(frames);
  if (stack.more > 0) out += `    … ${stack.more} more frames\n`;
  if (stack.error !== undefined) out += `    (no stack: ${oneLine(stack.error)})\n`;
  return out;
}

/**
 * What a busy thread's dump begins with: the dump landed on its running JavaScript, but its loop
 * turns (busy.ts), so no stack was taken (that would pause a healthy program for nothing).
 */
function busyText(thread = "the main thread"): string {
  const who = thread.charAt(0).toUpperCase() + thread.slice(1);
  return `${who} was running JavaScript when the dump arrived, and its event loop is turning (no timer overdue): busy, not blocked; no stack taken.\n`;
}

/** The runtime's own last line when it cut its text at the `maxLength` the CLI asked for. */
const RUNTIME_CUT = /\[Omitted (\d+) spans: output limit reached\]\n$/;

function threadText(r: EvaluationResult, max: number, key: string | undefined): string {
  if (r.notText !== undefined) return `(the runtime of this thread returned a dump that is not text: ${r.notText})\n`;
  if (r.dumpThrew !== undefined)
    return `(the runtime of this thread threw from its dump: ${oneLine(r.dumpThrew, 300)})\n`;
  const text = r.text ?? "";
  // The runtime stopped at --max-output itself: its count of the spans left out is the size that
  // matters (the length of what it sent is only the limit again).
  const cut = RUNTIME_CUT.exec(text);
  if (cut !== null && cut.index <= max) {
    return `${boundedText(text.slice(0, cut.index), max)}[Output cut at ${max} characters by await-tree --max-output: ${cut[1]} spans left out]\n`;
  }
  const body = boundedText(text, max);
  if (body !== "") return body;
  return key === undefined ? "(no tasks)\n" : `(no task with key ${oneLine(JSON.stringify(key), 200)})\n`;
}

/**
 * The workers listed: those that load the runtime, those that could not be asked (a worker
 * blocked in native code never answers: it may well hold tasks, and its absence must show), and
 * those busy in JavaScript (their stack says where, as the main thread's does).
 */
function listedWorkers(t: Taken): WorkerDump[] {
  return t.workers.filter((w) => w.result?.runtime === true || w.error !== undefined || w.stack !== undefined);
}

/** The thread id of a worker: from its answer, else from the title Node.js gave it ("[worker 3] …"). */
function workerThreadId(w: WorkerDump): number | undefined {
  if (w.result?.threadId !== undefined) return w.result.threadId;
  const m = /^\[worker (\d+)\]/.exec(w.title);
  return m === null ? undefined : Number(m[1]);
}

function renderText(args: DumpArgs, t: Taken): string {
  const workers = listedWorkers(t);
  const headings = workers.length > 0 || t.skippedWorkers > 0;
  let out = "";
  if (headings) out += `== main thread (pid ${args.pid}) ==\n`;
  if (t.stack !== undefined) out += `${boundedText(blockedText(t.main, t.stack), 1_000_000)}\n`;
  else if (t.mainState === "busy") out += busyText();
  out += t.main.runtime
    ? threadText(t.main, args.maxOutput, args.key)
    : "(this thread does not load @await-tree/runtime)\n";
  // Between threads, one blank line (a registry's text may end with one of its own).
  const section = (text: string): string => (headings ? text.replace(/\n+$/, "\n") : text);
  out = section(out);
  for (const w of workers) {
    // Node.js titles a worker "[worker <threadId>] <name>": the heading keeps the name only, and
    // not the name Node 24+ gives a worker that was given none ("WorkerThread").
    const name = w.title.replace(/^\[worker \d+\]\s*/, "").replace(/^WorkerThread$/, "");
    const threadId = workerThreadId(w);
    const id = threadId === undefined ? `(inspector id ${oneLine(w.workerId, 20)})` : String(threadId);
    out += `\n== worker thread ${id}${name === "" ? "" : `: ${oneLine(name)}`} ==\n`;
    if (w.result === undefined) {
      out += section(`(not dumped: ${oneLine(w.error ?? "no answer", 1000)})\n`);
      continue;
    }
    const blocked =
      w.stack !== undefined
        ? `${boundedText(blockedText(w.result, w.stack, "the worker"), 1_000_000)}\n`
        : w.state === "busy"
          ? busyText("the worker")
          : "";
    out += section(
      `${blocked}${w.result.runtime ? threadText(w.result, args.maxOutput, args.key) : "(this thread does not load @await-tree/runtime)\n"}`,
    );
  }
  if (t.skippedWorkers > 0) out += `\n(${t.skippedWorkers} more worker threads not asked: ${skippedWhy()})\n`;
  if (t.lateWorkers > 0) out += `\n(${t.lateWorkers} worker threads started during the dump, not asked)\n`;
  return out;
}

function skippedWhy(): string {
  return `await-tree asks at most ${MAX_WORKERS} workers, within --timeout`;
}

/**
 * A thread's JSON dump within --max-output: as many whole tasks as fit, and a note of how many were
 * left out (the JSON stays valid). The runtime cuts its JSON itself at the `maxLength` it is given
 * (since the dump's memory was bounded); a target with an older runtime sends it whole.
 */
function parsedDump(r: EvaluationResult, max: number): unknown {
  if (r.notText !== undefined)
    return { tasks: [], errors: [`the target returned a dump that is not text: ${r.notText}`] };
  if (r.dumpThrew !== undefined)
    return { tasks: [], errors: [`the target's dump threw: ${oneLine(r.dumpThrew, 300)}`] };
  const text = r.text ?? "";
  let parsed: { tasks?: unknown; errors?: unknown } & Record<string, unknown>;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { tasks: [], errors: [`the target returned a dump that is not JSON: ${oneLine(text, 200)}`] };
  }
  if (text.length <= max) return parsed;
  const tasks = Array.isArray(parsed?.tasks) ? (parsed.tasks as unknown[]) : [];
  const kept: unknown[] = [];
  let size = 0;
  for (const task of tasks) {
    size += JSON.stringify(task).length + 1;
    if (size > max) break;
    kept.push(task);
  }
  const errors = Array.isArray(parsed?.errors) ? (parsed.errors as unknown[]) : [];
  // Tasks the runtime already left out (a sandbox's dump and the main realm's, each cut, then merged).
  const before = typeof parsed.omittedTasks === "number" ? parsed.omittedTasks : 0;
  const omitted = tasks.length - kept.length + before;
  const note = `${omitted} of ${tasks.length + before} tasks left out: the dump (${text.length} characters) exceeds --max-output ${max}`;
  return { ...parsed, tasks: kept, omittedTasks: omitted, errors: [...errors, note] };
}

/** A thread's `blocked` field in the JSON output: null unless it was running JavaScript. */
function blockedJSON(result: EvaluationResult, stack: BlockedStack | undefined): unknown {
  if (stack === undefined) return null;
  return {
    stalledMs: result.stalledMs ?? null,
    stack: stack.frames,
    ...(stack.pausedElsewhere === true ? { pausedInDebugger: true } : {}),
    ...(stack.error ? { error: stack.error } : {}),
  };
}

/** A thread's `busy` field in the JSON output: present when it ran JavaScript while its loop turned. */
function busyJSON(result: EvaluationResult): unknown {
  return { stalledMs: result.stalledMs ?? null, overdueMs: result.overdueMs ?? null };
}

function renderJSON(args: DumpArgs, t: Taken): string {
  const threads: unknown[] = [];
  const main: Record<string, unknown> = { thread: "main", threadId: t.main.threadId ?? 0 };
  if (t.main.version !== undefined) main.runtimeVersion = t.main.version;
  main.blocked = blockedJSON(t.main, t.stack);
  if (t.stack === undefined && t.mainState === "busy") main.busy = busyJSON(t.main);
  main.dump = t.main.runtime ? parsedDump(t.main, args.maxOutput) : null;
  threads.push(main);
  for (const w of listedWorkers(t)) {
    const threadId = workerThreadId(w);
    threads.push({
      thread: "worker",
      workerId: w.workerId,
      ...(threadId === undefined ? {} : { threadId }),
      title: w.title,
      ...(w.result?.version === undefined ? {} : { runtimeVersion: w.result.version }),
      blocked: w.result === undefined ? null : blockedJSON(w.result, w.stack),
      ...(w.result !== undefined && w.stack === undefined && w.state === "busy" ? { busy: busyJSON(w.result) } : {}),
      dump:
        w.result === undefined
          ? { tasks: [], errors: [`not dumped: ${w.error ?? "no answer"}`] }
          : w.result.runtime
            ? parsedDump(w.result, args.maxOutput)
            : null,
    });
  }
  const skipped = t.skippedWorkers > 0 ? { workersNotAsked: t.skippedWorkers } : {};
  const late = t.lateWorkers > 0 ? { workersStartedDuringDump: t.lateWorkers } : {};
  return `${JSON.stringify({ pid: args.pid, threads, ...skipped, ...late }, null, 2)}\n`;
}

/**
 * Write the output; resolves to the exit code. A reader that went away (`| head -1`: EPIPE) ends
 * the command quietly with the dump's own code; any other failure (a full disk: ENOSPC) is one
 * line on stderr and exit code 1. Without this, the stream's error event would crash the CLI
 * with a stack trace.
 */
function writeOut(text: string, code: number): Promise<number> {
  return new Promise((resolve) => {
    process.stdout.write(text, (e) => {
      if (e === undefined || e === null) return resolve(code);
      if ((e as NodeJS.ErrnoException).code === "EPIPE") return resolve(code);
      process.stderr.write(`await-tree: could not write the dump to stdout: ${oneLine(e.message)}\n`);
      resolve(1);
    });
  });
}

/** Run the command; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  // A write error is also emitted as an event: handled where the write is (writeOut), and not a
  // crash on stderr either (a closed stderr leaves nothing to report to).
  process.stdout.on("error", () => undefined);
  process.stderr.on("error", () => undefined);
  try {
    const args = parseDumpArgs(argv);
    if (args === undefined) {
      return await writeOut(USAGE, 0);
    }
    checkTarget(args.pid);
    const request: DumpRequest = {
      json: args.json,
      verbose: args.verbose,
      locations: args.locations,
      maxLength: args.maxOutput,
      limitName: "--max-output",
      ...(args.key === undefined ? {} : { key: args.key }),
    };
    const taken = await take(args, request);
    // A worker that could not be asked (blocked in native code, or gone during the dump: a pool
    // being destroyed) may well load the runtime, as the task files of a pool whose main thread is
    // not traced do: it is listed with why it was not dumped, never reported as "no runtime".
    const anyRuntime =
      taken.main.runtime || taken.workers.some((w) => w.result?.runtime === true || w.error !== undefined);
    const [major = 0, minor = 0] = (taken.main.node ?? "").split(".").map(Number);
    if (!anyRuntime && taken.main.node !== undefined && (major < 20 || (major === 20 && minor < 19))) {
      throw new CliError(
        "node-too-old",
        `pid ${args.pid} runs Node.js ${oneLine(taken.main.node, 40)}, older than @await-tree/runtime supports (20.19 or newer), and does not load the runtime: run the program on Node.js 20.19 or newer with @await-tree/runtime`,
      );
    }
    if (!anyRuntime) {
      throw new CliError(
        "no-runtime",
        `pid ${args.pid} does not load @await-tree/runtime (nothing published globalThis[Symbol.for("await-tree.runtime")] in it or its workers): install @await-tree/runtime in that program and load it (compile with @await-tree/transformer or import it), then dump again${childrenHint(args.pid)}`,
      );
    }
    return await writeOut(args.json ? renderJSON(args, taken) : renderText(args, taken), 0);
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(`await-tree: ${e.message}\n`);
      return e.exitCode;
    }
    process.stderr.write(
      `await-tree: unexpected failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    return 1;
  }
}
