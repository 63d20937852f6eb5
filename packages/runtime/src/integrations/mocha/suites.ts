/**
 * Finding every test and hook of the run so that each runs as a task. Called once from the root
 * `beforeAll` hook, when all files are loaded; tests, hooks and suites added later (a `before`
 * hook that generates tests) are caught through the events mocha's Suite emits for them.
 *
 * Why not a root `beforeEach` that wraps `this.currentTest`: every root hook is one more hook mocha
 * runs for every test (an event, a timer, a callback chain), which costs more than all of the
 * integration's own work per test. Walking once costs nothing per test.
 *
 * Tests come from the public `suite.tests`. Mocha has no public list of a suite's hooks:
 * `Suite#getHooks(type)` is what mocha's own Runner calls for every hook it runs, and the
 * `_beforeAll`-style arrays behind it have not changed since mocha 1. If neither is there, hooks
 * run untraced; tests are still wrapped.
 */
import type { RunnableLike, SuiteLike } from "./mocha-types";
import { addQuietly } from "./quiet-listen";
import type { Session } from "./session";

const HOOK_TYPES = ["beforeAll", "beforeEach", "afterEach", "afterAll"] as const;
/** Values of mocha's public `Suite.constants.EVENT_SUITE_ADD_*` (mocha itself is not imported). */
const ADD_TEST = "test";
const ADD_SUITE = "suite";

function hooksOf(suite: SuiteLike, type: string): RunnableLike[] {
  let hooks: unknown;
  try {
    hooks =
      typeof suite.getHooks === "function"
        ? suite.getHooks(type)
        : (suite as unknown as Record<string, unknown>)[`_${type}`];
  } catch {
    hooks = undefined;
  }
  return Array.isArray(hooks) ? (hooks as RunnableLike[]) : [];
}

export class SuiteWalker {
  private readonly walked = new WeakSet<object>();

  constructor(
    private readonly session: Session,
    /** The integration's own root hooks, never wrapped. */
    private readonly own: ReadonlySet<unknown>,
  ) {}

  /** Wrap every test and hook of the suite tree that `from` belongs to. */
  walkFrom(from: RunnableLike | undefined): void {
    let root = from?.parent;
    if (root === undefined) return;
    while (root.parent !== undefined) root = root.parent;
    this.walk(root);
  }

  private walk(top: SuiteLike): void {
    const stack: SuiteLike[] = [top];
    while (stack.length > 0) {
      const suite = stack.pop() as SuiteLike;
      if (this.walked.has(suite)) continue;
      this.walked.add(suite);
      this.listen(suite);
      if (Array.isArray(suite.tests)) for (const t of suite.tests) this.session.wrap(t, true);
      for (const type of HOOK_TYPES) for (const h of hooksOf(suite, type)) this.hook(h);
      if (Array.isArray(suite.suites)) for (const s of suite.suites) stack.push(s);
    }
  }

  private hook(h: RunnableLike): void {
    if (!this.own.has(h.fn)) this.session.wrap(h, false);
  }

  private listen(suite: SuiteLike): void {
    if (typeof suite.on !== "function") return;
    const on = suite.on;
    try {
      // Without mocha 6-8's warning about listening to these events (quiet-listen.ts).
      addQuietly(suite, () => {
        on.call(suite, ADD_TEST, (t: RunnableLike) => this.session.wrap(t, true));
        on.call(suite, ADD_SUITE, (s: SuiteLike) => this.walk(s));
        for (const type of HOOK_TYPES) on.call(suite, type, (h: RunnableLike) => this.hook(h));
      });
    } catch {
      // A suite that cannot be listened to keeps what was wrapped already.
    }
  }
}
