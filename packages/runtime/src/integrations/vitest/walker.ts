/**
 * Making every test and hook of a vitest file run as a task.
 *
 * Hooks: a root `beforeAll` that the setup file registers on the file's suite walks the file (all
 * collected by then) and wraps each hook in place in the lists the runner reads
 * (`TestRunner.getSuiteHooks`). What is wrapped is vitest's own timeout wrapper around the user's
 * hook: the adapter sees a hook's timeout error before vitest does and appends the tree to it.
 *
 * Tests: vitest has no public way to replace a test's function (its `setTestFn` is an alias of
 * `getTestFn` in 4.1 and 5), and a root `beforeEach`/`afterEach` pair costs every test vitest's
 * per-hook bookkeeping (a task update sent to the main process for each hook phase: more than
 * everything else the adapter does). So a test becomes a task when traced code first runs with no
 * other context: the runtime's fallback asks vitest for its running test
 * (`TestRunner.getCurrentTest`) and registers the test's end with `context.onTestFinished`, from
 * inside the test. A test that reaches no traced code costs nothing. At its end the test's timeout
 * error is already stored (serialised) in its result: the tree is appended there.
 */
import { appendToError, carriesTimeoutReport, timeoutReport } from "../core/report";
import { lookAlike, runAsTask, type TaskOutcome } from "../core/run-as-task";
import type { TestTask, TestTasks } from "../core/tasks";
import type { GetSuiteHooks, HookFn, TaskLike, TestContextLike } from "./vitest-types";

/** What a task of the vitest adapter stands for: a test, or a hook of a suite (for a test). */
export interface VitestSource {
  task: TaskLike;
  /** The hook's kind (`beforeEach`, ...), or undefined for a test. */
  hook: string | undefined;
  /** For a `beforeEach`/`afterEach` hook: the test it runs for. */
  test: TaskLike | undefined;
}

const HOOKS = ["beforeAll", "beforeEach", "afterEach", "afterAll"] as const;
const WRAPPED = Symbol("await-tree:vitest");
export const TEST_TIMEOUT = /^Test timed out in \d+ms\./;
export const HOOK_TIMEOUT = /^Hook timed out in \d+ms\./;

/** "Suite > inner > test", as vitest's reporters name a test (without the file). */
export function fullName(task: TaskLike): string {
  const names: string[] = [];
  for (let t: TaskLike | undefined = task; t !== undefined && t.filepath === undefined; t = t.suite) {
    names.unshift(String(t.name));
  }
  return names.join(" > ");
}

export function sourceKey(s: VitestSource): string {
  if (s.hook === undefined) return fullName(s.task);
  const where = fullName(s.task);
  const hook = `${where === "" ? "" : `${where} > `}${s.hook} hook`;
  return s.test === undefined ? hook : `${hook} for "${String(s.test.name)}"`;
}

export function sourceTitle(s: VitestSource): string {
  return s.hook === undefined ? String(s.task.name) : `${s.hook} hook`;
}

function marked(f: unknown): boolean {
  return typeof f === "function" && (f as { [WRAPPED]?: true })[WRAPPED] === true;
}

function mark<F extends HookFn>(f: F): F {
  Object.defineProperty(f, WRAPPED, { value: true });
  return f;
}

export class SuiteWalker {
  private readonly walked = new WeakSet<object>();
  /** The task of each test that reached traced code (its last run). */
  private readonly tests = new WeakMap<object, TestTask<VitestSource>>();
  /**
   * How many errors the test's result held when its task was made: a retried test's result keeps
   * every attempt's errors, and only those after this many are the errors of the task's attempt.
   */
  private readonly errorsBefore = new WeakMap<TestTask<VitestSource>, number>();

  constructor(
    private readonly tasks: TestTasks<VitestSource>,
    private readonly getSuiteHooks: GetSuiteHooks,
    private readonly outcome: TaskOutcome,
  ) {}

  /** Wrap the hooks of `file` and its suites. */
  walkFile(file: TaskLike): void {
    this.walk(file);
  }

  /**
   * The task of the test vitest runs now, made on first need (see the module comment); undefined
   * outside a test, or once the test is over (a callback it left behind).
   */
  currentTest(getCurrentTest: () => TaskLike | undefined): TestTask<VitestSource> | undefined {
    let test: TaskLike | undefined;
    try {
      test = getCurrentTest();
    } catch {
      return undefined;
    }
    if (test === undefined || test === null || typeof test !== "object") return undefined;
    const known = this.tests.get(test);
    // A retried or repeated test is the same object, running again.
    if (known !== undefined && (!known.settled || test.result?.state !== "run"))
      return known.settled ? undefined : known;
    const task = this.tasks.create({ task: test, hook: undefined, test: undefined }, true);
    this.tests.set(test, task);
    const before = test.result?.errors?.length;
    this.errorsBefore.set(task, typeof before === "number" ? before : 0);
    try {
      (test as TaskLike & { context: TestContextLike }).context.onTestFinished?.(() => this.testEnds(test, task));
    } catch {
      // Its end cannot be followed: it is no task.
      this.tasks.settle(task, false);
      return undefined;
    }
    return task;
  }

