/**
 * The few shapes of mocha objects the integration reads, typed structurally: mocha is the user's
 * dependency, never ours, so nothing here imports from "mocha" (not even types, which would make
 * our declarations need @types/mocha).
 */

// biome-ignore lint/suspicious/noExplicitAny: a test or hook body has any shape and any `this`
export type RunnableFn = (this: any, ...args: any[]) => unknown;

/** A mocha Test or Hook (both are `Runnable`s). */
export interface RunnableLike {
  title: string;
  /** The body; public on `Runnable`, called by `Runnable#run` through this property. */
  fn?: RunnableFn | undefined;
  parent?: SuiteLike | undefined;
  /** Set by mocha's timer when the runnable exceeded its timeout. */
  timedOut?: boolean;
  state?: string;
  /** Set by mocha's Base reporter (every built-in reporter) on failure: the error it prints. */
  err?: unknown;
  fullTitle(): string;
  /** A test's attempts (`this.retries(n)`): which this is, and how many retries it has (-1: none set). */
  currentRetry?: () => number;
  retries?: () => number;
}

export interface SuiteLike {
  parent?: SuiteLike | undefined;
  suites?: SuiteLike[];
  tests?: RunnableLike[];
  /** The hooks of one type; used by mocha's own Runner (see suites.ts for why and the fallback). */
  getHooks?: (type: string) => unknown;
  /** Suites are EventEmitters: they announce tests, suites and hooks added to them. */
  // biome-ignore lint/suspicious/noExplicitAny: EventEmitter listeners take any arguments
  on?: (event: string, listener: (...args: any[]) => void) => unknown;
  /** Used to add our listeners without mocha 6-8's deprecation warning (quiet-listen.ts). */
  listeners?: (event: string) => unknown;
  rawListeners?: (event: string) => unknown;
  // biome-ignore lint/suspicious/noExplicitAny: EventEmitter listeners take any arguments
  removeListener?: (event: string, listener: (...args: any[]) => void) => unknown;
}

/** `this` inside a test, a hook or a root hook: mocha's Context. */
export interface HookContextLike {
  currentTest?: RunnableLike | undefined;
  /** The runnable running now (set by `Runnable#run` just before it calls `fn`). */
  test?: RunnableLike | undefined;
}

/** The object mocha's root hook plugin expects (`exports.mochaHooks`). */
export interface RootHooks {
  beforeAll(this: HookContextLike): void;
  afterAll(this: HookContextLike): void;
}
