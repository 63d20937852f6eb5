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
 * In every sandbox, the runtime is shown to `await-tree dump`, which evaluates in the thread's main
 * realm (`SANDBOX_KEY`, below).
 */
import { stopCoarseClock } from "../../core/clock";
import { RUNTIME_KEY } from "../../process-global";
import { loopStalledMs, stopLoopStamp } from "../loop-stamp";

/**
 * Whether this copy of the runtime runs in a realm of its own (a vm context), not Node's main
 * realm. A vm context has its own intrinsics: its `Function` is not the one Node's built-in modules
 * were made with. Where that cannot be told, not a sandbox (nothing is released).
 */
export function inSandbox(): boolean {
  try {
    const { Worker } = process.getBuiltinModule("node:worker_threads");
    return Worker.constructor !== Function;
  } catch {
    return false;
  }
}

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
 * loop stamp), its loop stamp and its coarse clock's thread, for good. Work the file left behind
 * still records its spans (their times from the precise clock). Outside a sandbox, nothing.
 */
export function releaseSandbox(): void {
  if (!inSandbox()) return;
  for (const stop of [...alsoReleased]) {
    try {
      stop();
    } catch {
      // What cannot be stopped runs on, as before.
    }
  }
  alsoReleased.clear();
  try {
    hideFromMainRealm();
    stopLoopStamp();
    stopCoarseClock("stopped when its test file's sandbox ended");
  } catch {
    // What cannot be stopped runs on, as before; the test run is not disturbed.
  }
}

/** Where jest-circus keeps the sandbox's event handlers (the jest integration's list too). */
export const EVENT_HANDLERS: unique symbol = Symbol.for("EVENT_HANDLERS") as never;

/**
 * Once per realm, when the runtime loads in a sandbox: show it to the CLI (below), and in a jest
 * test file's sandbox release everything at the file's `teardown` event. Outside a sandbox (or
 * where it cannot be told), nothing.
 */
export function sandboxLoaded(): void {
  try {
    if (!inSandbox()) return;
    showToMainRealm();
    const handlers = (globalThis as Record<symbol, unknown>)[EVENT_HANDLERS];
    if (!Array.isArray(handlers)) return;
    handlers.push((event: { name?: unknown } | undefined): void => {
      if (event?.name === "teardown") releaseSandbox();
    });
  } catch {
    // A sandbox that cannot be told or hooked keeps the runtime's thread, unseen by the CLI: as before.
  }
}

/**
 * Where `await-tree dump` finds a runtime that lives in a sandbox: the CLI evaluates its dump in
 * the thread's main realm, where no runtime is published (the sandbox's is on the sandbox's
 * `globalThis`), and jest gives the sandbox a `process` of its own. So an object every realm of the
 * thread shares, Node's `node:worker_threads` module, holds `[Symbol.for("await-tree.sandbox")]`:
 * `{ runtime, stalledMs }` (the sandbox's published runtime and its loop stamp's reader). jest's
 * test files each have one: the file running now is the one shown, and its entry is removed at its
 * end (it holds the file's context). vitest's `vmThreads` and `vmForks` pools load the runtime in
 * a context of their own, kept for the worker's life: its entry stays. A later sandbox's entry
 * replaces an earlier one's, so at most one sandbox per thread is kept reachable by it.
 */
export const SANDBOX_KEY: unique symbol = Symbol.for("await-tree.sandbox") as never;

/** The entry this copy put there, until its file ends. */
let shown: object | undefined;

function sharedHolder(): Record<symbol, unknown> {
  return process.getBuiltinModule("node:worker_threads") as unknown as Record<symbol, unknown>;
}

function showToMainRealm(): void {
  const runtime = (globalThis as Record<symbol, unknown>)[RUNTIME_KEY];
  if (runtime === undefined) return;
  const entry = Object.freeze({ runtime, stalledMs: loopStalledMs });
  Object.defineProperty(sharedHolder(), SANDBOX_KEY, { value: entry, configurable: true, writable: true });
  shown = entry;
}

function hideFromMainRealm(): void {
  const entry = shown;
  shown = undefined;
  if (entry === undefined) return;
  const holder = sharedHolder();
  if (holder[SANDBOX_KEY] === entry) delete holder[SANDBOX_KEY];
}
