/**
 * The runner-neutral part of every test-runner integration: each test or hook that runs becomes a
 * task of a registry of its own, keyed by its full name. When it settles, what its own work left
 * pending is a leak (reported or failing the test, by the leak mode); when the runner gives up on
 * it (a timeout), its tree is taken for the failure message. The adapters (mocha, vitest, jest,
 * node:test) only say when a test starts, settles or times out, and where the text goes.
 *
 * Test bodies are not transformed, so after their first `await` nothing in them says which test
 * they belong to. Runners run one test at a time per process or worker (concurrent tests aside),
 * so the running one is the runtime's *fallback* parent: traced code reached with no other context
 * lands in its tree, and its root is registered on first use (a test that never reaches traced
 * code costs no span). AsyncLocalStorage is entered where it is cheap or already on (see
 * `asyncContext` in core/options.ts).
 */
import { fromHandle, handleOf } from "../../core/arena";
import { now } from "../../core/clock";
import { ctx, runIn } from "../../core/context";
import { span } from "../../core/span-label";
import type { Tree } from "../../format/tree";
import { Registry, type TreeRoot } from "../../registry/registry";
import type { ResolvedTestOptions } from "./options";
import { AwaitTreeLeakError, leakWarning, MOCHA_INDENT, MOCHA_LEAK_HINT } from "./report";
import { onlyRunningCode } from "./running-code";

/**
 * Whether AsyncLocalStorage costs next to nothing here: from Node 24 it rides on
 * AsyncContextFrame; before, the first instance enables a hook on every promise of the process.
 */
const cheapAsyncContext = Number(process.versions.node.split(".")[0]) >= 24;

/** One run of a test or hook (a retried test runs again as a new one). */
export interface TestTask<S> {
  /** The runner's object for it (a mocha Runnable, a vitest Test, a node:test TestContext). */
  readonly source: S;
  readonly isTest: boolean;
  settled: boolean;
  /** When it started (a clock reading): the root's start, whenever the root is created. */
  readonly startedAt: number;
  /** Its task, created on first need: a test that never reaches traced code costs no span. */
  root: TreeRoot | undefined;
  /** Handle of the root span, or 0 (not created yet, or it could not be recorded). */
  handle: number;
  /** The task that was running when this one started inside it (a hook inside a test's run). */
  readonly outer: TestTask<S> | undefined;
}

/** What the tasks need to know of the runner's objects, and how its output looks. */
export interface RunnerShape<S> {
  /** The task's key: the test's or hook's full name. Read when its root is registered. */
  key(source: S): string;
  /** The root span's name: the test's own title, so the tree reads like the runner's output. */
  title(source: S): string;
  /** Where the runner's user sets the leak mode (in the `warn` report). */
  leakHint?: string;
  /** Indentation of a leak error's tree lines (mocha's reporter prints messages 5 spaces in). */
  indent?: string;
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

function safely(f: () => string, otherwise: string): string {
  try {
    return String(f());
  } catch {
    return otherwise;
  }
}

export class TestTasks<S> {
  /** Every test and hook is a task here while it runs (not the global registry: users own that). */
  readonly registry = hiddenRegistry();
  /** Tasks that started and have not settled: normally the one running, plus any that hung. */
  readonly running = new Set<TestTask<S>>();
  /** The task the runner runs now (until it settles or times out). */
  private active: TestTask<S> | undefined;
  /** For a runner that names its running test on demand (vitest): that test's task, if any. */
  private implicit: (() => TestTask<S> | undefined) | undefined;
  /** `ctx.fallback` while a task is active: its root, created on first use. */
  private readonly fallback = (): number => {
    const t = this.active ?? (ctx.paused ? undefined : this.implicit?.());
    // A dump in progress only looks: it must not register a task.
    if (t === undefined || (ctx.paused && t.root === undefined)) return 0;
    return this.rootSlot(t);
  };

  constructor(
    public options: ResolvedTestOptions,
    private readonly shape: RunnerShape<S>,
    private readonly warn: (text: string) => void,
  ) {}

