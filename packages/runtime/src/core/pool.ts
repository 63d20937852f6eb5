/**
 * Detached and orphaned subtrees: a root's detached list, and the pool bounding what nobody can
 * see or reach (a ring in pooling order; beyond `maxDetached` the oldest is dropped, its spans
 * freed and counted, and the references of its frames go stale).
 */

import * as Accessors from "./accessors";
import * as Handles from "./handles";
import * as Links from "./links";
import * as Slots from "./slots";
import * as Storage from "./storage";
import { Kind, NodeFlags } from "./storage";

const { companionIfOpen, detachedHead, firstOf, nextOf, setDetachedHead } = Accessors;
const { bumpEpoch, isLive } = Handles;
const { setOwner, unlink } = Links;
const release = Slots.release;

// The arena's storage as module constants, which V8 folds; its flag values are literals (see storage.ts).
const T = Storage.T;
const P = Storage.P;
const label = Storage.label;
const values = Storage.values;
const where = Storage.where;
const droppedByRoot = Storage.droppedByRoot;

/** Put `id` on its root's detached list (or orphan it when the root is gone). */
export function detach(id: number): void {
  unlink(id);
  const r = T.owner[id] as number;
  if (r === 0 || r === id || !isLive(r)) {
    setOwner(id, 0);
    pool(id);
    return;
  }
  T.flags[id] = (T.flags[id] as number) | NodeFlags.Detached;
  const head = detachedHead(r);
  T.next[id] = head;
  T.prev[id] = 0;
  if (head !== 0) T.prev[head] = id;
  setDetachedHead(r, id);
  pool(id);
}

/** `id` (a top: no parent) joins the pool of detached and orphaned subtrees. */
export function pool(id: number): void {
  const fl = T.flags[id] as number;
  if ((fl & NodeFlags.Pooled) !== 0) return;
  T.flags[id] = fl | NodeFlags.Pooled;
  P.pooled++;
  if (P.size === P.ids.length) compactPool();
  const k = (P.head + P.size) % P.ids.length;
  P.ids[k] = id;
  P.gens[k] = T.gen[id] as number;
  P.size++;
  if (P.pooled > P.limit) P.over = true;
}

/**
 * The tops of the orphaned subtrees (work still pending in tasks that ended: nobody's tree shows
 * it), oldest pooled first, each once: what a process-wide dump lists after the tasks
 * (api/dump.ts). Reads the ring, changes nothing.
 */
export function orphanedTops(): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  const n = P.ids.length;
  for (let i = 0; i < P.size; i++) {
    const k = (P.head + i) % n;
    const id = P.ids[k] as number;
    if (T.gen[id] !== P.gens[k]) continue; // freed and taken again since
    if (((T.flags[id] as number) & (NodeFlags.Pooled | NodeFlags.Live)) !== (NodeFlags.Pooled | NodeFlags.Live))
      continue;
    if (T.owner[id] !== 0 || T.parent[id] !== 0 || seen.has(id)) continue; // a task's detached span, or adopted
    seen.add(id);
    out.push(id);
  }
  return out;
}

/** The ring is full: drop its stale entries, and grow it when that frees too little. */
function compactPool(): void {
  const n = P.ids.length;
  let ids = new Int32Array(n);
  let gens = new Uint32Array(n);
  let m = 0;
  for (let i = 0; i < P.size; i++) {
    const k = (P.head + i) % n;
    const id = P.ids[k] as number;
    const g = P.gens[k] as number;
    if (
      T.gen[id] === g &&
      ((T.flags[id] as number) & (NodeFlags.Pooled | NodeFlags.Live)) === (NodeFlags.Pooled | NodeFlags.Live)
    ) {
      ids[m] = id;
      gens[m] = g;
      m++;
    }
  }
  if (m > n - (n >> 2)) {
    const bigger = new Int32Array(n * 2);
    const biggerGens = new Uint32Array(n * 2);
    bigger.set(ids.subarray(0, m));
    biggerGens.set(gens.subarray(0, m));
    ids = bigger;
    gens = biggerGens;
  }
  P.ids = ids;
  P.gens = gens;
  P.head = 0;
  P.size = m;
}

