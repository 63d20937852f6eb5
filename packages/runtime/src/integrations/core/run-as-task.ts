/**
 * Calling a test's or hook's function as a task and following its outcome, for the runners whose
 * adapters wrap the function (vitest, jest, node:test): the wrapper returns the function's own
 * promise, untouched, except in `fail` mode where a test must be able to fail on its leaks (then
 * one extra `then`). A foreign thenable is resolved once through `Promise.resolve`, never sent a
 * second `.then`. Mocha's adapter has its own (done callbacks, retries).
 */
import { IntrinsicPromise, intrinsicThen } from "../../core/intrinsic-promise";
import { isNativePromise } from "../../core/settlement";
import { appendToError, timeoutReport } from "./report";
import type { TestTask, TestTasks } from "./tasks";
import { trimStack } from "./trim-stack";

const nativeThen = intrinsicThen;

export interface TaskOutcome {
  /**
   * The runner's timeout error when `error` is one (the promise the adapter wraps is the one the
   * runner's timer rejects, as in vitest): the tree is appended to it. Else undefined.
   */
  timeoutError?(error: unknown): Error | undefined;
  /** Indentation of the appended tree (the runner prints the message as it is: usually ""). */
  indent: string;
  /** Where text goes that could not be appended to an error. */
  warn(text: string): void;
}

function isThenable(v: unknown): boolean {
  if (v === null || (typeof v !== "object" && typeof v !== "function")) return false;
  try {
    return typeof (v as { then?: unknown }).then === "function";
  } catch {
    return false;
  }
}

/** Append the task's tree to the runner's timeout error (or print it, if the error is frozen). */
export function reportTimeout<S>(tasks: TestTasks<S>, task: TestTask<S>, error: Error, outcome: TaskOutcome): void {
  const taken = tasks.timedOut(task);
  if (taken === undefined) return;
  const text = timeoutReport(taken.key, taken.tree, outcome.indent);
  if (!appendToError(error, text)) {
    outcome.warn(`await-tree: [${taken.key}] timed out (its error could not be extended):${text}\n`);
  }
}

/** Run `fn` as the task of `source`; returns what `fn` returns (see the module comment). */
export function runAsTask<S>(
  tasks: TestTasks<S>,
  source: S,
  isTest: boolean,
  fn: () => unknown,
  outcome: TaskOutcome,
  nested = false,
): unknown {
  const task = tasks.start(source, isTest, true, nested);
  let result: unknown;
  try {
    result = tasks.call(task, fn);
  } catch (e) {
    trimStack(e);
    tasks.settle(task, false);
    throw e;
  }
  if (!isNativePromise(result)) {
    if (!isThenable(result)) {
      const leak = tasks.settle(task, true);
      if (leak !== undefined) throw leak;
      return result;
    }
    result = IntrinsicPromise.resolve(result);
  }
  const p = result as Promise<unknown>;
  const ok = (v: unknown): unknown => {
    const leak = tasks.settle(task, true);
    if (leak !== undefined) throw leak;
    return v;
  };
  const failed = (e: unknown): void => {
    const timeout = outcome.timeoutError?.(e);
    if (timeout !== undefined && !task.settled) reportTimeout(tasks, task, timeout, outcome);
    else {
      trimStack(e);
      tasks.settle(task, false);
    }
  };
  if (isTest && tasks.options.leaks === "fail") {
    return nativeThen.call(p, ok, (e: unknown) => {
      failed(e);
      throw e;
    });
  }
  // This reaction is registered before the runner's: the task is settled (a timeout's tree
  // appended, a rejection's stack trimmed) before the runner sees the outcome.
  nativeThen.call(p, () => tasks.settle(task, true), failed);
  return p;
}

/**
 * A function that calls `body` and looks like `original` to the runner: same `length`, `name`,
 * `toString` and own properties (vitest keeps a hook's cleanup timeout on the hook function).
 */
export function lookAlike<F extends (...args: never[]) => unknown>(original: F, body: F): F {
  try {
    for (const key of Reflect.ownKeys(original)) {
      if (key === "prototype" || key === "arguments" || key === "caller") continue;
      const d = Object.getOwnPropertyDescriptor(original, key);
      if (d !== undefined) Object.defineProperty(body, key, { ...d, configurable: true });
    }
    Object.defineProperty(body, "toString", {
      value: () => Function.prototype.toString.call(original),
      configurable: true,
      writable: true,
    });
  } catch {
    // A property that cannot be copied stays the wrapper's own.
  }
  return body;
}
