/**
 * The runtime's process-wide mutable state that more than one module reads, in one place, each
 * field with the only modules that write it. (The arena's own counters and pool are in
 * storage.ts `S` and `P`; the clock's in clock.ts.) Each holder is one constant object: the hot
 * path keeps it in a module constant (`const ctx = State.ctx`) and V8 folds it.
 */
import type { AsyncLocalStorage } from "node:async_hooks";

/** The current span and how untransformed code finds its own (context.ts). */
const ctx = {
  /**
   * Slot id of the span whose synchronous code runs, or 0. Written by the code that makes a span
   * current and restores the previous one: the hooks of transformed code (hooks.ts, returning.ts),
   * `runIn`/`enterSpan`/`leaveSpan` (context.ts), the `@traced` wrapper (api/traced.ts), and a
   * dump (format/snapshot.ts, 0 while it formats labels).
   */
  current: 0,
  /** AsyncLocalStorage holding a span handle, once any untransformed entry point used it. Writer: context.ts. */
  als: undefined as AsyncLocalStorage<number> | undefined,
  /** Whether entry points may use AsyncLocalStorage. Writer: `setAsyncContext` (context.ts). */
  alsEnabled: true,
  /**
   * True while a dump formats labels: user code run by a label must not create spans. Writer:
   * format/snapshot.ts.
   */
  paused: false,
  /**
   * Where work with no other context attaches, or undefined: returns a live slot or 0, and may
   * create it (so a mocha test that never calls traced code costs no span). Writer: the mocha
   * integration (integrations/mocha/session.ts), which sets it to "the test running now": mocha
   * runs one test at a time per process, so untransformed test code resumed after an await
   * belongs to that test, found without AsyncLocalStorage.
   */
  fallback: undefined as (() => number) | undefined,
};

/**
 * Between a `@traced` wrapper and the transformed body it calls (hooks.ts `enter`). The fast path
 * (`label` set): the wrapper leaves the frame's label, the call's arguments and flags, and the
 * body's site; the body's `enter` opens the frame itself and leaves its slot in `opened`, so that
 * the wrapper can tag the promise it returns. The slow path (`entering`, a wrapper whose body once
 * did not adopt its frame): the wrapper opened the frame and the body adopts it. Either way only
 * the body of `site` (`undefined`: any body, from code emitted before the handoff was keyed) takes
 * it, so a traced function that runs first (a user decorator's wrapper, a getter in a destructured
 * parameter, a parameter default) keeps its own. Writers: the wrapper (api/traced.ts: sets each
 * field and restores it when its call returns) and `enter` (hooks.ts: takes `label`/`entering`,
 * sets `opened`).
 */
const handoff = {
  label: undefined as unknown,
  args: undefined as unknown,
  flags: 0,
  opened: 0,
  entering: 0,
  site: undefined as unknown,
};

/**
 * Creates an anonymous root for a traced call made outside any task (spans.ts `newFrame`), when
 * the global registry allows it. Writer: registry/registry.ts `enableAutoRoots` (the registry is
 * above the core: it installs the function instead of the core importing it).
 */
const autoRoots = {
  create: undefined as ((label: unknown, vals: unknown, flags: number) => number) | undefined,
};

/**
 * Whether promises may carry frame tags (tags.ts), checked by every suspension before it looks for
 * one. A tag names frames by handle and is ignored once they ended, so `any` is true only while a
 * tag can still matter: `any === (tagged > 0 || buffered)`. It must not stay true for the rest of
 * the process after one `Promise.all` (measured: every later await then took the slow path, 25-30
 * ns more, about 30%).
 * - `any`, `buffered`: writer tags.ts; `any` also core/slots.ts `release` (when `tagged` drops to 0).
 * - `tagged`: live slots that a tag in the WeakMap names (each flagged `NodeFlags.Tagged`, counted
 *   once). Writers: tags.ts (up), core/slots.ts `release` (down).
 * - `manual`: a hand label (`instrumentAwait` in transformed code) was set and not yet taken by
 *   the wait on its value. Writer: tags.ts.
 */
const tagState = { any: false, buffered: false, tagged: 0, manual: false };

// Exported by name: a module reads its own bindings, others keep them in module constants.
/**
 * The most of one string label value a dump can show: the largest `maxLabelLength` of any
 * registry (1,000 by default) plus one (a label over its cap is cut there; the character after
 * decides the cut). A longer string recorded as a label value is kept as a copy of that much
 * (weak-values.ts `kept`): the rest is never printed, and the whole string, kept by a pending span,
 * held megabytes per span (a request body awaited by a call that never settles). Only raised.
 * Writer: registry/registry.ts (each registry's configuration).
 */
const shown = { chars: 1001 };

export { autoRoots, ctx, handoff, shown, tagState };
