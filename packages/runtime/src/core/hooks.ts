/**
 * The calls that transformed code makes. The emitted shape of a traced async function is:
 *
 *   async function f(a) {
 *     const $f = $at.enter($site0, a);                    // frame; becomes current
 *     try {
 *       const x = (($t = await $at.suspend($f, $site1, $at.mark($f), expr, vals), $at.resume)?.($f, $t, $t = void 0));
 *       ...
 *       return $at.returning($f, $site2, $at.mark($f), g(x), x); // `return` without await
 *     } catch (e) { $at.resumeThrown($f); ... }           // top of each catch/finally
 *     finally { $at.exit($f); }                           // frame ends; current restored
 *   }
 *
 * `await x` still awaits `x` itself: no extra promise, no extra microtask, no closure.
 * Every hook swallows its own failures: instrumentation must never change the program.
 *
 * `$f` is a frame reference (arena.ts `refOf`): the slot id while the slot was never dropped,
 * else the slot and its epoch. A frame dropped by the detached limit while its function was
 * suspended makes every later hook of that function a no-op, even once the slot is reused.
 */
import * as A from "./arena";
import * as Clock from "./clock";
import * as Context from "./context";
import { lingerAtExit, openReturnWait } from "./returning";
import type { Site } from "./site";
import { Span } from "./span-label";
import * as Spans from "./spans";
import * as State from "./state";
import * as Storage from "./storage";
import { Kind, NodeFlags } from "./storage";
import * as Tags from "./tags";

// What the hot path uses, as module constants. An imported binding compiles to a property of the
// other module's exports object, which V8 reads (with a map check) at every use; a local constant
// is folded into the optimized code. (The clock is read where spans are written: `stampInto`.)
const ctx = Context.ctx;
const currentSpan = Context.currentSpan;
const tagState = Tags.tagState;
const takeManualLabel = Tags.takeManualLabel;
const { adoptAwaited, claimSince, closeCompanion, endSpan, evictIfSafe, newFrame } = Spans;
const { openWait, openWaitFast, companionIfOpen, refOf, savedOf, seqOf, setSaved, slotBitsOfRef, slotOfRef } = A;
const poolState = Storage.poolState;
const T = Storage.T;
const label = Storage.label;
const values = Storage.values;
const stampInto = Clock.stampInto;
const references = Spans.references;

/** The handoff between a `@traced` wrapper and the body it calls: see state.ts. */
const handoff = State.handoff;

export { handoff };

/** Entry of a transformed traced function. Returns the frame reference (0 = not recorded). */
export function enter(site: Site, vals?: unknown): number {
  // Small enough to be inlined into every traced function (see `suspend`); the frame is opened by
  // one call, which V8 optimizes with all it inlines.
  return handoff.label === undefined && handoff.entering === 0 ? openFrame(site, vals) : enterHandedOff(site, vals);
}

/** `enter` when no `@traced` wrapper hands a frame over: a new frame under the current span. */
function openFrame(site: Site, vals: unknown): number {
  let id = 0;
  try {
    id = newFrame(currentSpan(), site, vals, NodeFlags.Transformed | (site.flags << 2));
  } catch {
    id = 0;
  }
  if (id !== 0) {
    setSaved(id, ctx.current);
    ctx.current = id;
    return refOf(id);
  }
  return 0;
}

/** `enter` while a `@traced` wrapper is calling a transformed body (see `handoff`). */
function enterHandedOff(site: Site, vals: unknown): number {
  const mine = handoff.site === site || handoff.site === undefined;
  const label = handoff.label;
  if (mine && label !== undefined) {
    // The wrapper's label and arguments; the site gives the location.
    handoff.label = undefined;
    let id = 0;
    try {
      id = newFrame(currentSpan(), label, handoff.args, handoff.flags);
      if (id !== 0) A.setWhere(id, site);
    } catch {
      id = 0;
    }
    handoff.opened = id;
    if (id === 0) return 0;
    setSaved(id, ctx.current);
    ctx.current = id;
    return refOf(id);
  }
  const adopted = handoff.entering;
  if (mine && adopted !== 0) {
    // Opened by the `@traced` wrapper, which already made it current; keep the site for its location.
    handoff.entering = 0;
    A.setWhere(adopted, site);
    return refOf(adopted);
  }
  // Another traced body runs first: it opens its own frame; the handoff waits for its body.
  let id = 0;
  try {
    id = newFrame(currentSpan(), site, vals, NodeFlags.Transformed | (site.flags << 2));
  } catch {
    id = 0;
  }
  if (id === 0) return 0;
  setSaved(id, ctx.current);
  ctx.current = id;
  return refOf(id);
}

