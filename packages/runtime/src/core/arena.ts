/**
 * The span arena: every span of the process lives in one set of parallel typed arrays indexed by
 * a slot id (0 is "no span"). Slots are reused through free lists; a generation counter per slot
 * lets long-lived references (promise tags, async context) detect that their span has ended.
 *
 * One arena for the whole process, not one per task: a detached span can be re-attached under a
 * wait of another task, and registries share spans across them.
 *
 * A transformed frame (or automatic root) owns two adjacent slots: its own, and at `id + 1` its
 * companion wait, which transformed code opens on every suspension and closes on every resumption
 * (`openWait`, `closeWait`). A frame has at most one open wait, so the companion slot is never
 * allocated, freed nor linked into a child list on the hot path: while open (flag `WaitOpen` on
 * the frame) it is the frame's last child (walk children with `firstOf` / `nextOf`).
 *
 * A root's list of detached spans starts at `detachedHead(root)`, kept in the `saved` field of a
 * slot that has no other use for it (a registered root's own, an automatic root's companion).
 *
 * Inside this module the arrays are read through one constant holder (`T`), which V8 folds;
 * other modules read them as live exports (`A.flags[id]`), replaced on every grow. Why, and the
 * measurements behind each choice of this file: docs/performance.md.
 */

import { now } from "./clock";
import type { Site } from "./site";
import { forgetWindow, remember, setArena } from "./weak-values";

export enum Kind {
  Root = 1,
  Frame = 2,
  Wait = 3,
}

export enum NodeFlags {
  KindMask = 3,
  Verbose = 4,
  LongRunning = 8,
  Detached = 16,
  /** A frame whose body is transformed: it tracks its own resumptions (and owns a companion wait slot). */
  Transformed = 32,
  /** A root created automatically for a traced call made outside any task. */
  AutoRoot = 64,
  Live = 128,
  /** A wait that cannot observe its own end (a non-native thenable): it ends with its parent. */
  EndsWithParent = 256,
  /** `where` holds a location for this slot (see `setWhere`). */
  HasWhere = 512,
  /** A transformed span whose companion wait (`id + 1`) is open. */
  WaitOpen = 1024,
  /** The open companion wait is the wait of a `return` (core/returning.ts): a `finally` keeps it open. */
  ReturnWait = 2048,
  /** A frame whose function returned while its return wait had children: it ends with the last of them. */
  Lingering = 4096,
  /** A span no live tree shows in its place: detached, or orphaned by a task that ended (see `pool`). */
  Pooled = 8192,
}

const MAX_ID = 1 << 24;

// Flag values as module constants: V8 folds them (an enum member costs a load and a map check).
const KIND_MASK = NodeFlags.KindMask;
const DETACHED = NodeFlags.Detached;
const TRANSFORMED = NodeFlags.Transformed;
const LIVE = NodeFlags.Live;
const ENDS_WITH_PARENT = NodeFlags.EndsWithParent;
const HAS_WHERE = NodeFlags.HasWhere;
const WAIT_OPEN = NodeFlags.WaitOpen;
const WAIT_OPEN_OR_RETURN = NodeFlags.WaitOpen | NodeFlags.ReturnWait;
const POOLED = NodeFlags.Pooled;
/** Low bits of a frame reference (`refOf`): the slot id; the bits above: its eviction epoch. */
const ID_MASK = MAX_ID - 1;
const EPOCH_SHIFT = 24;
/** Epochs count evictions modulo 128, so that a reference stays below 2^31 (a Smi for V8). */
const EPOCH_MASK = 127;
const KIND_ROOT = Kind.Root;
const KIND_FRAME = Kind.Frame;
const WAIT_LIVE = Kind.Wait | NodeFlags.Live;
const TRANSFORMED_LIVE = NodeFlags.Transformed | NodeFlags.Live;

/** Slots allocated when the module loads (about 200 KB); the arena grows by an eighth beyond. */
const INITIAL_CAPACITY = 4096;

/**
 * The typed arrays, held by one constant object. Code in this module reads them as `T.flags[id]`:
 * V8 folds the holder, and until the first grow also the arrays themselves (their data pointer and
 * length become constants of the optimized code); after a grow it still knows their types. A
 * module-level `let` array would cost a hole check, a map check and loads of the data pointer and
 * length on every access (measured: about 2x the instructions of the holder).
 */
