/** Reading and writing one span's fields, for code outside the arena's own modules. */

import * as Storage from "./storage";
import { type Kind, NodeFlags } from "./storage";

// The arena's storage as module constants, which V8 folds; its flag values are literals (see storage.ts).
const T = Storage.T;
const where = Storage.where;

export function kindOf(id: number): Kind {
  return ((T.flags[id] as number) & NodeFlags.KindMask) as Kind;
}

/** Root of the tree showing `id`, or 0. */
export function rootOf(id: number): number {
  return id === 0 ? 0 : (T.owner[id] as number);
}

export function parentOf(id: number): number {
  return T.parent[id] as number;
}

export function flagsOf(id: number): number {
  return T.flags[id] as number;
}

/** The frame's attachment counter (`mark` in hooks.ts). */
export function seqOf(f: number): number {
  return T.seq[f] as number;
}

/** Frames: the span current before this frame became current. */
export function savedOf(f: number): number {
  return T.saved[f] as number;
}

export function setSaved(f: number, c: number): void {
  T.saved[f] = c;
}

/** The registry's entry of root `id` (read back by the registry through `Storage.meta`). */
export function setRootEntry(id: number, entry: unknown): void {
  Storage.meta[id] = entry;
}

/** A location for `id` when its label has none (an adopted frame, a hand-labelled wait). */
export function setWhere(id: number, site: unknown): void {
  where[id] = site;
  T.flags[id] = (T.flags[id] as number) | NodeFlags.HasWhere;
}

/** Forget the location of `id` (a companion wait closing after a hand label). */
export function clearWhere(id: number): void {
  if (((T.flags[id] as number) & NodeFlags.HasWhere) !== 0) {
    where[id] = undefined;
    T.flags[id] = (T.flags[id] as number) & ~NodeFlags.HasWhere;
  }
}

/** The open companion wait of `f`, or 0. */
export function companionIfOpen(f: number): number {
  return ((T.flags[f] as number) & NodeFlags.WaitOpen) !== 0 ? f + 1 : 0;
}

/** The open companion wait of `f` unless it is the wait of a `return` (which a `finally` keeps), or 0. */
export function companionIfAwaiting(f: number): number {
  return ((T.flags[f] as number) & (NodeFlags.WaitOpen | NodeFlags.ReturnWait)) === NodeFlags.WaitOpen ? f + 1 : 0;
}

/** The first child of `id` in tree order: its child list, then its open companion wait. */
export function firstOf(id: number): number {
  const c = T.firstChild[id] as number;
  return c !== 0 ? c : companionIfOpen(id);
}

/** The sibling after `c` in tree order (see `firstOf`); in a detached list, the next detached span. */
export function nextOf(c: number): number {
  const n = T.next[c] as number;
  if (n !== 0) return n;
  const p = T.parent[c] as number;
  if (p === 0) return 0;
  const w = companionIfOpen(p);
  return w === c ? 0 : w;
}

/** The first span of root `r`'s detached list, or 0. */
export function detachedHead(r: number): number {
  return T.saved[((T.flags[r] as number) & NodeFlags.Transformed) !== 0 ? r + 1 : r] as number;
}

export function setDetachedHead(r: number, id: number): void {
  T.saved[((T.flags[r] as number) & NodeFlags.Transformed) !== 0 ? r + 1 : r] = id;
}
