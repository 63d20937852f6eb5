/**
 * The one expression the CLI evaluates in each thread of the target (main thread and workers).
 * It reads the process-wide runtime (`globalThis[Symbol.for("await-tree.runtime")]`) and one that
 * lives in a sandbox (a jest test file's, a vitest vm pool's), which the `node:worker_threads`
 * module holds under `Symbol.for("await-tree.sandbox")`; calls their
 * `dump`, and says whether it ran on top of the program's JavaScript (an evaluation that arrives
 * while the thread is idle runs on an empty stack; one that arrives while the thread spins runs
 * at the interrupted point, with the program's frames below). To count those frames it swaps
 * `Error.prepareStackTrace` and `Error.stackTraceLimit` for the instant of one capture and puts
 * them back exactly (no program code runs in between).
 */
import type { DumpOptions } from "@await-tree/runtime";
import { unescapeControls } from "./sanitize";
import { joinStatement, type Session } from "./sessions";

export interface EvaluationResult {
  pid: number;
  threadId?: number;
  runtime: boolean;
  version?: string;
  /** The target's Node.js version. */
  node?: string;
  /** Frames of the program below the evaluation (-1: unknown). */
  below: number;
  /** Milliseconds since the loop last turned, when the target runs a loop stamp. */
  stalledMs?: number;
  /**
   * How late the loop stamp's timer is (negative: due in that many ms): when positive, a lower
   * bound of the loop's current turn; from runtimes that publish it (busy.ts).
   */
  overdueMs?: number;
  text?: string;
  /** The dump the target returned was not a string (its `typeof`): a runtime that misbehaves. */
  notText?: string;
  /** The dump threw this (a runtime that misbehaves: ours never throws). */
  dumpThrew?: string;
}

/**
 * The options the CLI gives the target's `dump` (the runtime's `DumpOptions`, so a renamed option
 * fails this build; the target's runtime may be older, and ignores what it does not know).
 */
export interface DumpRequest extends DumpOptions {
  json: boolean;
  key?: string;
  verbose: boolean;
  locations: boolean;
  maxLength: number;
  limitName: string;
}

/**
 * The expression for the thread(s) of process `pid`. It returns at once, with nothing done but
 * reading `process.pid`, when it runs in another process: the port may have changed hands between
 * the moment the CLI found it and the connection (the target exited and another program's
 * inspector took the port), and a separate round trip to check would leave the same gap.
 */
export function dumpExpression(request: DumpRequest, pid: number, session?: Session): string {
  const raw = request.key === undefined ? undefined : unescapeControls(request.key);
  const alternative = raw === undefined ? null : { ...request, key: raw };
  return `(() => {
  if (process.pid !== ${pid}) return { pid: process.pid, runtime: false, below: -1 };
  const out = { pid: process.pid, runtime: false, below: -1, node: String(process.versions.node) };
  ${session === undefined ? "" : joinStatement(session)}
  try { out.threadId = process.getBuiltinModule("node:worker_threads").threadId; } catch {}
  ${COUNT_FRAMES_BELOW}
  let rt = globalThis[Symbol.for("await-tree.runtime")];
  let stamp = globalThis[Symbol.for("await-tree.loop-stamp")];
  // A runtime in a sandbox (a jest test file's, a vitest vm pool's: the runtime's
  // integrations/core/sandbox.ts), dumped after the main realm's own, or alone.
  let sandbox;
  try {
    const s = process.getBuiltinModule("node:worker_threads")[Symbol.for("await-tree.sandbox")];
    if (s !== undefined && s !== null && s.runtime !== undefined && s.runtime !== null && s.runtime !== rt) sandbox = s;
  } catch {}
  if ((rt === undefined || rt === null) && sandbox !== undefined) { rt = sandbox.runtime; stamp = sandbox; sandbox = undefined; }
  const request = ${JSON.stringify(request)};
  const alternative = ${JSON.stringify(alternative)};
  const dumpOf = (r) => {
    let text = r.dump(request);
    // --key as the CLI printed it (control characters escaped): the key itself, if no task has the printed one.
    if (alternative !== null && (text === "" || text === '{"tasks":[]}')) text = r.dump(alternative);
    return text;
  };
  if (rt !== undefined && rt !== null && typeof rt.dump === "function") {
    out.runtime = true;
    try { out.version = String(rt.version); } catch {}
    try { out.text = dumpOf(rt); } catch (e) {
      // The runtime's dump never throws: one that does is not ours, or is broken; say what it threw.
      let what = "an exception that cannot be printed";
      try { what = e instanceof Error ? String(e.name) + ": " + String(e.message) : String(e); } catch {}
      out.dumpThrew = what.slice(0, 500);
    }
    try {
      if (sandbox !== undefined && typeof sandbox.runtime.dump === "function" && typeof out.text === "string") {
        const more = dumpOf(sandbox.runtime);
        if (typeof more === "string") {
          if (request.json) {
            const a = JSON.parse(out.text);
            const b = JSON.parse(more);
            if (Array.isArray(a.tasks) && Array.isArray(b.tasks)) {
              a.tasks = a.tasks.concat(b.tasks);
              if (Array.isArray(b.errors)) a.errors = (Array.isArray(a.errors) ? a.errors : []).concat(b.errors);
              if (typeof b.omittedTasks === "number") a.omittedTasks = (typeof a.omittedTasks === "number" ? a.omittedTasks : 0) + b.omittedTasks;
              out.text = JSON.stringify(a);
            }
          } else if (more !== "") {
            out.text = out.text === "" ? more : out.text.replace(/\\n+$/, "") + "\\n\\n" + more;
          }
        }
      }
    } catch {}
  }
  ${READ_STAMP}
  return out;
})()`;
}