const T = {
  flags: new Uint16Array(INITIAL_CAPACITY),
  parent: new Int32Array(INITIAL_CAPACITY),
  firstChild: new Int32Array(INITIAL_CAPACITY),
  lastChild: new Int32Array(INITIAL_CAPACITY),
  next: new Int32Array(INITIAL_CAPACITY),
  prev: new Int32Array(INITIAL_CAPACITY),
  owner: new Int32Array(INITIAL_CAPACITY),
  ord: new Int32Array(INITIAL_CAPACITY),
  seq: new Int32Array(INITIAL_CAPACITY),
  saved: new Int32Array(INITIAL_CAPACITY),
  gen: new Uint32Array(INITIAL_CAPACITY),
  start: new Float64Array(INITIAL_CAPACITY),
};

/** Counters and free lists, in one constant object for the same reason. */
const S = {
  capacity: INITIAL_CAPACITY,
  /** Free single slots, linked through `next`. */
  freeHead: 0,
  /** Free slot pairs (a transformed span and its companion wait), linked through `next` of the first. */
  freePairs: 0,
  top: 1,
  /** One more than the most live spans. */
  limit: 1 << 22,
  live: 0,
  /** Spans that could not be recorded because the arena was full, since the process started. */
  lost: 0,
};

// The same arrays for other modules (`A.flags[id]`), replaced on every grow.
export let capacity = INITIAL_CAPACITY;
export let flags = T.flags;
export let parent = T.parent;
export let firstChild = T.firstChild;
export let lastChild = T.lastChild;
export let next = T.next;
export let prev = T.prev;
/** The root whose tree shows this span (0 for a span orphaned by a finished task). */
export let owner = T.owner;
/** Order of attachment under the current parent (see `seq`). */
export let ord = T.ord;
/** Counter of attachments under this span; `ord` of the next child. */
export let seq = T.seq;
/** Frames: the span that was current before this frame became current (see `detachedHead`). */
export let saved = T.saved;
export let gen = T.gen;
export let start = T.start;
/** Label source per slot: a Site, a Span or a string. */
const label: unknown[] = [];
/** Runtime values of the label (undefined, one value, or an array), per the Site. */
const values: unknown[] = [];
setArena(() => ({ gens: T.gen, store: values, labels: label }));
/** Per-root bookkeeping (registry, key), only for roots. */
const meta: unknown[] = [];
/** Where a span is in the source, when its label does not say (adopted frames, hand-labelled waits). */
const where: unknown[] = [];

/** Per-root count of spans lost to a full arena. */
const lostByRoot = new Map<number, number>();
/** Per-root count of detached spans dropped by the detached limit (see `pool`). */
const droppedByRoot = new Map<number, number>();

/**
 * The pool of spans no live tree shows in place: detached subtrees (shown under `[Detached]` of a
 * live task) and orphaned ones (their task ended or was cleared: shown nowhere). Work that is
 * abandoned and never settles (a race loser, a dropped call) ends up here and would stay for ever;
 * the pool is bounded: beyond `limit` subtrees the oldest (first pooled) is dropped, its spans
 * freed and counted (against its task when detached, in `droppedOrphans` when orphaned).
 * Dropping happens at safe points only (`over` tells them; see spans.ts `evictIfSafe`).
 */
const P = {
  /** Most pooled subtrees kept (`setDetachedLimit`). */
  limit: 10_000,
  /** Subtrees pooled now (spans flagged `Pooled`). */
  pooled: 0,
  /** More pooled than the limit: the next safe point drops the oldest. */
  over: false,
  /** Spans dropped since the process started (detached and orphaned). */
  dropped: 0,
  /** Spans of ended or cleared tasks dropped. */
  droppedOrphans: 0,
  /** Ring of pooled subtrees in pooling order (slot, generation); entries may be stale. */
  ids: new Int32Array(1024),
  gens: new Uint32Array(1024),
  head: 0,
  size: 0,
};

// Exported by name so that this module reads its own bindings (an `export const` would be read
// back through the exports object, with a map check on every access).
export { droppedByRoot, label, lostByRoot, meta, P as poolState, values, where };

function grow(min: number): boolean {
  if (min >= MAX_ID) return false;
  // By an eighth (not doubling): at most a ninth of the arena is slack, about 50 bytes a slot,
  // for more copies while it grows (measured on P7: about 15 bytes less per pending span than
  // doubling; growing from 4,096 to 250,000 slots copies about 100 MB in all, a few milliseconds).
  resize(Math.min(MAX_ID, Math.max(INITIAL_CAPACITY, Math.ceil(S.capacity * 1.125), min + 1)), true);
  return true;
}

