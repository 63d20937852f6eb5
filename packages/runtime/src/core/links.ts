/**
 * Tree surgery: children as doubly linked lists in attachment order (`ord`, for the claim window),
 * moving a span under another (its owner follows), and the claim of an await's frames.
 */

import * as Accessors from "./accessors";
import * as Storage from "./storage";
import { Kind, NodeFlags } from "./storage";

const { companionIfOpen, detachedHead, firstOf, nextOf, setDetachedHead } = Accessors;

// The arena's storage as module constants, which V8 folds; its flag values are literals (see storage.ts).
const T = Storage.T;
const P = Storage.P;

/** Append `id` (not in any list) as the last child of `p`. */
export function appendChild(p: number, id: number): void {
  const seq = T.seq;
  const next = T.next;
  const lastChild = T.lastChild;
  T.parent[id] = p;
  const o = seq[p] as number;
  T.ord[id] = o;
  seq[p] = (o + 1) | 0;
  const last = lastChild[p] as number;
  T.prev[id] = last;
  next[id] = 0;
  if (last === 0) T.firstChild[p] = id;
  else next[last] = id;
  lastChild[p] = id;
}

/** Remove `id` from its parent's children or from its root's detached list. */
export function unlink(id: number): void {
  const parent = T.parent;
  const next = T.next;
  const prev = T.prev;
  const p = parent[id] as number;
  const a = prev[id] as number;
  const b = next[id] as number;
  if (p !== 0) {
    if (a === 0) T.firstChild[p] = b;
    else next[a] = b;
    if (b === 0) T.lastChild[p] = a;
    else prev[b] = a;
    parent[id] = 0;
  } else {
    const fl = T.flags[id] as number;
    if ((fl & NodeFlags.Detached) !== 0) {
      const r = T.owner[id] as number;
      if (a === 0) {
        if (r !== 0 && detachedHead(r) === id) setDetachedHead(r, b);
      } else next[a] = b;
      if (b !== 0) prev[b] = a;
    }
    if ((fl & NodeFlags.Pooled) !== 0) P.pooled--;
    T.flags[id] = fl & ~(NodeFlags.Detached | NodeFlags.Pooled);
  }
  prev[id] = 0;
  next[id] = 0;
}

/**
 * `top` and everything under it (children, open companion waits) now belong to `root`. A walk in
 * tree order by the parent links, without recursion or a stack: a pending chain can be far deeper
 * than the call stack (a recursion of traced calls, each suspended before it recurses), and a
 * recursion here overflowed half-way, leaving the subtree split between two owners and the caller
 * (a task ending, an awaiter adopting the chain) half done.
 */
export function setOwner(top: number, root: number): void {
  const owner = T.owner;
  owner[top] = root;
  let c = firstOf(top);
  while (c !== 0) {
    owner[c] = root;
    const d = firstOf(c);
    if (d !== 0) {
      c = d;
      continue;
    }
    // The next span after `c` in tree order, climbing back towards `top` (0 once there).
    for (;;) {
      const n = nextOf(c);
      if (n !== 0) {
        c = n;
        break;
      }
      c = T.parent[c] as number;
      if (c === top || c === 0) {
        c = 0;
        break;
      }
    }
  }
}

/** Move `id` (wherever it is) to be the last child of `p`; keeps its start time. */
export function moveUnder(id: number, p: number): void {
  unlink(id);
  appendChild(p, id);
  const r = T.owner[p] as number;
  if (T.owner[id] !== r) setOwner(id, r);
}

/** Move `id` under wait `w` (a companion wait takes its frame's owner first: see `openWait`). */
export function adoptUnder(id: number, w: number): void {
  const f = T.parent[w] as number;
  if (f !== 0 && companionIfOpen(f) === w) T.owner[w] = T.owner[f] as number;
  moveUnder(id, w);
}

/** Frames of `f` attached since `mark` (the calls of an awaited expression) move under wait `w`. */
export function claimChildren(f: number, w: number, mark: number): void {
  // The common claim: one call in the awaited expression, so one frame attached since `mark`, the
  // last child of `f`, moving under a wait just opened (without children) of the same root. Written
  // out (`adoptUnder` without its general unlink, append and owner walk): it runs on almost every
  // traced call made from traced code.
  const last = T.lastChild[f] as number;
  if (
    last !== 0 &&
    T.ord[last] === mark &&
    T.seq[f] === ((mark + 1) | 0) &&
    ((T.flags[last] as number) & NodeFlags.KindMask) === Kind.Frame &&
    T.firstChild[w] === 0 &&
    T.parent[w] === f &&
    T.owner[last] === T.owner[f]
  ) {
    const a = T.prev[last] as number;
    if (a === 0) T.firstChild[f] = 0;
    else T.next[a] = 0;
    T.lastChild[f] = a;
    T.owner[w] = T.owner[f] as number;
    T.parent[last] = w;
    // No `ord` of the frame under the wait: only a frame's own children are claimed by their
    // order (a wait's children never are), and a later move sets it again (`appendChild`).
    T.prev[last] = 0;
    T.firstChild[w] = last;
    T.lastChild[w] = last;
    return;
  }
  let first = 0;
  for (let c = T.lastChild[f] as number; c !== 0 && (T.ord[c] as number) >= mark; c = T.prev[c] as number) {
    first = c;
  }
  let c = first;
  while (c !== 0) {
    const n = T.next[c] as number;
    if (((T.flags[c] as number) & NodeFlags.KindMask) === Kind.Frame && c !== w) adoptUnder(c, w);
    c = n;
  }
}

/** The frames among `f`'s children attached since `mark` (a join's calls: see tags.ts `tagJoin`). */
export function framesSince(f: number, mark: number): number[] {
  const out: number[] = [];
  for (let c = T.lastChild[f] as number; c !== 0 && (T.ord[c] as number) >= mark; c = T.prev[c] as number) {
    if (((T.flags[c] as number) & NodeFlags.KindMask) === Kind.Frame) out.push(c);
  }
  return out.reverse();
}
