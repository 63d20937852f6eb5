/**
 * `@await-tree/runtime/node-test`: each node:test test runs as a task of its own; when it times
 * out, or is cancelled because "Promise resolution is still pending but the event loop has already
 * resolved", its await tree is added to the test's report; work a passing test left pending is
 * reported (see docs/test-runners.md). Enable it with one flag:
 *
 *     node --test --import @await-tree/runtime/node-test
 *
 * (`--require` works too). Loading the entry point (enable.ts) installs two root hooks in the process that runs the
 * test files: a child of `node --test` (one process per file), or the process itself when a file
 * is run directly or with test isolation off. The orchestrating `node --test` process runs no
 * test: nothing is installed there.
 */

import { turnOffZeroSetup } from "../../registry/global";
import type { Registry } from "../../registry/registry";
import { type AwaitTreeTestOptions, checkOptions, type ResolvedTestOptions, resolveOptions } from "../core/options";
import { TestTasks } from "../core/tasks";
import { type NodeTestApi, type TestContextLike, TestHooks } from "./hooks";

export type { AsyncContextMode, AwaitTreeTestOptions, LeakMode, ResolvedTestOptions } from "../core/options";
export { AwaitTreeLeakError } from "../core/report";

const PREFIX = "@await-tree/runtime/node-test: ";
let programmatic: AwaitTreeTestOptions = {};
let tasks: TestTasks<TestContextLike> | undefined;

function resolveNow(): ResolvedTestOptions {
  return resolveOptions(process.env, undefined, programmatic, PREFIX);
}

function safeName(t: TestContextLike): string {
  const full = t.fullName;
  return typeof full === "string" && full !== "" ? full : String(t.name);
}

function getTasks(): TestTasks<TestContextLike> {
  tasks ??= new TestTasks(
    resolveNow(),
    {
      key: safeName,
      title: (t) => String(t.name),
      leakHint: "AWAIT_TREE_LEAKS or configure({ leaks }) from @await-tree/runtime/node-test",
      indent: "",
    },
    (text) => {
      process.stderr.write(text);
    },
  );
  return tasks;
}

/**
 * Whether this process runs test files: not the orchestrator of `node --test`, which runs each
 * file in a child (it marks them with `NODE_TEST_CONTEXT`), unless isolation is off.
 */
export function runsTests(execArgv: readonly string[], env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NODE_TEST_CONTEXT !== undefined) return true;
  if (!execArgv.includes("--test")) return true;
  return execArgv.some((a) => /^--(experimental-)?test-isolation=none$/.test(a));
}

let installed = false;

/** Install the root hooks (done when the module loads; idempotent). */
export function installNodeTest(api: NodeTestApi = process.getBuiltinModule("node:test") as NodeTestApi): void {
  // Tests get their trees from the integration: no global registry created on first use, nor its notice.
  turnOffZeroSetup("the node:test integration is loaded");
  if (installed) return;
  installed = true;
  new TestHooks(getTasks()).install(api);
}

/**
 * Set options from code (a module imported before this one). The environment variable
 * `AWAIT_TREE_LEAKS` still wins.
 */
export function configure(options: AwaitTreeTestOptions): void {
  programmatic = checkOptions(options, "configure(options)", PREFIX);
  if (tasks !== undefined) tasks.options = resolveNow();
}

/** The options in effect in this process. */
export function options(): ResolvedTestOptions {
  return { ...getTasks().options };
}

/** The registry whose tasks are the tests running now in this process. */
export function nodeTestRegistry(): Registry {
  return getTasks().registry;
}

/** What loading the entry point does (enable.ts): install, in a process that runs test files. */
export function installIfRunningTests(): void {
  // A wrong option value stops the file before any test, naming where it came from.
  if (runsTests(process.execArgv, process.env)) installNodeTest();
}
