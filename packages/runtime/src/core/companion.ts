/**
 * Opening a transformed frame's companion wait (slot `id + 1`) on every suspension: no
 * allocation, no list insertion (while open it is the frame's last child; see `firstOf`). Closing
 * it is in ends.ts (its pending children become detached).
 */

import * as Clock from "./clock";
import * as Links from "./links";
import type { Site } from "./site";
import * as Storage from "./storage";
import { Kind, NodeFlags } from "./storage";
import { kept, remember } from "./weak-values";

const claimChildren = Links.claimChildren;
const stampInto = Clock.stampInto;

// The arena's storage as module constants, which V8 folds; its flag values are literals (see storage.ts).
const T = Storage.T;
const label = Storage.label;
const values = Storage.values;

/**
 * Open the companion wait of transformed span `f` (which has none open): it becomes `f`'s last
 * child. Returns its id, or 0 when `f` is not a live transformed span or its wait is already open
 * (the companion's slot needs no room: it was counted live with its frame). `parent` of the companion is fixed at allocation, and its `owner` is set
 * by `adoptUnder` before anything is attached to it: neither is read while it has no children.
 */
// hooks.ts `suspend` writes the common opening out (no values, a site label): keep the two in step.
export function openWait(f: number, lbl: unknown, vals: unknown, fl: number): number {
  const flags = T.flags;
  const ff = flags[f] as number;
  // Only a live transformed span owns a companion slot (anything else would write into a
  // neighbour), and it has one: when it is already open, nothing is recorded.
  if ((ff & (NodeFlags.Transformed | NodeFlags.Live | NodeFlags.WaitOpen)) !== (NodeFlags.Transformed | NodeFlags.Live))
    return 0;
  // No span limit here: the companion's slot was counted live with its frame (slots.ts).
  const w = f + 1;
  flags[w] = Kind.Wait | NodeFlags.Live | fl;
  // Read here, not passed in: a time passed to a function V8 does not inline (this one, from
  // `suspend`) is boxed into a new heap number on every await.
  stampInto(T.start, w);
  // Usually the same site as at the last opening (a loop's await): a load instead of a store with
  // its write barrier.
  if (label[w] !== lbl) label[w] = lbl;
  if (vals !== undefined) {
    values[w] = typeof vals === "string" ? kept(vals) : vals; // a closed companion's values are undefined
    if ((typeof vals === "object" && vals !== null) || typeof vals === "function") {
      // A companion's generation is free (no handle of it is taken): it names this opening.
      const g = ((T.gen[w] as number) + 1) >>> 0;
      T.gen[w] = g;
      remember(w, g, T.gen);
    }
  }
  flags[f] = ff | NodeFlags.WaitOpen;
  return w;
}

/**
 * `openWait` for transformed code's `suspend`, with the claim of the frames attached since `mark`
 * (the calls made in the awaited expression). Returns 0 when nothing was opened (a wait still
 * open: see hooks.ts).
 */
export function openWaitFast(f: number, site: Site, vals: unknown, mark: number): number {
  const w = openWait(f, site, vals, site.flags << 2);
  if (w !== 0 && T.seq[f] !== mark) claimChildren(f, w, mark);
  return w;
}
