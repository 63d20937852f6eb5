/**
 * Runs each mocha test and hook as a registered root of its own registry, keyed by its full
 * title, and reports what is pending when it times out or when a passing test leaves work behind.
 *
 * Mocha has no "around" hook, so the integration swaps the public `fn` of each runnable for a
 * wrapper that makes it the running task and calls the original. `Runnable#run` decides between the
 * done-callback and promise styles from `async`, which mocha computed from the original function
 * when the test was created, so the wrapper keeps the original's calling convention.
 */
import { intrinsicThen } from "../../core/intrinsic-promise";
import { isNativePromise } from "../../core/settlement";
import type { Registry } from "../../registry/registry";
import { appendToError, timeoutReport } from "../core/report";
import { type TestTask, TestTasks } from "../core/tasks";
import { trimStack } from "../core/trim-stack";
import type { HookContextLike, RunnableFn, RunnableLike } from "./mocha-types";
import type { ResolvedMochaOptions } from "./options";
import { relayThenable } from "./relay-thenable";
import { findTimeoutError } from "./timeout-error";

const nativeThen = intrinsicThen;
/** On a wrapper: the user's function it calls. */
const ORIGINAL = Symbol("await-tree:original");

type Wrapper = RunnableFn & { [ORIGINAL]?: RunnableFn };
type Entry = TestTask<RunnableLike>;

function fullTitle(r: RunnableLike): string {
  try {
    return r.fullTitle();
  } catch {
    return String(r.title);
  }
}

const MOCHA_SHAPE = { key: fullTitle, title: (r: RunnableLike) => String(r.title) };

export class Session {
  private readonly tasks: TestTasks<RunnableLike>;

  constructor(
    options: ResolvedMochaOptions,
    private readonly warn: (text: string) => void,
  ) {
    this.tasks = new TestTasks(options, MOCHA_SHAPE, warn);
  }

  /** Every test and hook is a task here while it runs (not the global registry: users own that). */
  get registry(): Registry {
    return this.tasks.registry;
  }

  get options(): ResolvedMochaOptions {
    return this.tasks.options;
  }

  set options(o: ResolvedMochaOptions) {
    this.tasks.options = o;
  }

  /** Make `runnable` run as a task (idempotent). */
  wrap(runnable: RunnableLike, isTest: boolean): void {
    const fn = runnable.fn as Wrapper | undefined;
    if (typeof fn !== "function" || fn[ORIGINAL] !== undefined) return;
    const original = fn;
    const session = this;
    const wrapper: Wrapper = function awaitTreeRunnable(this: unknown, ...args: unknown[]): unknown {
      // Mocha sets `this.test` to the runnable it is running just before calling its `fn`. It is
      // not always `runnable`: a retried test runs as a clone that carries this same wrapper.
      const running = (this as HookContextLike | undefined)?.test;
      const r = running !== undefined && running !== null && running.fn === wrapper ? running : runnable;
      return session.invoke(r, isTest, original, this, args);
    };
    try {
      // `length` is what mocha and tools read to tell a done-callback body; `toString` is the source.
      Object.defineProperty(wrapper, "length", { value: original.length });
      Object.defineProperty(wrapper, "name", { value: original.name });
      Object.defineProperty(wrapper, "toString", { value: () => Function.prototype.toString.call(original) });
      Object.defineProperty(wrapper, ORIGINAL, { value: original });
      runnable.fn = wrapper;
    } catch {
      // A frozen runnable stays as it is: it runs untraced.
    }
  }

  private invoke(runnable: RunnableLike, isTest: boolean, original: RunnableFn, self: unknown, args: unknown[]) {
    this.sweep(false);
    // A runnable that already timed out once is never resumed by mocha; do not report it twice.
    // Mocha runs one runnable at a time, so it is the fallback parent until it settles: its own code
    // resumed after an await (not transformed: it cannot say where it is) lands in its tree.
    const entry = this.tasks.start(runnable, isTest, runnable.timedOut !== true);
    const done = args[0];
    const callbackStyle = original.length > 0 && typeof done === "function";
    if (callbackStyle) args[0] = this.wrapDone(entry, done as (...a: unknown[]) => unknown);

    let result: unknown;
    let threw = false;
    let error: unknown;
    try {
      result = this.tasks.call(entry, () => original.apply(self, args));
    } catch (e) {
      threw = true;
      error = e;
    }
    if (threw) {
      this.settle(entry, false, error);
      throw error;
    }
    if (callbackStyle) return result;
    if (isNativePromise(result)) return this.observe(entry, result);
    if (result !== null && (typeof result === "object" || typeof result === "function")) {
      let isThenable = false;
      try {
        isThenable = typeof (result as { then?: unknown }).then === "function";
      } catch {
        isThenable = false;
      }
      // A foreign thenable (a request, a query builder) may run once per `.then`: mocha gets a
      // relay that calls it once, when and as mocha would have (relay-thenable.ts).
      if (isThenable) return this.relay(entry, result as PromiseLike<unknown>);
    }
    const leak = this.settle(entry, true);
    if (leak !== undefined) throw leak;
    return result;
  }

