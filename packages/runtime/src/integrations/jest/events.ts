/**
 * Following jest-circus's events (the ones its test environments receive in `handleTestEvent`):
 * a test is a task from `test_fn_start` to `test_fn_success`/`test_fn_failure`, a hook from
 * `hook_start` to `hook_success`/`hook_failure`. jest-circus fails a timed-out test or hook with a
 * string (`Exceeded timeout of ...`) that it stores in the test's errors and turns into an Error
 * when it reports the test (`thrown: "..."`): the adapter replaces it, where it was stored, with
 * the Error jest would make, its message followed by the tree.
 */
import { timeoutReport } from "../core/report";
import { releaseSandbox } from "../core/sandbox";
import type { TestTask, TestTasks } from "../core/tasks";
import type {
  CircusEvent,
  CircusState,
  DescribeBlockLike,
  EventHandler,
  HookLike,
  TestEntryLike,
} from "./circus-types";

/** What a task of the jest adapter stands for. */
export interface JestSource {
  /** `test`, or the hook's type (`beforeEach`, ...). */
  kind: string;
  test: TestEntryLike | undefined;
  block: DescribeBlockLike | undefined;
}

/** jest-circus's name of the implicit top-level describe block. */
const ROOT = "ROOT_DESCRIBE_BLOCK";
const TIMEOUT = /^Exceeded timeout of .* for a (test|hook)/;

function blockName(block: DescribeBlockLike | undefined): string {
  const names: string[] = [];
  for (let b = block; b !== undefined && b !== null; b = b.parent) {
    if (b.parent !== undefined || b.name !== ROOT) names.unshift(String(b.name));
  }
  return names.join(" ");
}

/** Jest's full name of a test: its describe blocks' names and its own, space-separated. */
export function testName(test: TestEntryLike): string {
  const outer = blockName(test.parent);
  return outer === "" ? String(test.name) : `${outer} ${String(test.name)}`;
}

export function sourceKey(s: JestSource): string {
  if (s.kind === "test" && s.test !== undefined) return testName(s.test);
  const outer = blockName(s.block);
  const hook = `${outer === "" ? "" : `${outer} `}"${s.kind}" hook`;
  return s.test === undefined ? hook : `${hook} for "${String(s.test.name)}"`;
}

export function sourceTitle(s: JestSource): string {
  return s.kind === "test" && s.test !== undefined ? String(s.test.name) : `"${s.kind}" hook`;
}

/** The stack frames of jest's `asyncError` (where a test or hook was defined). */
function framesOf(asyncError: unknown): string[] {
  const stack = asyncError instanceof Error ? String(asyncError.stack) : "";
  return stack.split("\n").filter((l) => /^\s+at /.test(l));
}

/**
 * The Error jest-circus would report for a thrown non-Error (`thrown: "..."`), with `text` appended,
 * located where the test or hook was defined.
 */
function withTree(thrown: string, asyncError: unknown, text: string): Error {
  // pretty-format prints a string in double quotes, escaping `"` and `\`.
  const message = `thrown: "${thrown.replace(/["\\]/g, "\\$&")}"${text}`;
  const error = new Error(message);
  // Not the adapter's frames: those of the test's or hook's definition (jest's `asyncError`), which
  // jest also needs to tell a multi-line message from the stack under it, and shows as a code frame.
  error.stack = [`Error: ${message}`, ...framesOf(asyncError)].join("\n");
  return error;
}

export class CircusEvents {
  private readonly tests = new WeakMap<object, TestTask<JestSource>>();
  private readonly hooks = new WeakMap<object, TestTask<JestSource>>();

  constructor(private readonly tasks: TestTasks<JestSource>) {}

  readonly handler: EventHandler = (event, state) => {
    try {
      this.handle(event, state);
    } catch {
      // Never disturb the run: the test is reported as without the integration.
    }
  };

