/**
 * Creating and ending spans, shared by transformed code (hooks.ts), the manual API and the
 * registry. Nothing here throws to a caller: a full arena yields span 0, which every operation
 * treats as "not recorded".
 */
import * as A from "./arena";
import * as Clock from "./clock";
import * as Context from "./context";
import * as State from "./state";
import * as Storage from "./storage";
import { Kind, NodeFlags } from "./storage";
import * as Tags from "./tags";

// Module constants for what the hot paths read (see hooks.ts).
const ctx = Context.ctx;
const stamp = Clock.stamp;
const tagState = Tags.tagState;
const tagOf = Tags.tagOf;
const pendingFrameOf = Tags.pendingFrameOf;
const tagEnded = Tags.tagEnded;
const { adoptUnder, alloc, allocFrame, appendChild, closeWait, end, endFrame, flagsOf, kindOf, rootOf } = A;
const poolState = Storage.poolState;

/** Automatic roots for traced calls outside any task, installed by the registry: see state.ts. */
const autoRoots = State.autoRoots;

export { autoRoots };

/** A new frame under `p` (or an automatic root when there is no parent); 0 when not recorded. */
export function newFrame(p: number, label: unknown, vals: unknown, flags: number): number {
  if (ctx.paused) return 0; // a label's toString running during a dump records nothing
  if (p === 0) {
    const create = autoRoots.create;
    return create === undefined ? 0 : create(label, vals, flags);
  }
  if ((flags & NodeFlags.Transformed) !== 0) return allocFrame(p, Kind.Frame | flags, label, vals);
  const id = alloc(Kind.Frame | flags, label, vals, stamp(), rootOf(p));
  if (id !== 0) appendChild(p, id);
  return id;
}

/** A new wait under `p`; 0 when not recorded. */
export function newWait(p: number, label: unknown, vals: unknown, flags: number): number {
  if (ctx.paused) return 0;
  const id = alloc(Kind.Wait | flags, label, vals, stamp(), rootOf(p));
  if (id !== 0) appendChild(p, id);
  return id;
}

/** Waits that awaited a frame which has since moved to a later awaiter: wait -> frame handle. */
const references = new Map<number, number>();

export { references };

/** Move a frame under wait `w` ("the last awaiter wins"), leaving a reference at a live waiter. */
export function adopt(w: number, f: number): void {
  const p = Storage.parent[f] as number;
  if (p === w) return;
  if (p !== 0 && kindOf(p) === Kind.Wait) references.set(p, A.handleOf(f));
  adoptUnder(f, w);
  if (lingering.n !== 0 && p !== 0) endLingering(p);
}

/** Frames of `f` attached since `mark` (the call in the awaited expression) move under `w`. */
export function claimSince(f: number, w: number, mark: number): void {
  A.claimChildren(f, w, mark);
}

/** Attach what the awaited value stands for (tagged traced frames) under wait `w`. */
export function adoptAwaited(w: number, value: unknown): void {
  if (!tagState.any || typeof value !== "object" || value === null) return;
  const pf = pendingFrameOf(value);
  if (pf >= 0) {
    // The latest traced call's promise (usually the call just made): no handle, no lookup.
    if (pf !== 0 && pf !== w && A.parentOf(pf) !== w && !isAncestor(pf, w)) adopt(w, pf);
    return;
  }
  // One WeakMap lookup and no allocation when the value is not tagged (the common case).
  const t = tagOf(value);
  if (t === undefined) return;
  if (typeof t === "number") {
    adoptHandle(w, t);
    return;
  }
  for (let i = 0; i < t.length; i++) adoptHandle(w, t[i] as number);
}

function adoptHandle(w: number, h: number): void {
  const f = A.fromHandle(h);
  // Usually the frame is already there: the call was made in the awaited expression (claimed).
  if (f !== 0 && f !== w && A.parentOf(f) !== w && !isAncestor(f, w)) adopt(w, f);
}

function isAncestor(a: number, b: number): boolean {
  for (let p = Storage.parent[b] as number; p !== 0; p = Storage.parent[p] as number) if (p === a) return true;
  return false;
}

/**
 * How many frames linger: their function returned while its return wait still had children
 * (core/returning.ts). While none does, `endSpan` does not even read the parent.
 */
const lingering = { n: 0 };

export { lingering };

/** End a frame or wait; an automatic root ends its task; a lingering frame whose last child this was ends too. */
export function endSpan(id: number): void {
  const p = lingering.n !== 0 ? (Storage.parent[id] as number) : 0;
  endOne(id);
  if (p !== 0) endLingering(p);
}

/**
 * `w` lost a child: when it is the open return wait of a lingering frame and has no child left,
 * that frame ends, and so on upwards (a loop: a chain of returning frames can be deep).
 */
export function endLingering(w: number): void {
  while (w > 1) {
    const f = w - 1;
    if ((flagsOf(f) & NodeFlags.Lingering) === 0 || A.companionIfOpen(f) !== w || Storage.firstChild[w] !== 0) return;
    lingering.n--;
    const up = Storage.parent[f] as number;
    closeCompanion(f);
    endOne(f);
    w = lingering.n !== 0 ? up : 0;
  }
}

function endOne(id: number): void {
  if (tagState.any) tagEnded(id);
  if (references.size !== 0) references.delete(id);
  const fl = flagsOf(id);
  if ((fl & NodeFlags.AutoRoot) !== 0) {
    const m = Storage.meta[id] as { finish?: () => void } | undefined;
    if (m?.finish !== undefined) m.finish();
    else A.endRoot(id);
    return;
  }
  if ((fl & NodeFlags.Transformed) !== 0) endFrame(id);
  else end(id);
  if (poolState.over) evictIfSafe();
}

/** A span freed by the detached limit: what refers to it by slot goes too. */
function forgetDropped(id: number): void {
  if (tagState.any) tagEnded(id);
  if (references.size !== 0) references.delete(id);
}

/**
 * Drop the oldest detached and orphaned subtrees beyond the limit (arena.ts `evictPooled`), if
 * now is a safe point: no traced code on the stack (`ctx.current` is 0: a transformed frame's
 * synchronous code always has a current span, and the untransformed entry points set one too),
 * and no dump formatting labels. Otherwise a later safe point does it.
 */
export function evictIfSafe(): void {
  if (ctx.current !== 0 || ctx.paused) return;
  try {
    A.evictPooled(forgetDropped);
  } catch {
    // The pool stays over its limit until the next safe point; the program goes on.
  }
}

/** The frame's open wait ends (the frame resumed, or ended). */
export function closeCompanion(f: number): void {
  // A hand-labelled wait keeps its site's location apart (`HasWhere`): it goes with the wait.
  if (references.size !== 0 || (flagsOf(f + 1) & NodeFlags.HasWhere) !== 0) forgetWait(f + 1);
  try {
    closeWait(f);
  } catch {
    // The wait stays in the tree; the program goes on.
  }
}

/**
 * What a closing companion wait `w` may leave behind: a reference, a hand label and its site's
 * location. A companion's label is its await's site (static, kept for the next opening: see
 * slots.ts `release`) unless a hand label replaced it, which always comes with `HasWhere`.
 */
function forgetWait(w: number): void {
  references.delete(w);
  if ((flagsOf(w) & NodeFlags.HasWhere) !== 0) {
    Storage.label[w] = undefined;
    A.clearWhere(w);
  }
}
