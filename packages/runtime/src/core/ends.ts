/**
 * Ending spans: a frame's common end (`endFrame`), any span's (`end`: its pending children become
 * detached), closing a companion wait, and a root's end (what it still holds is orphaned).
 */

import * as Accessors from "./accessors";
import * as Handles from "./handles";
import * as Links from "./links";
import * as Pool from "./pool";
import * as Slots from "./slots";
import * as State from "./state";
import * as Storage from "./storage";
import { Kind, NodeFlags } from "./storage";

const { companionIfOpen, detachedHead, setDetachedHead } = Accessors;
const bumpEpoch = Handles.bumpEpoch;
const { setOwner, unlink } = Links;
const { detach, pool } = Pool;
const release = Slots.release;

// The arena's storage as module constants, which V8 folds; its flag values are literals (see storage.ts).
const T = Storage.T;
const values = Storage.values;
const lostByRoot = Storage.lostByRoot;
const droppedByRoot = Storage.droppedByRoot;
const ctx = State.ctx;

/**
 * End a transformed frame (`exit`): the common case (no children, no open wait, under a parent)
 * unlinks it and frees its pair here; anything else goes through `end`.
 */
export function endFrame(id: number): void {
  const fl = T.flags[id] as number;
  const p = T.parent[id] as number;
  if (
    p === 0 ||
    T.firstChild[id] !== 0 ||
    (fl & (NodeFlags.WaitOpen | NodeFlags.Transformed)) !== NodeFlags.Transformed
  ) {
    end(id);
    return;
  }
  const next = T.next;
  const prev = T.prev;
  const a = prev[id] as number;
  const b = next[id] as number;
  if (a === 0) T.firstChild[p] = b;
  else next[a] = b;
  if (b === 0) T.lastChild[p] = a;
  else prev[b] = a;
  T.parent[id] = 0;
  prev[id] = 0;
  release(id);
}

/**
 * Close the open companion wait of `f`, if any: its still-pending children become detached.
 * Its generation is bumped when the pair is freed, and when it opens with an object value (to name
 * that opening, see weak-values.ts): no handle of a companion wait is ever taken.
 */
// hooks.ts `resumeThrown` writes the common closing out (no children): keep the two in step.
export function closeWait(f: number): void {
  const flags = T.flags;
  const ff = flags[f] as number;
  if ((ff & NodeFlags.WaitOpen) === 0) return;
  flags[f] = ff & ~(NodeFlags.WaitOpen | NodeFlags.ReturnWait);
  const w = f + 1;
  if (T.firstChild[w] !== 0) endChildren(w);
  // Flags and label are left as they are: nothing reaches a closed companion (no `WaitOpen`, no
  // handle, no child list), and a label is a static site (a hand label, flagged `HasWhere`, goes in
  // spans.ts `closeCompanion`, or when the pair is freed). Values may be the program's objects:
  // they are let go now.
  if (values[w] !== undefined) values[w] = undefined;
}

/** The still-pending children of an ending span become detached (or end with it). */
function endChildren(id: number): void {
  let c = T.firstChild[id] as number;
  while (c !== 0) {
    const n = T.next[c] as number;
    if (((T.flags[c] as number) & NodeFlags.EndsWithParent) !== 0) end(c);
    else detach(c);
    c = n;
  }
}

/** End a span: its still-pending children become detached; the slot is freed. */
export function end(id: number): void {
  if (T.firstChild[id] !== 0) endChildren(id);
  if (((T.flags[id] as number) & NodeFlags.WaitOpen) !== 0) closeWait(id);
  unlink(id);
  release(id);
}

function orphanChildren(id: number): void {
  let c = T.firstChild[id] as number;
  while (c !== 0) {
    const n = T.next[c] as number;
    unlink(c);
    setOwner(c, 0);
    pool(c);
    c = n;
  }
}

/**
 * End a root: everything still pending in its tree is orphaned (kept until it ends itself, or is
 * dropped from the pool). An automatic root is a transformed frame too, which may be ended while
 * its function is suspended (its registry's limit, `Registry#clear()`): its epoch is bumped, so
 * the references its function holds go stale (as in `dropTree`).
 */
export function endRoot(id: number): void {
  notCurrent(id);
  orphanChildren(id);
  const w = companionIfOpen(id);
  if (w !== 0) {
    orphanChildren(w);
    closeWait(id);
  }
  let d = detachedHead(id);
  while (d !== 0) {
    const n = T.next[d] as number;
    T.flags[d] = (T.flags[d] as number) & ~NodeFlags.Detached;
    T.prev[d] = 0;
    T.next[d] = 0;
    setOwner(d, 0);
    d = n;
  }
  setDetachedHead(id, 0);
  if (lostByRoot.size !== 0) lostByRoot.delete(id);
  if (droppedByRoot.size !== 0) droppedByRoot.delete(id);
  unlink(id);
  if (((T.flags[id] as number) & NodeFlags.Transformed) !== 0) bumpEpoch(id);
  release(id);
}

/**
 * Root `id` ends, perhaps while its own task's code runs (a task ended from inside itself:
 * `finish()`, `Registry#clear()`, its key registered again): nothing may go on naming its slot,
 * which the next span allocated takes (that code's later spans landed in that span's tree). The
 * running span, if it is the root, becomes none; a transformed frame running above it that would
 * restore it when it suspends restores none instead. (`runIn` and the `@traced` wrapper restore
 * what was current by its handle: context.ts.)
 */
function notCurrent(id: number): void {
  let c = ctx.current;
  if (c === id) {
    ctx.current = 0;
    return;
  }
  // The running chain: each running transformed frame's `saved` is the span current when it
  // entered or resumed. It ends at a span that is not a running transformed frame (at most a few
  // hundred links: a synchronous call stack).
  for (let n = 0; c !== 0 && n < 100_000; n++) {
    const fl = T.flags[c] as number;
    if ((fl & (NodeFlags.Transformed | NodeFlags.Live)) !== (NodeFlags.Transformed | NodeFlags.Live)) return;
    if ((fl & NodeFlags.KindMask) === Kind.Wait) return;
    const saved = T.saved[c] as number;
    if (saved === id) {
      T.saved[c] = 0;
      return;
    }
    c = saved;
  }
}
