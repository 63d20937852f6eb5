/**
 * Runs each mocha test and hook as a registered root of its own registry, keyed by its full
 * title, and reports what is pending when it times out or when a passing test leaves work behind.
 *
 * Mocha has no "around" hook, so the integration swaps the public `fn` of each runnable for a
 * wrapper that makes it the running task and calls the original. `Runnable#run` decides between the
 * done-callback and promise styles from `async`, which mocha computed from the original function
 * when the test was created, so the wrapper keeps the original's calling convention.
 */
import { fromHandle, handleOf } from "../../core/arena";
import { now } from "../../core/clock";
import { ctx, runIn } from "../../core/context";
import { span } from "../../core/span";
import type { Tree } from "../../format/tree";
import { isNativePromise } from "../../registry/promises";
import { Registry, type TreeRoot } from "../../registry/registry";
import type { HookContextLike, RunnableFn, RunnableLike } from "./mocha-types";
import type { ResolvedMochaOptions } from "./options";
import { AwaitTreeLeakError, appendToError, findTimeoutError, leakWarning, timeoutReport } from "./report";
import { trimStack } from "./stack";

const nativeThen = Promise.prototype.then;
/**
 * Whether AsyncLocalStorage costs next to nothing here: from Node 24 it rides on
 * AsyncContextFrame; before, the first instance enables a hook on every promise of the process.
 */
const cheapAsyncContext = Number(process.versions.node.split(".")[0]) >= 24;
/** On a wrapper: the user's function it calls. */
const ORIGINAL = Symbol("await-tree:original");

type Wrapper = RunnableFn & { [ORIGINAL]?: RunnableFn };

interface Entry {
  runnable: RunnableLike;
  isTest: boolean;
  settled: boolean;
  /** When it started (a clock reading): the root's start, whenever the root is created. */
  startedAt: number;
  /**
   * Its task, created on first need (the first span its code records, a timeout, AsyncLocalStorage
   * to enter): a hook or test that never reaches traced code costs no span.
   */
  root: TreeRoot | undefined;
  /** Handle of the root span, or 0 (not created yet, or it could not be recorded). */
  handle: number;
}

/**
 * The integration's registry stays out of `Registry.current()`: code under test that calls
 * `register()`/`spawn()`/`collectAll()` gets the registry it gets without the integration.
 */
function hiddenRegistry(): Registry {
  const r = new Registry();
  r.hidden = true;
  return r;
}

function fullTitle(r: RunnableLike): string {
  try {
    return r.fullTitle();
  } catch {
    return String(r.title);
  }
}

export class Session {
  /** Every test and hook is a task here while it runs (not the global registry: users own that). */
  readonly registry = hiddenRegistry();
  /** Runnables that started and have not settled: normally the one running, plus any that hung. */
  private readonly running = new Set<Entry>();
  /** The runnable mocha runs now (until it settles or times out). */
  private active: Entry | undefined;
  /** `ctx.fallback` while a runnable is active: its root, created on first use. */
  private readonly fallback = (): number => {
    const e = this.active;
    // A dump in progress only looks: it must not register a task.
    if (e === undefined || (ctx.paused && e.root === undefined)) return 0;
    return this.rootSlot(e);
  };

  constructor(
    public options: ResolvedMochaOptions,
    private readonly warn: (text: string) => void,
  ) {}

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
    const entry: Entry = { runnable, isTest, settled: false, startedAt: now(), root: undefined, handle: 0 };
    // A runnable that already timed out once is never resumed by mocha; do not report it twice.
    if (runnable.timedOut !== true) this.running.add(entry);
    const done = args[0];
    const callbackStyle = original.length > 0 && typeof done === "function";
    if (callbackStyle) args[0] = this.wrapDone(entry, done as (...a: unknown[]) => unknown);