/** New arrays of `cap` slots, keeping the spans when `keep`. */
function resize(cap: number, keep: boolean): void {
  const g = <A extends Int32Array | Uint32Array | Uint16Array | Float64Array>(a: A, C: new (n: number) => A): A => {
    const b = new C(cap);
    if (keep) b.set(a);
    return b;
  };
  flags = T.flags = g(T.flags, Uint16Array);
  parent = T.parent = g(T.parent, Int32Array);
  firstChild = T.firstChild = g(T.firstChild, Int32Array);
  lastChild = T.lastChild = g(T.lastChild, Int32Array);
  next = T.next = g(T.next, Int32Array);
  prev = T.prev = g(T.prev, Int32Array);
  owner = T.owner = g(T.owner, Int32Array);
  ord = T.ord = g(T.ord, Int32Array);
  seq = T.seq = g(T.seq, Int32Array);
  saved = T.saved = g(T.saved, Int32Array);
  gen = T.gen = g(T.gen, Uint32Array);
  start = T.start = g(T.start, Float64Array);
  capacity = S.capacity = cap;
}

/** The most detached and orphaned subtrees kept; beyond it the oldest are dropped (counted). */
export function setDetachedLimit(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_ID - 1) {
    throw new RangeError(`maxDetached must be an integer from 1 to ${MAX_ID - 1}, got ${String(n)}`);
  }
  P.limit = n;
  P.over = P.pooled > n;
}

export function detachedLimit(): number {
  return P.limit;
}

/** The most spans alive at once; beyond it new spans are counted as lost, never an error. */
export function setSpanLimit(n: number): void {
  if (!Number.isInteger(n) || n < 16 || n > MAX_ID - 1) {
    throw new RangeError(`maxSpans must be an integer from 16 to ${MAX_ID - 1}, got ${String(n)}`);
  }
  S.limit = n + 1;
}

export function spanLimit(): number {
  return S.limit - 1;
}

/**
 * Spans alive now, spans lost to the limit since the process started, detached and orphaned
 * subtrees pooled now, and spans dropped from that pool (`droppedOrphans` of them orphaned).
 */
export function spanStats(): {
  live: number;
  lost: number;
  limit: number;
  detached: number;
  dropped: number;
  droppedOrphans: number;
} {
  return {
    live: S.live,
    lost: S.lost,
    limit: S.limit - 1,
    detached: P.pooled,
    dropped: P.dropped,
    droppedOrphans: P.droppedOrphans,
  };
}

function lose(root: number): void {
  S.lost++;
  if (root !== 0) lostByRoot.set(root, (lostByRoot.get(root) ?? 0) + 1);
}

/**
 * A new detached-from-everything slot, or 0 when the arena is full (counted against `root`).
 * A span flagged `Transformed` gets a slot pair: its own and its companion wait's (closed).
 */
export function alloc(f: number, lbl: unknown, vals: unknown, t: number, root: number): number {
  if (S.live >= S.limit - 1) {
    lose(root);
    return 0;
  }
  let id: number;
  if ((f & TRANSFORMED) !== 0) {
    id = takePair();
    if (id === 0) {
      lose(root);
      return 0;
    }
  } else {
    id = S.freeHead;
    if (id !== 0) {
      S.freeHead = T.next[id] as number;
    } else {
      if (S.top >= S.capacity && !grow(S.top)) {
        lose(root);
        return 0;
      }
      id = S.top;
      S.top = id + 1;
    }
  }
  // A free slot is clean: `end`/`endRoot` leave parent, prev, firstChild and lastChild at 0, the
  // flags cleared, and a root's detached head at 0 (a fresh slot is all zeros); `saved` is written
  // by whoever makes the span current; only `next` (the free-list link) and the fields below need
  // writing.
  if ((f & KIND_MASK) === KIND_ROOT) T.saved[(f & TRANSFORMED) !== 0 ? id + 1 : id] = 0; // detached head
  T.flags[id] = f | LIVE;
  T.next[id] = 0;
  T.owner[id] = root;
  T.seq[id] = 0;
  T.start[id] = t;
  label[id] = lbl;
  values[id] = vals;
  if ((typeof vals === "object" && vals !== null) || typeof vals === "function") {
    remember(id, T.gen[id] as number, vals, T.gen, values, label);
  }
  S.live++;
  return id;
}

