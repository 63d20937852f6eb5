/**
 * Worker threads through the main inspector's `NodeWorker` domain: enabled for the dump, each
 * worker attached, the dump expression evaluated there, each detached, the domain disabled.
 */

import { RUNTIME_THREAD_NAMES } from "@await-tree/runtime/contract";
import type CDP from "chrome-remote-interface";
import { type BlockedStack, captureStack } from "./blocked";
import { type ThreadState, threadState } from "./busy";
import { type DumpRequest, dumpExpression, type EvaluationResult, readResult, stampExpression } from "./evaluate";
import { EXITED_DURING_DUMP, type WorkerSession, workerSession } from "./worker-session";

export { EXITED_DURING_DUMP };

/** The runtime's own threads by their inspector title's end. */
const OWN_THREADS = Object.values(RUNTIME_THREAD_NAMES).map((name) => `] ${name}`);

/**
 * The URL of the thread Node.js runs module customization hooks on (`module.register`, which
 * `@await-tree/transformer/register` uses on Node before 22.15): one for the main thread and one
 * for each worker started from a file, which inherits `--import`. It runs the hooks, never the
 * program, and a `node:` URL cannot be a program's worker.
 */
const NODE_HOOKS_THREAD_URL = "node:internal/modules/esm/worker";

/**
 * Threads that hold no task of the program and are not asked: the runtime's own (by their
 * inspector title's end), and Node's module hooks threads (by their URL). Asked, they took places
 * among the MAX_WORKERS, and a pool destroyed during a dump listed each as exited.
 */
function isRuntimeThread(w: Attached): boolean {
  const title = String(w.workerInfo.title ?? "");
  if (w.workerInfo.url === NODE_HOOKS_THREAD_URL) return true;
  return OWN_THREADS.some((end) => title.endsWith(end));
}

export interface WorkerDump {
  workerId: string;
  title: string;
  result: EvaluationResult | undefined;
  error?: string;
  /** Blocked, busy or idle when asked (busy.ts). */
  state?: ThreadState;
  /** The worker was running JavaScript when the dump arrived and its loop did not turn: its stack. */
  stack?: BlockedStack;
}

interface Attached {
  sessionId: string;
  workerInfo: { workerId: string; title?: string; url?: string };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    // Unref'd: a Ctrl-C ends the CLI without waiting for a worker's time to run out.
    const t = setTimeout(() => reject(new Error(what)), Math.max(1, ms));
    t.unref();
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

/** Answers within `deadline`, or rejects naming why (a thread blocked in native code serves nothing). */
function answered<T>(p: Promise<T>, deadline: number): Promise<T> {
  const ms = Math.max(1, deadline - Date.now());
  return withTimeout(
    p,
    ms,
    `the worker did not answer within ${ms} ms (it may be blocked in native code: a synchronous system call, an addon)`,
  );
}

async function evaluateIn(session: WorkerSession, expression: string, deadline: number): Promise<unknown> {
  const r = (await answered(
    session.send("Runtime.evaluate", { expression, returnByValue: true, silent: true }),
    deadline,
  )) as { result?: { value?: unknown } };
  return r.result?.value;
}

/**
 * Most workers asked: a real program has a handful; an inspector that announces more (a hostile
 * one, or a runaway program) must not hold the CLI past its --timeout. The rest are counted.
 */
export const MAX_WORKERS = 64;

/** Most milliseconds one worker gets to answer (a worker blocked in native code never does). */
const WORKER_ANSWER_MS = 3000;

export interface WorkerDumps {
  workers: WorkerDump[];
  /** Workers announced past MAX_WORKERS, or left when the deadline came: not asked. */
  skipped: number;
  /** Workers that started while the others were asked (a pool that replaces its workers): not asked. */
  late: number;
}

/** Time kept before the CLI's deadline for what follows the workers (closing, printing). */
const MARGIN_MS = 300;

export async function dumpWorkers(
  client: CDP.Client,
  request: DumpRequest,
  pid: number,
  deadline: number,
): Promise<WorkerDumps> {
  const attached: Attached[] = [];
  let announced = 0;
  let late = 0;
  /** Set once the workers to ask are known: later ones are counted, not asked. */
  let asking = false;
  const onAttached = (p: Attached): void => {
    if (isRuntimeThread(p)) return;
    if (asking) {
      late++;
      return;
    }
    announced++;
    if (attached.length < MAX_WORKERS) attached.push(p);
  };
  const gone = new Set<string>();
  const onDetached = (p: { sessionId: string }): void => {
    gone.add(p.sessionId);
  };
  client.on("NodeWorker.attachedToWorker", onAttached);
  client.on("NodeWorker.detachedFromWorker", onDetached as (params: never) => void);
  const out: WorkerDump[] = [];
  // The workers' step ends before the CLI's deadline: the main thread's trees, already taken, are
  // printed whatever the workers do.
  const until = deadline - MARGIN_MS;
  try {
    await client.send("NodeWorker.enable", { waitForDebuggerOnStart: false });
    // Existing workers are announced as the domain is enabled; give stragglers a moment.
    await new Promise((r) => setTimeout(r, 30));
    asking = true;
    const expression = dumpExpression(request, pid);
    for (const w of attached) {
      if (Date.now() >= until) break;
      const title = String(w.workerInfo.title ?? "");
      const workerId = String(w.workerInfo.workerId);
      const by = Math.min(until, Date.now() + WORKER_ANSWER_MS);
      const session = workerSession(client, w.sessionId, gone);
      try {
        const result = readResult(await evaluateIn(session, expression, by));
        // The dump landed on top of running JavaScript and the worker's loop does not turn: it is
        // stuck in a task (a loop that never yields keeps its tasks pending forever). Its stack,
        // as for the main thread; a worker that is only busy (busy.ts) is not paused for one.
        let state: ThreadState | undefined;
        if (result !== undefined) {
          const again = async () => readResult(await evaluateIn(session, stampExpression(pid), by));
          const seen = await threadState(result, again, by);
          result.stalledMs = seen.stalledMs;
          result.overdueMs = seen.overdueMs;
          state = seen.state;
        }
        const stack =
          result !== undefined && state === "blocked"
            ? await answered(captureStack(session, until, "the worker"), until).catch(
                (e: Error): BlockedStack => ({ frames: [], more: 0, error: e.message }),
              )
            : undefined;
        out.push({
          workerId,
          title,
          result,
          ...(state === undefined ? {} : { state }),
          ...(stack === undefined ? {} : { stack }),
        });
      } catch (e) {
        out.push({ workerId, title, result: undefined, error: (e as Error).message });
      } finally {
        session.close();
      }
    }
  } finally {
    client.removeListener("NodeWorker.attachedToWorker", onAttached);
    client.removeListener("NodeWorker.detachedFromWorker", onDetached as (params: never) => void);
    // Bounded as well: an inspector that never answers a detach must not hold the CLI.
    const by = Math.max(deadline, Date.now() + 500);
    for (const w of attached) {
      if (Date.now() >= by) break;
      await withTimeout(client.send("NodeWorker.detach", { sessionId: w.sessionId }), by - Date.now(), "detach").catch(
        () => undefined,
      );
    }
    await withTimeout(client.send("NodeWorker.disable"), Math.max(1, by - Date.now()), "disable").catch(
      () => undefined,
    );
  }
  return { workers: out, skipped: announced - out.length, late };
}
