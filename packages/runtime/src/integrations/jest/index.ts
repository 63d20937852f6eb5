/**
 * `@await-tree/runtime/jest`: each jest test and hook runs as a task of its own, a timeout's
 * failure carries the await tree of what was pending, and work a passing test left pending is
 * reported (see docs/test-runners.md). Enable it with one entry in the jest config:
 *
 *     setupFilesAfterEnv: ["@await-tree/runtime/jest"]
 *
 * It runs inside the test file's sandbox, with the same copy of the runtime as the code under test
 * (a test environment would run outside it, with another copy), and adds an event handler to
 * jest-circus's list of handlers for that sandbox: the list jest-circus keeps on the sandbox's
 * global under `Symbol.for("EVENT_HANDLERS")`, where `addEventHandler` and the test environment's
 * `handleTestEvent` go too. Nothing here loads jest.
 *
 * Options: the environment variables, or `configure()` from a setup file listed before this one
 * (jest gives setup files no configuration of their own).
 */

import { turnOffZeroSetup } from "../../registry/global";
import type { Registry } from "../../registry/registry";
import { type AwaitTreeTestOptions, checkOptions, type ResolvedTestOptions, resolveOptions } from "../core/options";
import { EVENT_HANDLERS, firstInThread, hookedByJest } from "../core/sandbox";
import { TestTasks } from "../core/tasks";
import type { EventHandler } from "./circus-types";
import { CircusEvents, type JestSource, sourceKey, sourceTitle } from "./events";

export type { AsyncContextMode, AwaitTreeTestOptions, LeakMode, ResolvedTestOptions } from "../core/options";
export { AwaitTreeLeakError } from "../core/report";

const PREFIX = "@await-tree/runtime/jest: ";
let programmatic: AwaitTreeTestOptions = {};
let tasks: TestTasks<JestSource> | undefined;

function resolveNow(): ResolvedTestOptions {
  return resolveOptions(process.env, undefined, programmatic, PREFIX);
}

function getTasks(): TestTasks<JestSource> {
  tasks ??= new TestTasks(
    resolveNow(),
    {
      key: sourceKey,
      title: sourceTitle,
      leakHint: "AWAIT_TREE_LEAKS or configure({ leaks }) from @await-tree/runtime/jest",
      indent: "",
    },
    (text) => {
      process.stderr.write(text);
    },
  );
  return tasks;
}

let installed = false;

/**
 * Add the adapter's handler to jest-circus's handlers (done when the module loads in a test
 * sandbox; idempotent). Returns false when there is no such list (not jest-circus): then nothing
 * is installed and the run is as without the integration.
 */
export function installJest(global: object = globalThis): boolean {
  // Tests get their trees from the integration: no global registry created on first use, nor its notice.
  turnOffZeroSetup("the jest integration is loaded");
  if (installed) return true;
  const handlers = (global as Record<symbol, unknown>)[EVENT_HANDLERS];
  if (!Array.isArray(handlers)) return false;
  installed = true;
  (handlers as EventHandler[]).push(new CircusEvents(getTasks()).handler);
  // Its handler releases the runtime at the file's end (events.ts): the CLI may see it until then.
  hookedByJest();
  return true;
}

/** Set options from code (a setup file listed before this one). `AWAIT_TREE_LEAKS` still wins. */
export function configure(options: AwaitTreeTestOptions): void {
  programmatic = checkOptions(options, "configure(options)", PREFIX);
  if (tasks !== undefined) tasks.options = resolveNow();
}

/** The options in effect in this test file. */
export function options(): ResolvedTestOptions {
  return { ...getTasks().options };
}

/** The registry whose tasks are the tests and hooks running now in this test file. */
export function jestRegistry(): Registry {
  return getTasks().registry;
}

/** What loading the entry point does (enable.ts). */
export function installOrSayWhy(): void {
  if (installJest()) return;
  // Said once per worker process, not per test file (each file loads its own copy of the runtime).
  if (!firstInThread(MISSING_HANDLERS_SAID)) return;
  // `setupFiles` run before jest installs its test framework: no `test`, `expect` or event handlers yet.
  const g = globalThis as Record<string, unknown>;
  const beforeFramework = typeof g.test !== "function" && typeof g.expect !== "function";
  process.stderr.write(
    beforeFramework
      ? `${PREFIX}loaded before jest's test framework (listed in "setupFiles"?): list @await-tree/runtime/jest in "setupFilesAfterEnv" instead; until then hung tests will not be explained.\n`
      : `${PREFIX}jest-circus's event handlers were not found (is this jest's default runner, jest-circus?): hung tests will not be explained.\n`,
  );
}

const MISSING_HANDLERS_SAID = Symbol.for("await-tree.jest-missing-handlers-said");