/** A free slot pair (first id), or 0 when the arena cannot grow. */
function takePair(): number {
  let id = S.freePairs;
  if (id !== 0) {
    S.freePairs = T.next[id] as number;
    return id;
  }
  if (S.top + 1 >= S.capacity && !grow(S.top + 1)) return 0;
  id = S.top;
  S.top = id + 2;
  // The companion: parent fixed to its span, never in a list; closed until the span suspends.
  T.parent[id + 1] = id;
  label[id + 1] = undefined;
  values[id + 1] = undefined;
  return id;
}

/**
 * `alloc` and `appendChild` for a transformed frame under `p` (the `enter` of transformed code),
 * in one call that reads the clock itself: a time passed to a function V8 does not inline is boxed
 * into a new heap number, and `alloc` is too large to be inlined. `f`: kind and flags.
 */
export function allocFrame(p: number, f: number, lbl: unknown, vals: unknown): number {
  const root = T.owner[p] as number;
  if (S.live >= S.limit - 1) {
    lose(root);
    return 0;
  }
  const id = takePair();
  if (id === 0) {
    lose(root);
    return 0;
  }
  T.flags[id] = f | TRANSFORMED | LIVE;
  T.owner[id] = root;
  T.seq[id] = 0;
  T.start[id] = now();
  label[id] = lbl;
  values[id] = vals;
  if ((typeof vals === "object" && vals !== null) || typeof vals === "function") {
    remember(id, T.gen[id] as number, vals, T.gen, values, label);
  }
  S.live++;
  appendChild(p, id);
  return id;
}

/**
 * End a transformed frame (`exit`): the common case (no children, no open wait, under a parent)
 * unlinks it and frees its pair here; anything else goes through `end`.
 */