/**
 * The frame's attachment counter before the awaited expression is evaluated. The reference is not
 * checked here: a dropped frame's number is never used, since every hook that reads a mark checks
 * the reference first (and reference 0 reads slot 0's counter, which nothing uses).
 */
export function mark(f: number): number {
  return seqOf(slotBitsOfRef(f));
}

/** The frame suspends on `value`: open its wait, attach what it awaits, give up "current". */
export function suspend<T>(ref: number, site: Site, m: number, value: T, vals?: unknown): T {
  // Inlined into every traced function, with `mark` and `resume`: V8 does so only while the
  // bytecode of the three, with all they inline, fits its budget (920 bytes, counting what a
  // callee's own optimized code inlined: seen on Node 20.20, 22.23 and 26.12). So the common await
  // is written out here in plain loads and stores, and everything else is a call (`suspendOther`):
  // measured, a `suspend` that is not inlined costs 8-11% of P1 (docs/performance.md). Where most
  // awaits take `suspendOther` (an awaited call, as in P5's handler), V8 optimizes `suspend` on its
  // own first, with `suspendOther` inlined (about 650 bytes), and then inlines it nowhere
  // (docs/performance.md, P5's tenth pass).
  const f = (ref << 8) >>> 8; // `slotOfRef`, written out: the low 24 bits of the reference
  if (f !== 0 && T.ord[f + 1] === ref >>> 24) {
    const flags = T.flags;
    const ff = flags[f] as number;
    if (
      (ff & (NodeFlags.Transformed | NodeFlags.Live | NodeFlags.WaitOpen)) ===
        (NodeFlags.Transformed | NodeFlags.Live) &&
      vals === undefined &&
      T.seq[f] === m &&
      site != null && // hand-written calls: a hook never throws (`suspendOther` catches)
      !tagState.manual
    ) {
      // No label values, no call in the awaited expression, no hand label: open the companion
      // wait as `openWait` does (companion.ts), then look for tags only while some can matter.
      const w = f + 1;
      flags[w] = Kind.Wait | NodeFlags.Live | (site.flags << 2);
      stampInto(T.start, w);
      if (label[w] !== site) label[w] = site;
      flags[f] = ff | NodeFlags.WaitOpen;
      if (tagState.any) adoptTagged(w, value);
    } else suspendOther(f, site, m, value, vals);
    if (ctx.current === f) ctx.current = T.saved[f] as number;
    if (poolState.over) evictIfSafe();
  }
  return value;
}

/** `suspend` of any other await: label values, claims, hand labels (a call: see `suspend`). */
function suspendOther(f: number, site: Site, m: number, value: unknown, vals: unknown): void {
  try {
    const w = tagState.manual ? 0 : openWaitFast(f, site, vals, m);
    if (w === 0) suspendSlow(f, site, m, value, vals);
    else if (tagState.any) adoptAwaited(w, value);
  } catch {
    // The wait is lost; the program goes on.
  }
}

/** `adoptAwaited` for `suspend`'s written-out path (a call: see `suspend`). */
function adoptTagged(w: number, value: unknown): void {
  try {
    adoptAwaited(w, value);
  } catch {
    // The awaited frames stay where they are; the program goes on.
  }
}

