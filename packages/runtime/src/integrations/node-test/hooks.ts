/**
 * The node:test side: a root `beforeEach` and `afterEach` (registered before the test file runs,
 * so on the root test: they run around every test of the process, nested ones included). The test
 * is the running task from its `beforeEach` to its `afterEach`. node:test aborts a test's
 * `signal` when it gives up on it (a timeout, or the cancellation of a test still pending when the
 * event loop empties) before its `afterEach` hooks run, and after them for a test that finished:
 * a test still running at the abort timed out or was cancelled, and its tree is added to its
 * report as diagnostics (node:test's public way to add lines to a test's report; its error is
 * made by node:test and is not reachable). A test whose hook timed out (`passed` false in its
 * `afterEach`, with a timeout among its errors) is explained the same way: the hook's work is in
 * the test's tree.
 */
import { timeoutReport } from "../core/report";
import type { TestTask, TestTasks } from "../core/tasks";

/** The parts of node:test's TestContext the adapter reads. */
export interface TestContextLike {
  name: string;
  /** "Suite > test" (Node 20.16 and later). */
  fullName?: string;
  /** An AbortSignal: only its abort event is read (typed by shape: the published types need no DOM or Node lib). */
  signal?: { addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void };
  diagnostic?(message: string): void;
  /** In `afterEach`: whether the test passed so far, and its error (Node 20.12 and later). */
  passed?: boolean;
  error?: unknown;
}

/** Whether node:test's error (or one it wraps: a hook's) is a timeout. */
function timedOut(error: unknown): boolean {
  let e = error;
  for (let depth = 0; depth < 5 && e !== undefined && e !== null; depth++) {
    const x = e as { failureType?: unknown; message?: unknown; cause?: unknown };
    if (x.failureType === "testTimeoutFailure") return true;
    const text = typeof e === "string" ? e : typeof x.message === "string" ? x.message : "";
    if (/^test timed out after \d+ms$/.test(text)) return true;
    if (typeof e !== "object") return false;
    e = x.cause;
  }
  return false;
}

type Hook = (t: TestContextLike) => void;

export interface NodeTestApi {
  beforeEach(fn: Hook): void;
  afterEach(fn: Hook): void;
}

export class TestHooks {
  private readonly running = new WeakMap<object, TestTask<TestContextLike>>();

  constructor(private readonly tasks: TestTasks<TestContextLike>) {}

  install(api: NodeTestApi): void {
    api.beforeEach((t) => this.starts(t));
    api.afterEach((t) => this.ends(t));
  }

  private starts(t: TestContextLike): void {
    if (t === null || typeof t !== "object") return;
    // Nested: a subtest (`t.test()`) starts while its parent runs, which is the running task again
    // when the subtest ends (its later work went nowhere). A test that starts after another ended
    // has no running outer task.
    const task = this.tasks.start(t, true, true, true);
    this.running.set(t, task);
    try {
      t.signal?.addEventListener("abort", () => this.aborted(t, task), { once: true });
    } catch {
      // No signal to listen to: timeouts go unexplained, leaks are still reported.
    }
  }

  private aborted(t: TestContextLike, task: TestTask<TestContextLike>): void {
    if (task.settled) return;
    this.running.delete(t);
    this.report(t, task);
  }

  /** Add the task's tree to the test's report (it timed out, or node:test gave up on it). */
  private report(t: TestContextLike, task: TestTask<TestContextLike>): void {
    const taken = this.tasks.timedOut(task);
    if (taken === undefined) return;
    // A timeout or a cancellation ("the event loop has already resolved"): the signal does not say.
    const text = timeoutReport(taken.key, taken.tree, "", "when node:test gave up on it").replace(/^\n+/, "");
    try {
      // One diagnostic a line: the TAP reporter escapes line breaks inside one.
      for (const line of text.split("\n")) t.diagnostic?.(line);
    } catch {
      process.stderr.write(`${text}\n`);
    }
  }

  private ends(t: TestContextLike): void {
    if (t === null || typeof t !== "object") return;
    const task = this.running.get(t);
    if (task === undefined) return;
    this.running.delete(t);
    if (t.passed === false) {
      // A hook of the test timed out (its work is in the test's tree): explain it like a test's
      // own timeout. Any other failure is reported as node:test reports it.
      if (timedOut(t.error)) this.report(t, task);
      else this.tasks.settle(task, false);
      return;
    }
    // Thrown from the root `afterEach`, the leak fails the test (leak mode `fail`).
    const leak = this.tasks.settle(task, true);
    if (leak !== undefined) throw leak;
  }
}