  /** Settle the task with the test's promise; in `fail` mode the test fails on leaks. */
  private observe(entry: Entry, p: Promise<unknown>): Promise<unknown> {
    const ok = (v: unknown): unknown => {
      const leak = this.settle(entry, true);
      if (leak !== undefined) throw leak;
      return v;
    };
    const failed = (e: unknown): never => {
      this.settle(entry, false, e);
      throw e;
    };
    if (entry.isTest && this.options.leaks === "fail") return nativeThen.call(p, ok, failed);
    // Other modes return the test's own promise (same identity and timing); this reaction is
    // registered before mocha's, so the task is settled (and a rejection's stack trimmed) before
    // mocha sees the outcome.
    nativeThen.call(
      p,
      () => this.settle(entry, true),
      (e: unknown) => this.settle(entry, false, e),
    );
    return p;
  }

  /** Settle the task with the first outcome of a foreign thenable; in `fail` mode a test fails on leaks. */
  private relay(entry: Entry, result: PromiseLike<unknown>): PromiseLike<unknown> {
    const fails = entry.isTest && this.options.leaks === "fail";
    return relayThenable(result, {
      fulfilled: () => {
        const leak = this.settle(entry, true);
        return fails ? leak : undefined;
      },
      rejected: (e) => {
        this.settle(entry, false, e);
      },
    });
  }

  private wrapDone(entry: Entry, done: (...a: unknown[]) => unknown): (...a: unknown[]) => unknown {
    const session = this;
    return function awaitTreeDone(this: unknown, ...a: unknown[]): unknown {
      if (!entry.settled) {
        const leak = session.settle(entry, !a[0], a[0]);
        if (leak !== undefined) return done.call(this, leak);
      }
      return done.apply(this, a);
    };
  }

  /**
   * The runnable's own work settled: end its task. For a passing test, what is still pending is
   * leaked work: reported (`warn`) or returned as the error to fail the test with (`fail`).
   */
  private settle(entry: Entry, passed: boolean, error?: unknown): Error | undefined {
    if (!passed) trimStack(error);
    // Settling after mocha gave up on it (timed out, not swept yet): nothing is stuck any more, and
    // a late leak report would be about a test already failed.
    return this.tasks.settle(entry, passed && entry.source.timedOut !== true);
  }

  /**
   * Report every runnable that timed out since the last sweep. Mocha fails a runnable from its own
   * timer and tells plugins nothing, so the integration looks at the next moment it runs (the next
   * test or hook, its root hooks) and at process exit. `atExit`: the reporter has printed already.
   */
  sweep(atExit: boolean): void {
    const running = this.tasks.running;
    if (running.size === 0) return;
    for (const e of running) if (e.source.timedOut === true) this.reportTimeout(e, atExit);
  }

  private reportTimeout(entry: Entry, atExit: boolean): void {
    const taken = this.tasks.timedOut(entry);
    if (taken === undefined) return;
    // An attempt mocha retries is not a failure it reports (the last attempt's is): nothing to say.
    if (willRetry(entry.source)) return;
    const { key, tree } = taken;
    const err = atExit ? undefined : findTimeoutError(entry.source.err);
    // No error to extend (a reporter that does not keep it on the runnable, or the process is
    // exiting): the tree goes to stderr so that it is never lost.
    if (err === undefined || !appendToError(err, timeoutReport(key, tree))) {
      const why = atExit ? "after the reporter printed its failure" : "and its error could not be extended";
      this.warn(`await-tree: [${key}] timed out (tree shown here ${why}):${timeoutReport(key, tree, "  ")}\n`);
    }
  }
}

/** Whether mocha runs `r` again after this attempt failed (`this.retries(n)`, attempts left). */
function willRetry(r: RunnableLike): boolean {
  try {
    return typeof r.currentRetry === "function" && typeof r.retries === "function" && r.currentRetry() < r.retries();
  } catch {
    return false;
  }
}
