/**
 * Sandboxes: realms of their own (vm contexts) in which test runners load the runtime.
 *
 * jest runs each test file in a vm context with a module registry of its own: each file loads its
 * own copy of the runtime, which starts its own coarse clock thread on the first span, its own loop
 * stamp timer and (when asked for) its own watchdog. Nothing of the file runs once it has ended,
 * but those outlived it, and each kept its copy, and through it the file's whole context, alive:
 * measured under jest, 60 files in one process held 71 threads and 783 MB (12 and 85 MB after the
 * first file), and `jest --detectLeaks` failed every file (docs/test-runners.md), with or without
 * the jest integration. So they are released at jest-circus's `teardown` event, the file's last:
 * by a handler the runtime adds when it loads in a sandbox where jest-circus runs
 * (`sandboxLoaded`), and by the jest integration's own (the runtime may load first from a
 * `setupFiles` entry, before jest-circus is there). Only in a sandbox: where the runtime is one of
 * Node's own modules (mocha, node:test, vitest's `threads` and `forks` pools) one copy serves every
 * file. vitest's `vmThreads` and `vmForks` pools load one copy per worker, in a context of their
 * own (60 files kept 20 threads and grew by 23 MB, with or without this): nothing is released there.
 *
 * Where a sandbox's end is known (jest's files) or its life is the worker's (vitest's vm pools),
 * the runtime is shown to `await-tree dump`, which evaluates in the thread's main realm
 * (`SANDBOX_KEY`, below).
 */
import { stopCoarseClock } from "../../core/clock";
import { RUNTIME_KEY } from "../../process-global";
import { inSandbox } from "../../realm";
import { loopOverdueMs, loopStalledMs, stopLoopStamp } from "../loop-stamp";

/** Whether this copy runs in a sandbox (realm.ts); where that cannot be told, nothing is released. */
export { inSandbox };

/** What else ends with the sandbox: the watchdog's stop, registered when it starts (`releasedWithSandbox`). */
const alsoReleased = new Set<() => void>();

/**
 * Have `stop` called when this copy's sandbox is released (before the loop stamp stops: the
 * watchdog reads it). Outside a sandbox it is never called.
 */
export function releasedWithSandbox(stop: () => void): void {
  alsoReleased.add(stop);
}

/**
 * The test file whose sandbox this copy serves has ended: stop its watchdog (first: it reads the
 * loop stamp), its loop stamp and its coarse clock's thread, for good, and take it off the CLI's
 * list. Work the file left behind still records its spans (their times from the precise clock).
 * Each step on its own: one that fails (a frozen module object) does not keep the others running.
 * Outside a sandbox, nothing.
 */
export function releaseSandbox(): void {
  if (!inSandbox()) return;
  const steps = [...alsoReleased, hideFromMainRealm, stopLoopStamp, stopClock];
  alsoReleased.clear();
  for (const step of steps) {
    try {
      step();
    } catch {
      // What cannot be stopped runs on, as before; the test run is not disturbed.
    }
  }
}

function stopClock(): void {
  stopCoarseClock("stopped when its test file's sandbox ended");
}

/** Where jest-circus keeps the sandbox's event handlers (the jest integration's list too). */
export const EVENT_HANDLERS: unique symbol = Symbol.for("EVENT_HANDLERS") as never;

/** Whether this copy's release is registered (a jest-circus `teardown` handler). */
let hooked = false;

/**
 * Once per copy, when it loads in a sandbox. In a jest test file's sandbox (jest-circus's list of
 * handlers is there): release everything at the file's `teardown` event, and show the runtime to
 * the CLI until then. In a vitest worker's (its vm pools): show it; nothing is released, the
 * context lives as long as the worker. Elsewhere nothing: a sandbox whose end is not known (jest
 * before jest-circus is set up, when the runtime loads from a `setupFiles` entry; a program's own
 * vm context) is not shown, since the entry would keep it alive.
 */
export function sandboxLoaded(): void {
  if (hooked || !inSandbox()) return;
  const g = globalThis as Record<symbol | string, unknown>;
  let handlers: unknown;
  try {
    handlers = g[EVENT_HANDLERS];
  } catch {
    return;
  }
  if (Array.isArray(handlers)) {
    try {
      handlers.push((event: { name?: unknown } | undefined): void => {
        if (event?.name === "teardown") releaseSandbox();
      });
    } catch {
      return; // no release: not shown either
    }
    hookedByJest();
    return;
  }
  let vitest = false;
  try {
    vitest = typeof g.__vitest_worker__ === "object";
  } catch {
    vitest = false;
  }
  if (vitest) showToMainRealm();
}

