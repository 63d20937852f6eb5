/**
 * The few shapes of vitest objects the adapter reads, typed structurally: vitest is the user's
 * dependency (a peer), never ours, so nothing here imports from "vitest" (not even types).
 */

// biome-ignore lint/suspicious/noExplicitAny: a hook body has any shape
export type HookFn = (...args: any[]) => unknown;

/** A vitest task: a test, a suite, or the file's suite (which has `filepath`). */
export interface TaskLike {
  type?: string;
  name: string;
  suite?: TaskLike | undefined;
  file?: TaskLike | undefined;
  filepath?: string;
  /** A suite's children. */
  tasks?: TaskLike[];
  /** A test's result so far; `errors` are vitest's serialised copies, sent to the reporter later. */
  result?: { state?: string; errors?: Array<{ message?: unknown; stack?: unknown }> } | undefined;
}

/** A test's context, the first argument of `beforeEach`/`afterEach` hooks. */
export interface TestContextLike {
  task: TaskLike;
  /** Registers a function run when the test is over (after its `afterEach` hooks). */
  onTestFinished?(fn: () => unknown): void;
}

/**
 * Reads a suite's hooks: the object vitest's runner itself reads its hook lists from (live), from
 * `TestRunner.getSuiteHooks` (vitest 4.1 and later) or `getHooks` of `vitest/suite` (before).
 */
export type GetSuiteHooks = (suite: TaskLike) => Record<string, HookFn[] | undefined>;

/** The test vitest runs now (`TestRunner.getCurrentTest`, or `getCurrentTest` of `vitest/suite`). */
export type GetCurrentTest = () => TaskLike | undefined;

/** The parts of `vitest` the setup uses. */
export interface VitestApi {
  beforeAll(fn: HookFn): void;
  inject?: (key: string) => unknown;
  TestRunner?: { getSuiteHooks?: GetSuiteHooks; getCurrentTest?: GetCurrentTest };
}

/** What the setup file hands to the adapter, read from vitest's `TestRunner` or `vitest/suite`. */
export interface RunnerApi {
  getSuiteHooks: GetSuiteHooks;
  getCurrentTest: GetCurrentTest;
}

/** The part of a Vite plugin the adapter returns (Vite's `Plugin` type, structurally). */
export interface VitestPluginLike {
  name: string;
  config(): { test: { setupFiles: string[]; provide?: Record<string, unknown> } };
}