  /**
   * A test or hook starts: it becomes the running task (`track: false`: not followed further).
   * `nested`: it runs inside the task running now (a vitest hook between a test's start and end),
   * which becomes the running task again when this one ends.
   */
  start(source: S, isTest: boolean, track = true, nested = false): TestTask<S> {
    const task = this.create(source, isTest, track, nested ? this.active : undefined);
    this.active = task;
    ctx.fallback = this.fallback;
    return task;
  }

  /** A task that is not made the running one (the `implicit` provider's). */
  create(source: S, isTest: boolean, track = true, outer?: TestTask<S>): TestTask<S> {
    const task: TestTask<S> = { source, isTest, settled: false, startedAt: now(), root: undefined, handle: 0, outer };
    if (track) this.running.add(task);
    return task;
  }

  /**
   * Work with no other context attaches to the running task, else to `current()`'s: the runner's
   * running test, looked up when traced code first needs it (so a test that reaches no traced
   * code costs nothing at all). It stays the fallback from now on.
   */
  setImplicit(current: () => TestTask<S> | undefined): void {
    this.implicit = current;
    ctx.fallback = this.fallback;
  }

  /** Call the test's or hook's function as the task (inside AsyncLocalStorage where it is entered). */
  call<R>(task: TestTask<S>, fn: () => R): R {
    if (!this.entersAsyncContext()) return fn();
    const id = this.rootSlot(task);
    return id === 0 ? fn() : runIn(id, fn);
  }

  /** Whether a task's code runs inside AsyncLocalStorage (then its root is needed now). */
  private entersAsyncContext(): boolean {
    if (!ctx.alsEnabled) return false;
    return ctx.als !== undefined || cheapAsyncContext || this.options.asyncContext === "always";
  }

  /** The live slot of the task's root, registering it on first use; 0 when not recorded. */
  rootSlot(task: TestTask<S>): number {
    if (task.root === undefined) {
      if (task.settled) return 0;
      const s = task.source;
      try {
        const key = safely(() => this.shape.key(s), "(unnamed test)");
        const title = safely(() => this.shape.title(s), key);
        task.root = this.registry.registerStartedAt(key, span(title), task.startedAt);
      } catch {
        return 0;
      }
      const id = task.root.slot();
      task.handle = id === 0 ? 0 : handleOf(id);
      return id;
    }
    return task.handle === 0 ? 0 : fromHandle(task.handle);
  }

  /** The task is over for the integration: no longer running, no longer the fallback. */
  private end(task: TestTask<S>): void {
    task.settled = true;
    this.running.delete(task);
    if (this.active === task) {
      const outer = task.outer;
      this.active = outer !== undefined && !outer.settled ? outer : undefined;
      ctx.fallback = this.active === undefined && this.implicit === undefined ? undefined : this.fallback;
    }
  }

  /**
   * The task's own work settled: end it. For a passing test, what is still pending is leaked
   * work: reported (`warn`) or returned as the error to fail the test with (`fail`).
   */
  settle(task: TestTask<S>, passed: boolean): Error | undefined {
    if (task.settled) return undefined;
    this.end(task);
    let leftovers: Tree | undefined;
    try {
      leftovers = task.root?.finish();
    } catch {
      leftovers = undefined;
    }
    const mode = this.options.leaks;
    if (!passed || !task.isTest || mode === "off" || leftovers === undefined) return undefined;
    // done() called by traced code still running: those frames are the test settling (running-code.ts).
    if (onlyRunningCode(leftovers)) return undefined;
    const key = safely(() => String(task.root?.key), "(unnamed test)");
    if (mode === "fail") return new AwaitTreeLeakError(key, leftovers, this.shape.indent ?? MOCHA_INDENT);
    this.warn(leakWarning(key, leftovers, this.shape.leakHint ?? MOCHA_LEAK_HINT));
    return undefined;
  }

  /**
   * The runner gave up on the task (a timeout): its tree as it is now, and the task ends. A task
   * that reached no traced code is its root alone, started when it did. Undefined if it settled.
   */
  timedOut(task: TestTask<S>): { key: string; tree: Tree } | undefined {
    if (task.settled) return undefined;
    this.rootSlot(task);
    const root = task.root;
    this.end(task);
    if (root === undefined) return undefined;
    try {
      const tree = root.tree();
      root.finish();
      return tree === undefined ? undefined : { key: String(root.key), tree };
    } catch {
      return undefined;
    }
  }
}
