/**
 * The calls that transformed code makes. The emitted shape of a traced async function is:
 *
 *   async function f(a) {
 *     const $f = $at.enter($site0, a);                    // frame; becomes current
 *     try {
 *       const x = $at.resume($f, await $at.suspend($f, $site1, $at.mark($f), expr, vals));
 *       ...
 *     } catch (e) { $at.resumeThrown($f); ... }           // top of each catch/finally
 *     finally { $at.exit($f); }                           // frame ends; current restored
 *   }
 *
 * `await x` still awaits `x` itself: no extra promise, no extra microtask, no closure.
 * Every hook swallows its own failures: instrumentation must never change the program.
 */
import * as A from "./arena";
import { NodeFlags } from "./arena";
import { ctx, currentSpan } from "./context";
import type { Site } from "./site";
import { Span, toSpan } from "./span";
import { adoptAwaited, claimSince, closeWaitOf, endSpan, newFrame, newWait } from "./spans";
import { tagState, takeManualLabel } from "./tags";

/**
 * Between a `@traced` wrapper and the transformed body it calls: `entering` is the frame the
 * wrapper opened, adopted by the body's `enter`.
 */
export const handoff = { entering: 0 };

/** Entry of a transformed traced function. Returns the frame id (0 = not recorded). */
export function enter(site: Site, vals?: unknown): number {
  const adopted = handoff.entering;
  if (adopted !== 0) {
    // Opened by the `@traced` wrapper, which already made it current; keep the site for its location.
    handoff.entering = 0;
    A.where[adopted] = site;
    return adopted;
  }
  let id = 0;
  try {
    id = newFrame(currentSpan(), site, vals, NodeFlags.Transformed | (site.flags << 2));
  } catch {
    id = 0;
  }
  if (id !== 0) {
    A.saved[id] = ctx.current;
    ctx.current = id;
  }
  return id;
}

/** The frame's attachment counter before the awaited expression is evaluated. */
export function mark(f: number): number {
  return f === 0 ? 0 : (A.seq[f] as number);
}

/** The frame suspends on `value`: open a wait, attach what it awaits, give up "current". */
export function suspend<T>(f: number, site: Site, m: number, value: T, vals?: unknown): T {
  if (f === 0) return value;
  try {
    let label: unknown = site;
    if (tagState.manual && typeof value === "object" && value !== null) {
      const manual = takeManualLabel(value);
      if (manual !== undefined) label = manual;
    }
    const flags = label instanceof Span ? label.flags << 2 : site.flags << 2;
    const w = newWait(f, label, vals, flags);
    if (w !== 0) {
      if (label !== site) A.where[w] = site;
      claimSince(f, w, m);
      adoptAwaited(w, value);
      A.link[f] = w;
    }
  } catch {
    // The wait is lost; the program goes on.
  }
  if (ctx.current === f) ctx.current = A.saved[f] as number;
  return value;
}

/** The frame resumed after a suspension with `value`. */
export function resume<T>(f: number, value: T): T {
  if (f !== 0) resumeThrown(f);
  return value;
}

/** The frame resumed (by a rejection, or reached a catch/finally): close its wait, become current. */
export function resumeThrown(f: number): void {
  if (f === 0) return;
  try {
    if (A.link[f] !== 0) closeWaitOf(f);
  } catch {
    A.link[f] = 0;
  }
  const c = ctx.current;
  if (c !== f) {
    A.saved[f] = c;
    ctx.current = f;
  }
}

/** The function returned or threw: the frame ends and the previous current span is restored. */
export function exit(f: number): void {
  if (f === 0) return;
  if (ctx.current === f) ctx.current = A.saved[f] as number;
  try {
    if (A.link[f] !== 0) closeWaitOf(f);
    endSpan(f);
  } catch {
    // A span that cannot be ended is left in the tree; the program goes on.
  }
}

export { toSpan };