/**
 * Drop the oldest pooled subtrees until at most `limit` remain. Only at a safe point: no span of
 * the pool may be running (the caller checks that no traced code is on the stack). `onDrop(id)` is
 * told of every span freed (before its slot is). Returns the spans freed.
 */
export function evictPooled(onDrop: (id: number) => void): number {
  P.over = false;
  let freed = 0;
  while (P.pooled > P.limit && P.size > 0) {
    const k = P.head;
    const id = P.ids[k] as number;
    const g = P.gens[k] as number;
    P.head = (k + 1) % P.ids.length;
    P.size--;
    if (
      T.gen[id] !== g ||
      ((T.flags[id] as number) & (NodeFlags.Pooled | NodeFlags.Live)) !== (NodeFlags.Pooled | NodeFlags.Live)
    )
      continue;
    const r = T.owner[id] as number;
    const detached = ((T.flags[id] as number) & NodeFlags.Detached) !== 0 && r !== 0 && isLive(r);
    const n = dropTree(id, onDrop);
    freed += n;
    P.dropped += n;
    if (detached) droppedByRoot.set(r, (droppedByRoot.get(r) ?? 0) + n);
    else P.droppedOrphans += n;
  }
  return freed;
}

/**
 * Free `top` and everything under it (children, open companion waits), whatever their state: the
 * functions of its frames may still resume, so every freed transformed frame's epoch is bumped and
 * their references (`refOf`) go stale. Returns the spans freed. A root inside (an automatic root
 * adopted by an awaiter) is left to its registry: it is unlinked, not freed.
 */
export function dropTree(top: number, onDrop: (id: number) => void): number {
  unlink(top);
  if (((T.flags[top] as number) & NodeFlags.KindMask) === Kind.Root) return 0;
  const order: number[] = [];
  const stack: number[] = [top];
  while (stack.length > 0) {
    const id = stack.pop() as number;
    order.push(id);
    for (let c = firstOf(id); c !== 0; ) {
      const n = nextOf(c);
      if (((T.flags[c] as number) & NodeFlags.KindMask) === Kind.Root) unlink(c);
      else stack.push(c);
      c = n;
    }
  }
  let n = 0;
  for (let i = order.length - 1; i >= 0; i--) {
    const id = order[i] as number;
    const fl = T.flags[id] as number;
    if ((fl & NodeFlags.Live) === 0) continue;
    const p = T.parent[id] as number;
    if (p !== 0 && companionIfOpen(p) === id) {
      // A companion wait: freed with its frame (below, the frame comes earlier in `order`).
      T.firstChild[id] = 0;
      T.lastChild[id] = 0;
      values[id] = undefined;
      if ((fl & NodeFlags.HasWhere) !== 0) {
        where[id] = undefined;
        label[id] = undefined; // a hand label (see slots.ts `release`)
      }
      T.flags[id] = fl & ~NodeFlags.HasWhere;
      T.flags[p] = (T.flags[p] as number) & ~NodeFlags.WaitOpen;
      onDrop(id);
      n++;
      continue;
    }
    onDrop(id);
    T.parent[id] = 0;
    T.prev[id] = 0;
    T.next[id] = 0;
    T.firstChild[id] = 0;
    T.lastChild[id] = 0;
    if ((fl & NodeFlags.WaitOpen) !== 0) {
      // Its companion had no children (they were freed first): close it.
      const w = id + 1;
      T.firstChild[w] = 0;
      T.lastChild[w] = 0;
      values[w] = undefined;
      T.flags[id] = fl & ~NodeFlags.WaitOpen;
      onDrop(w);
      n++;
    }
    if ((fl & NodeFlags.Transformed) !== 0) bumpEpoch(id);
    release(id);
    n++;
  }
  return n;
}