export function endFrame(id: number): void {
  const fl = T.flags[id] as number;
  const p = T.parent[id] as number;
  if (p === 0 || T.firstChild[id] !== 0 || (fl & (WAIT_OPEN | TRANSFORMED)) !== TRANSFORMED) {
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

/** Free a slot (and the companion slot of a transformed span, which must be closed). */
export function release(id: number): void {
  const fl = T.flags[id] as number;
  T.flags[id] = 0;
  label[id] = undefined;
  values[id] = undefined;
  if ((fl & KIND_MASK) === KIND_ROOT && meta[id] !== undefined) meta[id] = undefined;
  if ((fl & HAS_WHERE) !== 0) where[id] = undefined;
  const gen = T.gen;
  gen[id] = ((gen[id] as number) + 1) >>> 0;
  S.live--;
  if ((fl & TRANSFORMED) !== 0) {
    const w = id + 1;
    gen[w] = ((gen[w] as number) + 1) >>> 0;
    if (((T.flags[w] as number) & HAS_WHERE) !== 0) where[w] = undefined;
    T.flags[w] = 0;
    label[w] = undefined;
    T.next[id] = S.freePairs;
    S.freePairs = id;
  } else {
    T.next[id] = S.freeHead;
    S.freeHead = id;
  }
}

/**
 * Open the companion wait of transformed span `f` (which has none open): it becomes `f`'s last
 * child. Returns its id, or 0 when the span limit is reached (counted as lost) or `f` is not a
 * live transformed span. `parent` of the companion is fixed at allocation, and its `owner` is set
 * by `adoptUnder` before anything is attached to it: neither is read while it has no children.
 */
export function openWait(f: number, lbl: unknown, vals: unknown, fl: number, t: number): number {
  const flags = T.flags;
  const ff = flags[f] as number;
  // Only a live transformed span owns a companion slot (anything else would write into a
  // neighbour), and it has one: when it is already open, nothing is recorded.
  if ((ff & (TRANSFORMED_LIVE | WAIT_OPEN)) !== TRANSFORMED_LIVE) return 0;
  if (S.live >= S.limit - 1) {
    lose(T.owner[f] as number);
    return 0;
  }
  const w = f + 1;
  flags[w] = WAIT_LIVE | fl;
  T.start[w] = t;
  label[w] = lbl;
  if (vals !== undefined) {
    values[w] = vals; // a closed companion's values are undefined
    if ((typeof vals === "object" && vals !== null) || typeof vals === "function") {
      // A companion's generation is free (no handle of it is taken): it names this opening.
      const g = ((T.gen[w] as number) + 1) >>> 0;
      T.gen[w] = g;
      remember(w, g, vals, T.gen, values, label);
    }
  }
  flags[f] = ff | WAIT_OPEN;
  S.live++;
  return w;
}

/**
 * `openWait` for transformed code's `suspend`, with the claim of the frames attached since `mark`
 * (the calls made in the awaited expression). Returns 0 when nothing was opened (the span limit,
 * or a wait still open: see hooks.ts).
 */
export function openWaitFast(f: number, site: Site, vals: unknown, t: number, mark: number): number {
  const w = openWait(f, site, vals, site.flags << 2, t);
  if (w !== 0 && T.seq[f] !== mark) claimChildren(f, w, mark);
  return w;
}

/**
 * Close the open companion wait of `f`, if any: its still-pending children become detached.
 * Its generation is bumped when the pair is freed, and when it opens with an object value (to name
 * that opening, see weak-values.ts): no handle of a companion wait is ever taken.
 */
export function closeWait(f: number): void {
  const flags = T.flags;
  const ff = flags[f] as number;
  if ((ff & WAIT_OPEN) === 0) return;
  flags[f] = ff & ~WAIT_OPEN_OR_RETURN;
  const w = f + 1;
  if (T.firstChild[w] !== 0) endChildren(w);
  // Flags and label are left as they are: nothing reaches a closed companion (no `WaitOpen`, no
  // handle, no child list), and a label is a static site (a hand label goes at the next open or when the
  // pair is freed). Values may be the program's objects: they are let go now.
  values[w] = undefined;
  S.live--;
}

export function isLive(id: number): boolean {
  return id > 0 && id < S.top && ((T.flags[id] as number) & LIVE) !== 0;
}

export function kindOf(id: number): Kind {
  return ((T.flags[id] as number) & KIND_MASK) as Kind;
}

/** The first child of `id` in tree order: its child list, then its open companion wait. */
export function firstOf(id: number): number {
  const c = T.firstChild[id] as number;
  return c !== 0 ? c : openWaitOf(id);
}

/** The sibling after `c` in tree order (see `firstOf`); in a detached list, the next detached span. */
export function nextOf(c: number): number {
  const n = T.next[c] as number;
  if (n !== 0) return n;
  const p = T.parent[c] as number;
  if (p === 0) return 0;
  const w = openWaitOf(p);
  return w === c ? 0 : w;
}

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
    if ((fl & DETACHED) !== 0) {
      const r = T.owner[id] as number;
      if (a === 0) {
        if (r !== 0 && detachedHead(r) === id) setDetachedHead(r, b);
      } else next[a] = b;
      if (b !== 0) prev[b] = a;
    }
    if ((fl & POOLED) !== 0) P.pooled--;
    T.flags[id] = fl & ~(DETACHED | POOLED);
  }
  prev[id] = 0;
  next[id] = 0;
}

function setOwner(id: number, root: number): void {
  T.owner[id] = root;
  for (let c = T.firstChild[id] as number; c !== 0; c = T.next[c] as number) setOwner(c, root);
  const w = openWaitOf(id);
  if (w !== 0) setOwner(w, root);
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
  if (f !== 0 && openWaitOf(f) === w) T.owner[w] = T.owner[f] as number;
  moveUnder(id, w);
}

/** Put `id` on its root's detached list (or orphan it when the root is gone). */
export function detach(id: number): void {
  unlink(id);
  const r = T.owner[id] as number;
  if (r === 0 || r === id || !isLive(r)) {
    setOwner(id, 0);
    pool(id);
    return;
  }
  T.flags[id] = (T.flags[id] as number) | DETACHED;
  const head = detachedHead(r);
  T.next[id] = head;
  T.prev[id] = 0;
  if (head !== 0) T.prev[head] = id;
  setDetachedHead(r, id);
  pool(id);
}

