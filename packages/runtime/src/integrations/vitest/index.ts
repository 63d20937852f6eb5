/**
 * `@await-tree/runtime/vitest`: each vitest test and hook runs as a task of its own, a timeout's
 * error carries the await tree of what was pending, and work a passing test left pending is
 * reported (see docs/test-runners.md). Enable it with either
 *
 * - `test: { setupFiles: ["@await-tree/runtime/vitest"] }` in the vitest config, or
 * - `plugins: [awaitTree({ leaks: "fail" })]` (imported from this module), which adds that entry
 *   and passes its options to the workers.
 *
 * As a setup file (in a vitest worker) the module's ES entry imports `vitest` and `vitest/suite`
 * and calls {@link installVitest}; imported by a config file it only gives the plugin. Nothing
 * here loads vitest: it stays the user's dependency.
 */

import { turnOffZeroSetup } from "../../registry/global";
import type { Registry } from "../../registry/registry";
import {
  type AwaitTreeTestOptions,
  type ConfigValue,
  checkOptions,
  type ResolvedTestOptions,
  resolveOptions,
} from "../core/options";
import type { TaskOutcome } from "../core/run-as-task";
import { TestTasks } from "../core/tasks";
import type { RunnerApi, TaskLike, VitestApi, VitestPluginLike } from "./vitest-types";
import { HOOK_TIMEOUT, SuiteWalker, sourceKey, sourceTitle, type VitestSource } from "./walker";

export type { AsyncContextMode, AwaitTreeTestOptions, LeakMode, ResolvedTestOptions } from "../core/options";
export { AwaitTreeLeakError } from "../core/report";

const PREFIX = "@await-tree/runtime/vitest: ";
const SETUP = "@await-tree/runtime/vitest";
/** The key under which the plugin `provide`s its options to the workers. */
const PROVIDE_KEY = "awaitTree";

let tasks: TestTasks<VitestSource> | undefined;
let programmatic: AwaitTreeTestOptions = {};
let walker: SuiteWalker | undefined;
let provided: ConfigValue | undefined;

function resolveNow(): ResolvedTestOptions {
  return resolveOptions(process.env, provided, programmatic, PREFIX);
}

function warn(text: string): void {
  process.stderr.write(text);
}

const outcome: TaskOutcome = {
  indent: "",
  warn,
  timeoutError(e: unknown): Error | undefined {
    return e instanceof Error && HOOK_TIMEOUT.test(String(e.message)) ? e : undefined;
  },
};

function getTasks(): TestTasks<VitestSource> {
  tasks ??= new TestTasks(
    resolveNow(),
    {
      key: sourceKey,
      title: sourceTitle,
      leakHint: "AWAIT_TREE_LEAKS or awaitTree({ leaks }) in the vitest config",
      indent: "",
    },
    warn,
  );
  return tasks;
}

/**
 * The Vite plugin: adds the setup file to `test.setupFiles` and hands `options` to the workers.
 * A wrong option throws here, when the config is loaded, naming the option.
 */
export function awaitTree(options?: AwaitTreeTestOptions): VitestPluginLike {
  const checked = options === undefined ? undefined : checkOptions(options, "awaitTree(options)", PREFIX);
  return {
    name: "await-tree",
    config() {
      const test: { setupFiles: string[]; provide?: Record<string, unknown> } = { setupFiles: [SETUP] };
      if (checked !== undefined) test.provide = { [PROVIDE_KEY]: checked };
      return { test };
    },
  };
}

/**
 * Called by the setup file, once per test file, in the worker that runs it, with `vitest` and the
 * runner functions it reads (`TestRunner.getSuiteHooks`/`getCurrentTest`, or `getHooks`/
 * `getCurrentTest` of `vitest/suite` before vitest 4.1): registers the root `beforeAll` that wraps
 * the file's hooks, and lets the runtime find the running test. Options are read on the first
 * call: a wrong value fails the first file before any test.
 */
export function installVitest(vitest: VitestApi, runner: RunnerApi): void {
  // Tests get their trees from the integration: no global registry created on first use, nor its notice.
  turnOffZeroSetup("the vitest integration is loaded");
  if (provided === undefined && typeof vitest.inject === "function") {
    let value: unknown;
    try {
      value = vitest.inject(PROVIDE_KEY);
    } catch {
      value = undefined;
    }
    if (value !== undefined) provided = { value, file: "the awaitTree() plugin's options" };
  }
  const t = getTasks();
  if (provided !== undefined) t.options = resolveNow();
  if (walker === undefined) {
    const w = new SuiteWalker(t, runner.getSuiteHooks, outcome);
    walker = w;
    t.setImplicit(() => w.currentTest(runner.getCurrentTest));
  }
  const w = walker;
  // No parameters: vitest reads a hook's parameters as fixtures. Its arguments are the file's suite
  // (vitest 3, 4.0) or a context and the file's suite (4.1 and later).
  vitest.beforeAll(function awaitTreeWalk() {
    // biome-ignore lint/complexity/noArguments: see above
    for (const a of arguments as ArrayLike<unknown> as unknown[]) {
      const task = a as TaskLike | undefined;
      if (task !== null && typeof task === "object" && Array.isArray(task.tasks)) {
        w.walkFile(task.file ?? task);
        return;
      }
    }
  });
}

/** Whether this module runs in a vitest worker (then its ES entry installs the setup). */
export function inVitestWorker(): boolean {
  return typeof (globalThis as { __vitest_worker__?: unknown }).__vitest_worker__ === "object";
}

/**
 * Set options from code (a setup file listed before this one). The environment variable
 * `AWAIT_TREE_LEAKS` still wins; the plugin's options are overridden.
 */
export function configure(options: AwaitTreeTestOptions): void {
  programmatic = checkOptions(options, "configure(options)", PREFIX);
  if (tasks !== undefined) tasks.options = resolveNow();
}

/** The options in effect in this worker. */
export function options(): ResolvedTestOptions {
  return { ...getTasks().options };
}

/** The registry whose tasks are the tests and hooks running now in this worker. */
export function vitestRegistry(): Registry {
  return getTasks().registry;
}
