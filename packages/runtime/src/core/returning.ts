/**
 * `return expr` without `await` in a transformed async function (`return this.run()`): the
 * function's promise settles when `expr` does, but the function itself has returned, so its frame
 * would end at once and the work it returned would show as detached.
 *
 * Instead the `return` opens the frame's companion wait, labelled like an await of `expr`, which
 * claims the frames created while `expr` was evaluated and adopts the frames `expr` stands for
 * (exactly as `suspend` does). If it got none, it closes again and nothing changes. Otherwise the
 * frame **lingers** after its function returned: `exit` keeps it (its other children are left
 * behind as at any end) until the return wait's last child ends or moves to another awaiter, then
 * the frame ends (spans.ts, `endLingering`), and so does a lingering frame above it whose last
 * child it was.
 *
 * Nothing observes the returned value: no `.then`, no extra promise or microtask (a reaction
 * would change V8's async stack traces). The end comes from the arena, from the children ending.
 */
import * as A from "./arena";
import * as Context from "./context";
import type { Site } from "./site";
import { adoptAwaited, claimSince, closeCompanion, lingering } from "./spans";
import * as Storage from "./storage";
import { NodeFlags } from "./storage";
import { tagState } from "./tags";

const ctx = Context.ctx;

/** Open frame `f`'s return wait on `value` (the calls since mark `m`, the frames `value` stands for). */
export function openReturnWait(f: number, site: Site, m: number, value: unknown, vals: unknown): void {
  if (ctx.paused) return; // a label's toString running during a dump records nothing
  // A `return` in a `finally` replaces the wait of the `return` it overrides (whose value is dropped).
  if (A.companionIfOpen(f) !== 0) closeCompanion(f);
  const tagged = tagState.any && typeof value === "object" && value !== null;
  if (A.seqOf(f) === m && !tagged) return; // nothing was called and nothing stands for a frame
  const w = A.openWait(f, site, vals, site.flags << 2);
  if (w === 0) return;
  if (A.seqOf(f) !== m) claimSince(f, w, m);
  if (tagged) adoptAwaited(w, value);
  if (Storage.firstChild[w] === 0) closeCompanion(f);
  else Storage.flags[f] = (Storage.flags[f] as number) | NodeFlags.ReturnWait;
}

/**
 * At `exit` with an open wait: when it is a return wait with children, frame `f` lingers (and its
 * other children are left behind, as when a frame ends); false when `f` should end now.
 */
export function lingerAtExit(f: number): boolean {
  if (((Storage.flags[f] as number) & NodeFlags.ReturnWait) === 0 || Storage.firstChild[f + 1] === 0) return false;
  let c = Storage.firstChild[f] as number;
  while (c !== 0) {
    const n = Storage.next[c] as number;
    if (((Storage.flags[c] as number) & NodeFlags.EndsWithParent) !== 0) A.end(c);
    else A.detach(c);
    c = n;
  }
  Storage.flags[f] = (Storage.flags[f] as number) | NodeFlags.Lingering;
  lingering.n++;
  return true;
}
