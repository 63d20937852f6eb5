/**
 * Creating and ending spans, shared by transformed code (hooks.ts), the manual API and the
 * registry. Nothing here throws to a caller: a full arena yields span 0, which every operation
 * treats as "not recorded".
 */
import * as A from "./arena";
import { Kind, NodeFlags } from "./arena";
import { now } from "./clock";
import { ctx } from "./context";
import { framesOf, tagState } from "./tags";

/**
 * Creates an anonymous root for a traced call made outside any task, when the global registry
 * allows it (set by the registry module to avoid a dependency cycle).
 */
export const autoRoots = {
  create: undefined as ((label: unknown, vals: unknown, flags: number) => number) | undefined,
};

/** A new frame under `p` (or an automatic root when there is no parent); 0 when not recorded. */
export function newFrame(p: number, label: unknown, vals: unknown, flags: number): number {
  if (ctx.paused) return 0; // a label's toString running during a dump records nothing
  if (p === 0) {
    const create = autoRoots.create;
    return create === undefined ? 0 : create(label, vals, flags);
  }
  const id = A.alloc(Kind.Frame | flags, label, vals, now(), A.owner[p] as number);
  if (id !== 0) A.appendChild(p, id);
  return id;
}

/** A new wait under `p`; 0 when not recorded. */
export function newWait(p: number, label: unknown, vals: unknown, flags: number): number {
  if (ctx.paused) return 0;
  const id = A.alloc(Kind.Wait | flags, label, vals, now(), A.owner[p] as number);
  if (id !== 0) A.appendChild(p, id);
  return id;
}

/** Waits that awaited a frame which has since moved to a later awaiter: wait -> frame handle. */
export const references = new Map<number, number>();

/** Move a frame under wait `w` ("the last awaiter wins"), leaving a reference at a live waiter. */
export function adopt(w: number, f: number): void {
  const p = A.parent[f] as number;
  if (p === w) return;
  if (p !== 0 && A.kindOf(p) === Kind.Wait) references.set(p, A.handleOf(f));
  A.moveUnder(f, w);
}

/** Frames of `f` attached since `mark` (the call in the awaited expression) move under `w`. */
export function claimSince(f: number, w: number, mark: number): void {
  let first = 0;
  for (let c = A.lastChild[f] as number; c !== 0 && (A.ord[c] as number) >= mark; c = A.prev[c] as number) {
    first = c;
  }
  let c = first;
  while (c !== 0) {
    const n = A.next[c] as number;
    if (A.kindOf(c) === Kind.Frame && c !== w) A.moveUnder(c, w);
    c = n;
  }
}

/** Attach what the awaited value stands for (tagged traced frames) under wait `w`. */
export function adoptAwaited(w: number, value: unknown): void {
  if (!tagState.any || typeof value !== "object" || value === null) return;
  const fs = framesOf(value);
  for (let i = 0; i < fs.length; i++) {
    const f = fs[i] as number;
    if (f !== w && !isAncestor(f, w)) adopt(w, f);
  }
}

function isAncestor(a: number, b: number): boolean {
  for (let p = A.parent[b] as number; p !== 0; p = A.parent[p] as number) if (p === a) return true;
  return false;
}

/** End a frame or wait; an automatic root ends its task. */
export function endSpan(id: number): void {
  if (references.size !== 0) references.delete(id);
  const fl = A.flags[id] as number;
  if ((fl & NodeFlags.AutoRoot) !== 0) {
    const m = A.meta[id] as { finish?: () => void } | undefined;
    if (m?.finish !== undefined) m.finish();
    else A.endRoot(id);
    return;
  }
  A.end(id);
}

/** The frame's open wait ends (the frame resumed, or ended). */
export function closeWaitOf(f: number): void {
  const w = A.link[f] as number;
  if (w !== 0) {
    A.link[f] = 0;
    endSpan(w);
  }
}

export { ctx };