/** `id` (a top: no parent) joins the pool of detached and orphaned subtrees. */
function pool(id: number): void {
  const fl = T.flags[id] as number;
  if ((fl & POOLED) !== 0) return;
  T.flags[id] = fl | POOLED;
  P.pooled++;
  if (P.size === P.ids.length) compactPool();
  const k = (P.head + P.size) % P.ids.length;
  P.ids[k] = id;
  P.gens[k] = T.gen[id] as number;
  P.size++;
  if (P.pooled > P.limit) P.over = true;
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
    if (T.gen[id] === g && ((T.flags[id] as number) & (POOLED | LIVE)) === (POOLED | LIVE)) {
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
    if (T.gen[id] !== g || ((T.flags[id] as number) & (POOLED | LIVE)) !== (POOLED | LIVE)) continue;
    const r = T.owner[id] as number;
    const detached = ((T.flags[id] as number) & DETACHED) !== 0 && r !== 0 && isLive(r);
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
  if (((T.flags[top] as number) & KIND_MASK) === KIND_ROOT) return 0;
  const order: number[] = [];
  const stack: number[] = [top];
  while (stack.length > 0) {
    const id = stack.pop() as number;
    order.push(id);
    for (let c = firstOf(id); c !== 0; ) {
      const n = nextOf(c);
      if (((T.flags[c] as number) & KIND_MASK) === KIND_ROOT) unlink(c);
      else stack.push(c);
      c = n;
    }
  }
  let n = 0;
  for (let i = order.length - 1; i >= 0; i--) {
    const id = order[i] as number;
    const fl = T.flags[id] as number;
    if ((fl & LIVE) === 0) continue;
    const p = T.parent[id] as number;
    if (p !== 0 && openWaitOf(p) === id) {
      // A companion wait: freed with its frame (below, the frame comes earlier in `order`).
      T.firstChild[id] = 0;
      T.lastChild[id] = 0;
      values[id] = undefined;
      if ((fl & HAS_WHERE) !== 0) where[id] = undefined;
      T.flags[id] = fl & ~HAS_WHERE;
      T.flags[p] = (T.flags[p] as number) & ~WAIT_OPEN;
      onDrop(id);
      S.live--;
      n++;
      continue;
    }
    onDrop(id);
    T.parent[id] = 0;
    T.prev[id] = 0;
    T.next[id] = 0;
    T.firstChild[id] = 0;
    T.lastChild[id] = 0;
    if ((fl & WAIT_OPEN) !== 0) {
      // Its companion had no children (they were freed first): close it.
      const w = id + 1;
      T.firstChild[w] = 0;
      T.lastChild[w] = 0;
      values[w] = undefined;
      T.flags[id] = fl & ~WAIT_OPEN;
      onDrop(w);
      S.live--;
      n++;
    }
    if ((fl & TRANSFORMED) !== 0) bumpEpoch(id);
    release(id);
    n++;
  }
  return n;
}

/**
 * What transformed code holds for frame `id` (the `$f` of `enter`): the slot and its epoch, so a
 * frame dropped while its function was suspended (and whose slot is reused) is recognised when
 * that function resumes. While a slot was never dropped the reference is the slot id itself.
 */
export function refOf(id: number): number {
  return id + ((T.ord[id + 1] as number) << EPOCH_SHIFT);
}

/** The slot a frame reference names, or 0 when that frame was dropped (see `refOf`). */
export function slotOfRef(r: number): number {
  const id = r & ID_MASK;
  return T.ord[id + 1] === r >>> EPOCH_SHIFT ? id : 0;
}

/**
 * A frame of transformed slot pair `id` is dropped while its function may resume. The epoch lives
 * in `ord` of the companion slot, which has no other use for it (a companion is never in a child
 * list) and outlives the pair's frees (a pair is only ever reused as a pair): no memory of its own.
 */
function bumpEpoch(id: number): void {
  T.ord[id + 1] = ((T.ord[id + 1] as number) + 1) & EPOCH_MASK;
}

/** The still-pending children of an ending span become detached (or end with it). */
function endChildren(id: number): void {
  let c = T.firstChild[id] as number;
  while (c !== 0) {
    const n = T.next[c] as number;
    if (((T.flags[c] as number) & ENDS_WITH_PARENT) !== 0) end(c);
    else detach(c);
    c = n;
  }
}

/** End a span: its still-pending children become detached; the slot is freed. */
export function end(id: number): void {
  if (T.firstChild[id] !== 0) endChildren(id);
  if (((T.flags[id] as number) & WAIT_OPEN) !== 0) closeWait(id);
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
  orphanChildren(id);
  const w = openWaitOf(id);
  if (w !== 0) {
    orphanChildren(w);
    closeWait(id);
  }
  let d = detachedHead(id);
  while (d !== 0) {
    const n = T.next[d] as number;
    T.flags[d] = (T.flags[d] as number) & ~DETACHED;
    T.prev[d] = 0;
    T.next[d] = 0;
    setOwner(d, 0);
    d = n;
  }
  setDetachedHead(id, 0);
  if (lostByRoot.size !== 0) lostByRoot.delete(id);
  if (droppedByRoot.size !== 0) droppedByRoot.delete(id);
  unlink(id);
  if (((T.flags[id] as number) & TRANSFORMED) !== 0) bumpEpoch(id);
  release(id);
}

/** A number that names this slot's current occupant; stale once the span ends. */
export function handleOf(id: number): number {
  return (T.gen[id] as number) * MAX_ID + id;
}

/** The live slot a handle names, or 0 if that span has ended. */
export function fromHandle(h: number): number {
  // Division and floor, not `%`: on doubles (a handle passes 2^31 once its slot was reused 128
  // times) V8 computes `%` with a call into C (measured: 5% of a traced method call).
  const g = Math.floor(h / MAX_ID);
  const id = h - g * MAX_ID;
  return id < S.top && T.gen[id] === g && isLive(id) ? id : 0;
}

/** The generation of slot `id` (see `handleOf`). */
export function genOf(id: number): number {
  return T.gen[id] as number;
}

/** Whether the span in slot `id` is still the one of generation `g`. */
export function liveAs(id: number, g: number): boolean {
  return T.gen[id] === g && ((T.flags[id] as number) & LIVE) !== 0;
}

/** The handle of slot `id` at generation `g`. */
export function handleFrom(id: number, g: number): number {
  return g * MAX_ID + id;
}

/** Root of the tree showing `id`, or 0. */
export function rootOf(id: number): number {
  return id === 0 ? 0 : (T.owner[id] as number);
}

/** Frames of `f` attached since `mark` (the calls of an awaited expression) move under wait `w`. */
export function claimChildren(f: number, w: number, mark: number): void {
  let first = 0;
  for (let c = T.lastChild[f] as number; c !== 0 && (T.ord[c] as number) >= mark; c = T.prev[c] as number) {
    first = c;
  }
  let c = first;
  while (c !== 0) {
    const n = T.next[c] as number;
    if (((T.flags[c] as number) & KIND_MASK) === KIND_FRAME && c !== w) adoptUnder(c, w);
    c = n;
  }
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

/** A location for `id` when its label has none (an adopted frame, a hand-labelled wait). */
export function setWhere(id: number, site: unknown): void {
  where[id] = site;
  T.flags[id] = (T.flags[id] as number) | HAS_WHERE;
}

/** Forget the location of `id` (a companion wait closing after a hand label). */
export function clearWhere(id: number): void {
  if (((T.flags[id] as number) & HAS_WHERE) !== 0) {
    where[id] = undefined;
    T.flags[id] = (T.flags[id] as number) & ~HAS_WHERE;
  }
}

/** The open companion wait of `f`, or 0. */
export function openWaitOf(f: number): number {
  return ((T.flags[f] as number) & WAIT_OPEN) !== 0 ? f + 1 : 0;
}

/** The open companion wait of `f` unless it is the wait of a `return` (which a `finally` keeps), or 0. */
export function openAwaitOf(f: number): number {
  return ((T.flags[f] as number) & WAIT_OPEN_OR_RETURN) === WAIT_OPEN ? f + 1 : 0;
}

/** The first span of root `r`'s detached list, or 0. */
export function detachedHead(r: number): number {
  return T.saved[((T.flags[r] as number) & TRANSFORMED) !== 0 ? r + 1 : r] as number;
}

function setDetachedHead(r: number, id: number): void {
  T.saved[((T.flags[r] as number) & TRANSFORMED) !== 0 ? r + 1 : r] = id;
}

/** Reset for tests: forget every span. */
export function resetArena(): void {
  resize(INITIAL_CAPACITY, false);
  label.length = 0;
  values.length = 0;
  meta.length = 0;
  where.length = 0;
  S.freeHead = 0;
  S.freePairs = 0;
  S.top = 1;
  S.live = 0;
  S.lost = 0;
  lostByRoot.clear();
  droppedByRoot.clear();
  P.pooled = 0;
  P.over = false;
  P.dropped = 0;
  P.droppedOrphans = 0;
  P.head = 0;
  P.size = 0;
  forgetWindow();
}