    let result: unknown;
    let threw = false;
    let error: unknown;
    // Mocha runs one runnable at a time, so it is the fallback parent until it settles: its own code
    // resumed after an await (not transformed: it cannot say where it is) lands in its tree without
    // AsyncLocalStorage, which `auto` enters only where it is cheap or already on (see runIn).
    this.active = entry;
    ctx.fallback = this.fallback;
    try {
      if (this.entersAsyncContext()) {
        const id = this.rootSlot(entry);
        result = id === 0 ? original.apply(self, args) : runIn(id, () => original.apply(self, args));
      } else {
        result = original.apply(self, args);
      }
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
      // A foreign thenable (a query builder) may run once per `.then`: hand mocha a native promise
      // that calls it exactly once, instead of calling `.then` a second time ourselves.
      if (isThenable) return this.observe(entry, Promise.resolve(result));
    }
    const leak = this.settle(entry, true);
    if (leak !== undefined) throw leak;
    return result;
  }

  /** Whether this runnable's code runs inside AsyncLocalStorage (then its root is needed now). */
  private entersAsyncContext(): boolean {
    if (!ctx.alsEnabled) return false;
    return ctx.als !== undefined || cheapAsyncContext || this.options.asyncContext === "always";
  }

  /** The live slot of the runnable's root, registering it on first use; 0 when not recorded. */
  private rootSlot(entry: Entry): number {
    if (entry.root === undefined) {
      if (entry.settled) return 0;
      const r = entry.runnable;
      try {
        entry.root = this.registry.registerStartedAt(fullTitle(r), span(String(r.title)), entry.startedAt);
      } catch {
        return 0;
      }
      const id = entry.root.slot();
      entry.handle = id === 0 ? 0 : handleOf(id);
      return id;
    }
    return entry.handle === 0 ? 0 : fromHandle(entry.handle);
  }

  /** The runnable is over for the integration: no longer running, no longer the fallback. */
  private end(entry: Entry): void {
    entry.settled = true;
    this.running.delete(entry);
    if (this.active === entry) {
      this.active = undefined;
      ctx.fallback = undefined;
    }
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
    if (entry.settled) return undefined;
    // Settling after mocha gave up on it (timed out, not swept yet): nothing is stuck any more, and
    // a late leak report would be about a test already failed.
    if (entry.runnable.timedOut === true) passed = false;
    this.end(entry);
    let leftovers: Tree | undefined;
    try {
      leftovers = entry.root?.finish();
    } catch {
      leftovers = undefined;
    }
    const mode = this.options.leaks;
    if (!passed || !entry.isTest || mode === "off" || leftovers === undefined) return undefined;
    const key = fullTitle(entry.runnable);
    if (mode === "fail") return new AwaitTreeLeakError(key, leftovers);
    this.warn(leakWarning(key, leftovers));
    return undefined;
  }

  /**
   * Report every runnable that timed out since the last sweep. Mocha fails a runnable from its own
   * timer and tells plugins nothing, so the integration looks at the next moment it runs (the next
   * test or hook, its root hooks) and at process exit. `atExit`: the reporter has printed already.
   */
  sweep(atExit: boolean): void {
    if (this.running.size === 0) return;
    for (const e of this.running) if (e.runnable.timedOut === true) this.reportTimeout(e, atExit);
  }

  private reportTimeout(entry: Entry, atExit: boolean): void {
    // The tree of a runnable that reached no traced code is its root alone, started when it did.
    this.rootSlot(entry);
    const root = entry.root;
    this.end(entry);
    if (root === undefined) return;
    const key = String(root.key);
    let tree: Tree | undefined;
    try {
      tree = root.tree();
      root.finish();
    } catch {
      tree = undefined;
    }
    if (tree === undefined) return;
    const err = atExit ? undefined : findTimeoutError(entry.runnable.err);
    // No error to extend (a reporter that does not keep it on the runnable, or the process is
    // exiting): the tree goes to stderr so that it is never lost.
    if (err === undefined || !appendToError(err, timeoutReport(key, tree))) {
      const why = atExit ? "after the reporter printed its failure" : "and its error could not be extended";
      this.warn(`await-tree: [${key}] timed out (tree shown here ${why}):${timeoutReport(key, tree, "  ")}\n`);
    }
  }
}
