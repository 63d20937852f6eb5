/**
 * `@await-tree/runtime/mocha`: mocha's root hook plugin. Enable it with
 * `--require @await-tree/runtime/mocha` (or `require` in `.mocharc`); then each test and hook runs
 * as a task of its own, a timeout prints the await tree of what was pending, and work a passing
 * test left pending is reported (see docs/mocha.md). Nothing here loads mocha.
 */
import { turnOffZeroSetup } from "../../registry/global";
import type { Registry } from "../../registry/registry";
import { CONFIG_ENV, configForWorkers, PACKAGE_ENV, packageForWorkers, readAwaitTreeConfig } from "./config-file";
import type { HookContextLike, RootHooks } from "./mocha-types";
import { type AwaitTreeMochaOptions, checkOptions, type ResolvedMochaOptions, resolveOptions } from "./options";
import { Session } from "./session";
import { SuiteWalker } from "./suites";

export { AwaitTreeLeakError } from "../core/report";
export type { HookContextLike, RootHooks, RunnableLike, SuiteLike } from "./mocha-types";
export type { AsyncContextMode, AwaitTreeMochaOptions, LeakMode, ResolvedMochaOptions } from "./options";

let session: Session | undefined;
let programmatic: AwaitTreeMochaOptions = {};

function resolveNow(): ResolvedMochaOptions {
  const argv = process.argv.slice(2);
  return resolveOptions(process.env, readAwaitTreeConfig(argv, process.cwd(), process.env), programmatic);
}

function getSession(): Session {
  if (session !== undefined) return session;
  const argv = process.argv.slice(2);
  const options = resolveNow();
  const forWorkers = configForWorkers(argv, process.cwd());
  if (forWorkers !== undefined && process.env[CONFIG_ENV] === undefined) process.env[CONFIG_ENV] = forWorkers;
  const pkgForWorkers = packageForWorkers(argv, process.cwd());
  if (pkgForWorkers !== undefined && process.env[PACKAGE_ENV] === undefined) process.env[PACKAGE_ENV] = pkgForWorkers;
  const s = new Session(options, (text) => {
    process.stderr.write(text);
  });
  session = s;
  // The last hook of a run can time out with nothing of ours running after it: report at exit.
  process.once("exit", () => s.sweep(true));
  return s;
}

/**
 * Only two root hooks, each run once per root suite (once per file in parallel mode): no hook of
 * ours runs per test. Timeouts are noticed when the next test or hook starts, here in `afterAll`,
 * or at exit (see Session#sweep).
 */
const hooks: RootHooks = {
  beforeAll(this: HookContextLike) {
    const s = getSession();
    // A new root suite: in a parallel worker, the next file. What timed out in the file before
    // (its root-level `after()`, the last runnable of its run) has been reported and sent to the
    // main process already: its tree goes to stderr, as at exit.
    s.sweep(process.env.MOCHA_WORKER_ID !== undefined);
    walker ??= new SuiteWalker(s, own);
    walker.walkFrom(this.test);
  },
  afterAll() {
    session?.sweep(false);
  },
};
const own: ReadonlySet<unknown> = new Set<unknown>(Object.values(hooks));
let walker: SuiteWalker | undefined;

/**
 * Mocha's root hook plugin. A function, which mocha calls once while it loads `--require`d
 * modules: the options are read then, so a wrong value stops the run before any test.
 */
export function mochaHooks(): RootHooks {
  // Tests get their trees from the integration: no global registry created on first use by a traced
  // call outside any test (module loading, a timer that outlived its test), nor its notice.
  turnOffZeroSetup("the mocha integration is loaded");
  getSession();
  return hooks;
}

/**
 * Set options from code (a setup file required before this module's hooks run). The environment
 * variable `AWAIT_TREE_LEAKS` still wins; `awaitTree` in the mocha config is overridden.
 */
export function configure(options: AwaitTreeMochaOptions): void {
  programmatic = checkOptions(options, "configure(options)");
  if (session !== undefined) session.options = resolveNow();
}

/** The options in effect. */
export function options(): ResolvedMochaOptions {
  return { ...getSession().options };
}

/** The registry whose tasks are the tests and hooks running now (keys: their full titles). */
export function mochaRegistry(): Registry {
  return getSession().registry;
}