/**
 * This copy's release is registered (by `sandboxLoaded`, or by the jest integration's handler,
 * which may come later, when the runtime first loaded from a `setupFiles` entry): show it to the
 * CLI until the file's end.
 */
export function hookedByJest(): void {
  if (hooked || !inSandbox()) return;
  hooked = true;
  releaseLeftOver();
  showToMainRealm(releaseSandbox);
}

/**
 * A jest test file that failed while it loaded got no `teardown` event: its entry is still there
 * when the next file's runtime loads in the same thread (jest runs one file at a time in a thread),
 * and its thread and timers still run. Its own release ends them.
 */
function releaseLeftOver(): void {
  try {
    const entry = sharedHolder()[SANDBOX_KEY] as { runtime?: unknown; release?: unknown } | undefined;
    if (entry === undefined || entry === null || typeof entry.release !== "function") return;
    if (entry.runtime === (globalThis as Record<symbol, unknown>)[RUNTIME_KEY]) return; // this sandbox's own
    (entry.release as () => void)();
  } catch {
    // Left as it is: as before.
  }
}

/**
 * Where `await-tree dump` finds a runtime that lives in a sandbox: the CLI evaluates its dump in
 * the thread's main realm, where this runtime is not published (it is on the sandbox's
 * `globalThis`), and jest gives the sandbox a `process` of its own. So an object every realm of the
 * thread shares, Node's `node:worker_threads` module, holds `[Symbol.for("await-tree.sandbox")]`:
 * `{ runtime, stalledMs, overdueMs }` (the sandbox's published runtime and its loop stamp's readers). jest's
 * test files each have one: the file running now is the one shown, and its entry is removed at its
 * end (it holds the file's context). vitest's `vmThreads` and `vmForks` pools load the runtime in
 * a context of their own, kept for the worker's life: its entry stays. A later sandbox's entry
 * replaces an earlier one's, so at most one sandbox per thread is kept reachable by it. A jest
 * entry also holds its copy's `release`: a file that fails while it loads gets no `teardown`
 * event, and the next file's runtime releases it (`releaseLeftOver`).
 */
export const SANDBOX_KEY: unique symbol = Symbol.for("await-tree.sandbox") as never;

/** The entry this copy put there, until its file ends. */
let shown: object | undefined;

function sharedHolder(): Record<symbol, unknown> {
  return process.getBuiltinModule("node:worker_threads") as unknown as Record<symbol, unknown>;
}

/**
 * True the first time `key` is asked in this thread, whichever sandbox asks (each jest test file
 * loads its own copy of the runtime): for messages that are said once per process or worker.
 */
export function firstInThread(key: symbol): boolean {
  try {
    const holder = sharedHolder();
    if (holder[key] === true) return false;
    Object.defineProperty(holder, key, { value: true, configurable: true });
  } catch {
    // No shared holder (a frozen module): said in each file.
  }
  return true;
}

function showToMainRealm(release?: () => void): void {
  if (shown !== undefined) return;
  try {
    const runtime = (globalThis as Record<symbol, unknown>)[RUNTIME_KEY];
    if (runtime === undefined) return;
    const holder = sharedHolder();
    // Two copies in one sandbox publish one runtime: the first to show it keeps the entry.
    const current = holder[SANDBOX_KEY] as { runtime?: unknown } | undefined;
    if (current !== undefined && current !== null && current.runtime === runtime) return;
    const entry = Object.freeze(
      release === undefined
        ? { runtime, stalledMs: loopStalledMs, overdueMs: loopOverdueMs }
        : { runtime, stalledMs: loopStalledMs, overdueMs: loopOverdueMs, release },
    );
    Object.defineProperty(holder, SANDBOX_KEY, { value: entry, configurable: true, writable: true });
    shown = entry;
  } catch {
    // Not shown: the CLI says the process does not load the runtime, as before.
  }
}

function hideFromMainRealm(): void {
  const entry = shown;
  shown = undefined;
  if (entry === undefined) return;
  const holder = sharedHolder();
  if (holder[SANDBOX_KEY] === entry) delete holder[SANDBOX_KEY];
}