/**
 * Statements of both expressions, written at the top level of their arrow function: the count of
 * the program's frames below the evaluation (`- 2`: the arrow and the evaluated script) goes to
 * `out.below`.
 */
const COUNT_FRAMES_BELOW = `const E = Error;
  const pd = Object.getOwnPropertyDescriptor(E, "prepareStackTrace");
  const ld = Object.getOwnPropertyDescriptor(E, "stackTraceLimit");
  try {
    Object.defineProperty(E, "prepareStackTrace", { value: (_, cs) => cs.length, configurable: true, writable: true });
    Object.defineProperty(E, "stackTraceLimit", { value: 4, configurable: true, writable: true });
    const o = {};
    E.captureStackTrace(o);
    out.below = o.stack - 2;
  } catch {} finally {
    try { if (pd) Object.defineProperty(E, "prepareStackTrace", pd); else delete E.prepareStackTrace; } catch {}
    try { if (ld) Object.defineProperty(E, "stackTraceLimit", ld); else delete E.stackTraceLimit; } catch {}
  }`;

/** The loop stamp's two readings (`stamp`: the realm's, or a sandbox's) into `out`. */
const READ_STAMP = `try {
    if (stamp !== undefined && stamp !== null && typeof stamp.stalledMs === "function") out.stalledMs = stamp.stalledMs();
  } catch {}
  try {
    if (stamp !== undefined && stamp !== null && typeof stamp.overdueMs === "function") out.overdueMs = stamp.overdueMs();
  } catch {}`;

/**
 * The second look at a thread whose first answer could not tell busy from blocked (busy.ts): where
 * it is now (frames below) and its loop stamp, nothing else. The stamp is the one the dump read:
 * the realm's, else a sandbox's.
 */
export function stampExpression(pid: number): string {
  return `(() => {
  if (process.pid !== ${pid}) return { pid: process.pid, runtime: false, below: -1 };
  const out = { pid: process.pid, runtime: false, below: -1 };
  ${COUNT_FRAMES_BELOW}
  let stamp = globalThis[Symbol.for("await-tree.loop-stamp")];
  if (stamp === undefined || stamp === null) {
    try { stamp = process.getBuiltinModule("node:worker_threads")[Symbol.for("await-tree.sandbox")]; } catch {}
  }
  ${READ_STAMP}
  return out;
})()`;
}

/** Check the shape of what came back (the target is not trusted). */
export function readResult(value: unknown): EvaluationResult | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.pid !== "number" || typeof v.runtime !== "boolean") return undefined;
  const r: EvaluationResult = { pid: v.pid, runtime: v.runtime, below: typeof v.below === "number" ? v.below : -1 };
  if (typeof v.threadId === "number") r.threadId = v.threadId;
  if (typeof v.version === "string") r.version = v.version.slice(0, 100);
  if (typeof v.node === "string") r.node = v.node.slice(0, 40);
  if (typeof v.stalledMs === "number" && Number.isFinite(v.stalledMs)) r.stalledMs = v.stalledMs;
  if (typeof v.overdueMs === "number" && Number.isFinite(v.overdueMs)) r.overdueMs = v.overdueMs;
  if (typeof v.text === "string") r.text = v.text;
  else if (v.runtime && typeof v.dumpThrew === "string") r.dumpThrew = v.dumpThrew.slice(0, 500);
  else if (v.runtime && v.text !== undefined) r.notText = v.text === null ? "null" : typeof v.text;
  return r;
}
