/** `await-tree dump <pid>`: connect, evaluate in every thread, leave the target as it was, print. */

import { formatFrames } from "@await-tree/runtime/internal/stack";
import { type DumpArgs, parseDumpArgs, USAGE } from "./args";
import { type BlockedStack, captureStack } from "./blocked";
import { CliError } from "./errors";
import { type DumpRequest, dumpExpression, type EvaluationResult, readResult } from "./evaluate";
import { type Connection, closeOpened, connect, refusesConnections } from "./inspector";
import { checkTarget, isAlive } from "./proc";
import { boundedText, oneLine } from "./sanitize";
import { trace } from "./trace";
import { dumpWorkers, type WorkerDump } from "./workers";

interface Taken {
  main: EvaluationResult;
  stack: BlockedStack | undefined;
  workers: WorkerDump[];
  /** A warning to print on stderr (the target was not left exactly as found). */
  warning?: string;
}

function timeoutError(pid: number, ms: number): CliError {
  return new CliError(
    "timeout",
    `pid ${pid} did not answer within ${ms} ms: its main thread may be blocked in native code (a synchronous system call, Atomics.wait, an addon); try again with a longer --timeout, or run it with AWAIT_TREE_WATCHDOG=<ms>`,
  );
}

async function take(args: DumpArgs, request: DumpRequest): Promise<Taken> {
  const deadline = Date.now() + args.timeoutMs;
  const pid = args.pid;
  const timer = new Promise<never>((_, reject) => {
    const t = setTimeout(() => reject(timeoutError(pid, args.timeoutMs)), args.timeoutMs);
    t.unref();
  });
  const connecting = connect(pid, args.inspectPort, deadline);
  let conn: Connection;
  try {
    conn = await Promise.race([connecting, timer]);
  } catch (e) {
    // Timed out while connecting: an inspector opened meanwhile is still closed before we leave.
    const late = await Promise.race([connecting.catch(() => undefined), sleepUnref(6000)]);
    if (late !== undefined) {
      if (late.opened) await closeOpened(late, pid, false);
      else await late.client.close().catch(() => undefined);
    }
    throw e;
  }
  let blocked = false;
  let warning: string | undefined;
  const exiting = watchExit(pid, conn.port);
  try {
    const r = await Promise.race([
      conn.client.send("Runtime.evaluate", { expression: dumpExpression(request), returnByValue: true, silent: true }),
      timer,
      exiting.promise,
    ]);
    const main = readResult(r?.result?.value);
    if (main === undefined)
      throw new CliError("protocol", `pid ${pid} answered the dump with something else than a dump`);
    if (main.pid !== pid) {
      throw new CliError(
        "wrong-target",
        `the inspector on port ${conn.port} belongs to pid ${main.pid}, not ${pid}: the port is another process's; give pid ${pid}'s own port with --inspect-port`,
      );
    }
    trace(`evaluated (below: ${main.below})`);
    blocked = main.below > 0;
    // The main thread's trees are in hand: a target that starts exiting now still gets them shown,
    // without the parts it can no longer give.
    const gone: Promise<typeof EXITED> = exiting.promise.then(
      () => EXITED,
      () => EXITED,
    );
    const stack = blocked ? await Promise.race([captureStack(conn.client, deadline), timer, gone]) : undefined;
    trace("stack taken");
    const workers =
      stack === EXITED ? EXITED : await Promise.race([dumpWorkers(conn.client, request, deadline), timer, gone]);
    trace("workers dumped");
    if (stack === EXITED || workers === EXITED) {
      warning = `pid ${pid} began exiting during the dump: its main thread's trees are shown, without ${blocked ? "the blocked stack and " : ""}the worker threads`;
      return { main, stack: undefined, workers: [] };
    }
    return { main, stack, workers };
  } catch (e) {
    if (!isAlive(pid)) throw new CliError("target-exited", `pid ${pid} exited during the dump`);
    if (e instanceof CliError) throw e;
    throw new CliError("protocol", `the inspector of pid ${pid} failed: ${(e as Error).message}`);
  } finally {
    exiting.stop();
    if (conn.opened) {
      const closed = await closeOpened(conn, pid, blocked);
      if (!closed) {
        warning = `the inspector of pid ${pid} on 127.0.0.1:${conn.port} is still open (the target did not serve the close: its main thread is still busy with the dump or blocked in native code); it closes when the process ends or calls require("node:inspector").close()`;
      }
    } else {
      await conn.client.close().catch(() => undefined);
    }
    if (warning !== undefined) process.stderr.write(`await-tree: warning: ${warning}\n`);
  }
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

function blockedText(main: EvaluationResult, stack: BlockedStack | undefined): string {
  const how =
    main.stalledMs !== undefined
      ? `Event loop blocked: no timer has run for ${formatSeconds(main.stalledMs)}`
      : "Event loop blocked (for how long is unknown: the target was started with AWAIT_TREE_LOOP_STAMP=0)";
  let out = `${how}: the main thread was running JavaScript when the dump arrived. Stack:\n`;
  if (stack === undefined) return out;
  out += formatFrames(stack.frames);
  if (stack.more > 0) out += `    … ${stack.more} more frames\n`;
  if (stack.error !== undefined) out += `    (no stack: ${stack.error})\n`;
  return out;
}

function threadText(r: EvaluationResult, max: number, key: string | undefined): string {
  if (r.notText !== undefined) return `(the runtime of this thread returned a dump that is not text: ${r.notText})\n`;
  const body = boundedText(r.text ?? "", max);
  if (body !== "") return body;
  return key === undefined ? "(no tasks)\n" : `(no task with key ${oneLine(JSON.stringify(key), 200)})\n`;
}

function renderText(args: DumpArgs, t: Taken): string {
  const workers = t.workers.filter((w) => w.result?.runtime === true);
  const headings = workers.length > 0;
  let out = "";
  if (headings) out += `== main thread (pid ${args.pid}) ==\n`;
  if (t.stack !== undefined) out += `${boundedText(blockedText(t.main, t.stack), 1_000_000)}\n`;
  out += t.main.runtime
    ? threadText(t.main, args.maxOutput, args.key)
    : "(this thread does not load @await-tree/runtime)\n";
  for (const w of workers) {
    const r = w.result as EvaluationResult;
    // Node.js titles a worker "[worker <threadId>] <name>": the heading keeps the name only.
    const name = w.title.replace(/^\[worker \d+\]\s*/, "");
    const id = r.threadId === undefined ? `(inspector id ${oneLine(w.workerId, 20)})` : String(r.threadId);
    out += `\n== worker thread ${id}${name === "" ? "" : `: ${oneLine(name)}`} ==\n`;
    out += threadText(r, args.maxOutput, args.key);
  }
  return out;
}

function parsedDump(r: EvaluationResult, max: number): unknown {
  if (r.notText !== undefined)
    return { tasks: [], errors: [`the target returned a dump that is not text: ${r.notText}`] };
  const text = r.text ?? "";
  if (text.length > max)
    return { tasks: [], errors: [`the dump (${text.length} characters) exceeds --max-output ${max}`] };
  try {
    return JSON.parse(text);
  } catch {
    return { tasks: [], errors: [`the target returned a dump that is not JSON: ${oneLine(text, 200)}`] };
  }
}

function renderJSON(args: DumpArgs, t: Taken): string {
  const threads: unknown[] = [];
  const main: Record<string, unknown> = { thread: "main", threadId: t.main.threadId ?? 0 };
  if (t.main.version !== undefined) main.runtimeVersion = t.main.version;
  main.blocked =
    t.stack === undefined
      ? null
      : {
          stalledMs: t.main.stalledMs ?? null,
          stack: t.stack.frames,
          ...(t.stack.error ? { error: t.stack.error } : {}),
        };
  main.dump = t.main.runtime ? parsedDump(t.main, args.maxOutput) : null;
  threads.push(main);
  for (const w of t.workers) {
    if (w.result?.runtime !== true) continue;
    threads.push({
      thread: "worker",
      workerId: w.workerId,
      threadId: w.result.threadId,
      title: w.title,
      runtimeVersion: w.result.version,
      dump: parsedDump(w.result, args.maxOutput),
    });
  }
  return `${JSON.stringify({ pid: args.pid, threads }, null, 2)}\n`;
}

/** Run the command; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseDumpArgs(argv);
    if (args === undefined) {
      process.stdout.write(USAGE);
      return 0;
    }
    checkTarget(args.pid);
    const request: DumpRequest = {
      json: args.json,
      verbose: args.verbose,
      locations: args.locations,
      maxLength: args.maxOutput,
      ...(args.key === undefined ? {} : { key: args.key }),
    };
    const taken = await take(args, request);
    const anyRuntime = taken.main.runtime || taken.workers.some((w) => w.result?.runtime === true);
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
        `pid ${args.pid} does not load @await-tree/runtime (nothing published globalThis[Symbol.for("await-tree.runtime")] in it or its workers): install @await-tree/runtime in that program and load it (compile with @await-tree/transformer or import it), then dump again`,
      );
    }
    process.stdout.write(args.json ? renderJSON(args, taken) : renderText(args, taken));
    return 0;
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