/** `suspend` when promises may carry tags or hand labels, while a dump runs, or after a lost resume. */
function suspendSlow(f: number, site: Site, m: number, value: unknown, vals: unknown): void {
  if (!tagState.manual && companionIfOpen(f) === 0) return; // not a live transformed frame: nothing to record
  if (companionIfOpen(f) !== 0) closeCompanion(f); // a suspension without resumption (never in emitted code)
  if (ctx.paused) return; // a label's toString running during a dump records nothing
  let label: unknown = site;
  let fl = site.flags << 2;
  if (tagState.manual && typeof value === "object" && value !== null) {
    const manual = takeManualLabel(value);
    if (manual !== undefined) {
      label = manual;
      if (manual instanceof Span) fl = manual.flags << 2;
    }
  }
  const w = openWait(f, label, vals, fl);
  if (w === 0) return;
  if (label !== site) A.setWhere(w, site);
  if (seqOf(f) !== m) claimSince(f, w, m);
  adoptAwaited(w, value);
}

/**
 * The frame resumed after a suspension with `value`. Emitted code passes a third argument, the
 * assignment that clears its temporary (`$t = void 0`, see the transformer's rewrite-await.ts):
 * evaluated before the call, ignored here. Called without a receiver (`(..., $at.resume)?.(...)`),
 * so it must never read `this`.
 */
export function resume<T>(f: number, value: T, _cleared?: undefined): T {
  if (f !== 0) resumeThrown(f);
  return value;
}

/** The frame resumed (by a rejection, or reached a catch/finally): close its wait, become current. */
export function resumeThrown(ref: number): void {
  // Written out in plain loads and stores, like `suspend` (and for the same reason).
  const f = (ref << 8) >>> 8;
  if (f === 0 || T.ord[f + 1] !== ref >>> 24) return; // not recorded, or dropped (handles.ts)
  const flags = T.flags;
  const ff = flags[f] as number;
  // A `return`'s wait stays open through the `finally` blocks the return runs (see returning.ts).
  if ((ff & (NodeFlags.WaitOpen | NodeFlags.ReturnWait)) === NodeFlags.WaitOpen) {
    const w = f + 1;
    if (T.firstChild[w] === 0 && references.size === 0 && ((flags[w] as number) & NodeFlags.HasWhere) === 0) {
      // `closeWait` of a wait without children, reference or hand label's location (ends.ts,
      // spans.ts `closeCompanion`): clear the flag, let its values go.
      flags[f] = ff & ~NodeFlags.WaitOpen;
      if (values[w] !== undefined) values[w] = undefined;
    } else closeCompanion(f);
  }
  const c = ctx.current;
  if (c !== f) {
    T.saved[f] = c;
    ctx.current = f;
  }
}

/** The function returned or threw: the frame ends and the previous current span is restored. */
export function exit(ref: number): void {
  // Inlined into every traced function (see `suspend`): the reference's check, then one call.
  const f = (ref << 8) >>> 8;
  if (f !== 0 && T.ord[f + 1] === ref >>> 24) endFrameOf(f);
}

/** `exit` of live frame `f`: the previous current span comes back, the frame ends (or lingers). */
function endFrameOf(f: number): void {
  if (ctx.current === f) ctx.current = savedOf(f);
  try {
    if (companionIfOpen(f) !== 0) {
      if (lingerAtExit(f)) return; // ends with the work it returned (returning.ts)
      closeCompanion(f);
    }
    endSpan(f);
  } catch {
    // A span that cannot be ended is left in the tree; the program goes on.
  }
}

/**
 * `return value` without `await` in a transformed async function (not a generator): the frame's
 * wait on what it returns, labelled and claiming like an await of `value`, which keeps the frame
 * until that work ends (see returning.ts). Returns `value` itself: nothing observes it.
 */
export function returning<T>(ref: number, site: Site, m: number, value: T, vals?: unknown): T {
  const f = slotOfRef(ref);
  // Most returns call nothing and return a plain value: nothing to do, not even a call.
  if (f !== 0 && (seqOf(f) !== m || companionIfOpen(f) !== 0 || (tagState.any && typeof value === "object"))) {
    try {
      openReturnWait(f, site, m, value, vals);
    } catch {
      // The wait is lost; the program goes on.
    }
  }
  return value;
}