  private handle(event: CircusEvent, state: CircusState): void {
    switch (event.name) {
      case "test_fn_start":
        if (event.test !== undefined) {
          const source = { kind: "test", test: event.test, block: event.test.parent };
          this.tests.set(event.test, this.tasks.start(source, true));
        }
        return;
      case "test_fn_success":
        this.testPassed(event.test);
        return;
      case "test_fn_failure":
        this.testFailed(event.test, event.error);
        return;
      case "hook_start":
        if (event.hook !== undefined) {
          const type = String(event.hook.type);
          const perTest = type === "beforeEach" || type === "afterEach";
          const test = perTest ? (event.test ?? state.currentlyRunningTest ?? undefined) : undefined;
          const source = { kind: type, test, block: event.hook.parent };
          this.hooks.set(event.hook, this.tasks.start(source, false, true, true));
        }
        return;
      case "hook_success":
        if (event.hook !== undefined) this.settleHook(event.hook);
        return;
      case "hook_failure":
        if (event.hook !== undefined) this.hookFailed(event, event.hook, state);
        return;
      case "teardown":
        // The file's last event: its sandbox's copy of the runtime lets its thread and timers go.
        releaseSandbox();
        return;
    }
  }

  private testPassed(test: TestEntryLike | undefined): void {
    const task = test === undefined ? undefined : this.tests.get(test);
    if (task === undefined || test === undefined) return;
    this.tests.delete(test);
    const leak = this.tasks.settle(task, true);
    if (leak === undefined) return;
    // Leak mode `fail`: the test fails with the report, as if it had thrown it, located where the
    // test was defined (jest needs a frame to tell a multi-line message from its stack).
    leak.stack = [`${leak.name}: ${leak.message}`, ...framesOf(test.asyncError)].join("\n");
    test.errors.push([leak, test.asyncError ?? leak]);
  }

  private testFailed(test: TestEntryLike | undefined, error: unknown): void {
    const task = test === undefined ? undefined : this.tests.get(test);
    if (task === undefined || test === undefined) return;
    this.tests.delete(test);
    if (typeof error !== "string" || !TIMEOUT.test(error)) {
      this.tasks.settle(task, false);
      return;
    }
    const text = this.treeText(task);
    if (text !== undefined) this.replace(test.errors, error, text);
  }

  private settleHook(hook: HookLike): TestTask<JestSource> | undefined {
    const task = this.hooks.get(hook);
    if (task === undefined) return undefined;
    this.hooks.delete(hook);
    this.tasks.settle(task, true);
    return task;
  }

  private hookFailed(event: CircusEvent, hook: HookLike, state: CircusState): void {
    const task = this.hooks.get(hook);
    if (task === undefined) return;
    this.hooks.delete(hook);
    const error = event.error;
    if (typeof error !== "string" || !TIMEOUT.test(error)) {
      this.tasks.settle(task, false);
      return;
    }
    const text = this.treeText(task);
    if (text === undefined) return;
    // Where jest-circus stored the error: every test under the block (beforeAll), the run's
    // errors (afterAll), or the test (beforeEach, afterEach).
    if (hook.type === "beforeAll") {
      const stack: Array<DescribeBlockLike | TestEntryLike> = event.describeBlock ? [event.describeBlock] : [];
      while (stack.length > 0) {
        const b = stack.pop() as DescribeBlockLike & Partial<TestEntryLike>;
        if (Array.isArray(b.errors)) this.replace(b.errors, error, text);
        if (Array.isArray(b.children)) stack.push(...b.children);
      }
    } else if (hook.type === "afterAll") {
      if (Array.isArray(state.unhandledErrors)) this.replace(state.unhandledErrors, error, text);
    } else if (event.test !== undefined) {
      this.replace(event.test.errors, error, text);
    }
  }

  private treeText(task: TestTask<JestSource>): string | undefined {
    const taken = this.tasks.timedOut(task);
    return taken === undefined ? undefined : timeoutReport(taken.key, taken.tree, "");
  }

  /** Replace the `[error, asyncError]` pairs holding `error` with the Error carrying the tree. */
  private replace(errors: unknown[], error: string, text: string): void {
    for (let i = errors.length - 1; i >= 0; i--) {
      const pair = errors[i];
      if (Array.isArray(pair) && pair[0] === error) {
        errors[i] = [withTree(error, pair[1], text), pair[1]];
      }
    }
  }
}