  private hooksOf(suite: TaskLike): Record<string, HookFn[] | undefined> | undefined {
    try {
      const h = this.getSuiteHooks(suite);
      return h !== null && typeof h === "object" ? h : undefined;
    } catch {
      return undefined;
    }
  }

  private walk(top: TaskLike): void {
    const stack: TaskLike[] = [top];
    while (stack.length > 0) {
      const t = stack.pop() as TaskLike;
      if (!Array.isArray(t.tasks) || this.walked.has(t)) continue;
      this.walked.add(t);
      this.wrapHooks(t);
      for (const child of t.tasks) stack.push(child);
    }
  }

  private wrapHooks(suite: TaskLike): void {
    const all = this.hooksOf(suite);
    if (all === undefined) return;
    for (const kind of HOOKS) {
      const list = all[kind];
      if (!Array.isArray(list)) continue;
      for (let i = 0; i < list.length; i++) {
        const h = list[i];
        if (typeof h === "function" && !marked(h)) list[i] = this.hook(suite, kind, h);
      }
    }
  }

  private hook(suite: TaskLike, kind: string, original: HookFn): HookFn {
    const { tasks, outcome } = this;
    const walker = this;
    const perTest = kind === "beforeEach" || kind === "afterEach";
    return mark(
      lookAlike(original, function awaitTreeHook(this: unknown, ...args: unknown[]) {
        // A per-test hook's first argument is the test's context (`context.task` is the test).
        const test = perTest ? (args[0] as Partial<TestContextLike> | undefined)?.task : undefined;
        if (kind === "afterEach" && test !== undefined) walker.timedOutBefore(test);
        const source: VitestSource = { task: suite, hook: kind, test };
        return runAsTask(tasks, source, false, () => original.apply(this, args), outcome, true);
      }),
    );
  }

  /**
   * Before an `afterEach` hook runs: a test that timed out gets its tree now, from what it still
   * waits on. The hooks run before `onTestFinished`, and one that cleans up (`queryClient.clear()`,
   * `server.close()`) may settle that work, which the tree taken at the test's end no longer shows.
   */
  timedOutBefore(test: TaskLike): void {
    const task = this.tests.get(test);
    if (task === undefined || task.settled || test.result?.state !== "fail") return;
    const timeout = lastTestTimeout(test.result.errors, this.errorsBefore.get(task));
    if (timeout !== undefined) this.report(task, timeout);
  }

  private report(task: TestTask<VitestSource>, timeout: unknown): void {
    const taken = this.tasks.timedOut(task);
    if (taken === undefined) return;
    const text = timeoutReport(taken.key, taken.tree, this.outcome.indent);
    if (!appendToError(timeout as Error, text)) {
      this.outcome.warn(`await-tree: [${taken.key}] timed out (its error could not be extended):${text}\n`);
    }
  }

  private testEnds(test: TaskLike, task: TestTask<VitestSource>): void {
    const result = test.result;
    // Skipped while it ran (`ctx.skip()`): not a passing test, so what it left is no leak of one.
    if (result?.state === "skip" || result?.state === "todo") {
      this.tasks.settle(task, false);
      return;
    }
    if (result?.state !== "fail") {
      const leak = this.tasks.settle(task, true);
      // Thrown from an `onTestFinished` handler: vitest fails the test with it (leak mode `fail`).
      if (leak !== undefined) throw leak;
      return;
    }
    const timeout = lastTimeout(result.errors, this.errorsBefore.get(task));
    if (timeout === undefined) {
      this.tasks.settle(task, false);
      return;
    }
    this.report(task, timeout);
  }
}

type Errors = readonly ({ message?: unknown } | undefined)[] | undefined;

/**
 * This attempt's own timeout error (`Test timed out in ...`): the last one (see `lastTimeout`),
 * among the errors after the first `from` (those of earlier attempts).
 */
function lastTestTimeout(errors: Errors, from = 0): unknown {
  if (errors === undefined) return undefined;
  for (let i = errors.length - 1; i >= from; i--) {
    const e = errors[i];
    if (TEST_TIMEOUT.test(String(e?.message))) return e;
  }
  return undefined;
}

/**
 * This attempt's timeout error: the last one after the first `from`. A retried test's
 * `result.errors` holds every attempt's errors (vitest groups equal ones as "initial run, 1st
 * retry"): the first one found got every attempt's tree, and an earlier attempt's timeout got the
 * tree of a later attempt that failed otherwise.
 *
 * Or, when the test itself did not time out, a hook's timeout that no hook's task reported: that of
 * a cleanup function a `beforeEach` returned, which vitest runs after the test under the hook's
 * timeout, outside the wrapped hook (vitest 4.1+). The test's task is still open then (it ends in
 * `onTestFinished`, after the cleanups), and traced code a cleanup runs lands in it.
 */
function lastTimeout(errors: Errors, from = 0): unknown {
  if (errors === undefined) return undefined;
  const own = lastTestTimeout(errors, from);
  if (own !== undefined) return own;
  for (let i = errors.length - 1; i >= from; i--) {
    const message = String(errors[i]?.message);
    if (HOOK_TIMEOUT.test(message) && !carriesTimeoutReport(message)) return errors[i];
  }
  return undefined;
}
