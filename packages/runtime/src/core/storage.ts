/**
 * The span arena's storage: every span of the process lives in one set of parallel typed arrays
 * indexed by a slot id (0 is "no span"), plus plain arrays for labels, values, roots' bookkeeping
 * and locations; and the counters of the allocator and the pool. How the arena works, file by job:
 * slots.ts (allocation, free lists), companion.ts (companion waits), links.ts (tree surgery),
 * pool.ts (detached lists and the pool), ends.ts (ending spans), handles.ts (handles and frame
 * references), accessors.ts (fields for other modules), limits.ts (the public limits).
 *
 * One arena for the whole process, not one per task: a detached span can be re-attached under a
 * wait of another task, and registries share spans across them.
 *
 * A transformed frame (or automatic root) owns two adjacent slots: its own, and at `id + 1` its
 * companion wait, which transformed code opens on every suspension and closes on every resumption.
 * A root's list of detached spans starts at `detachedHead(root)`, kept in the `saved` field of a
 * slot that has no other use for it (a registered root's own, an automatic root's companion).
 *
 * The arena's modules read the arrays through one constant holder (`T`), which they keep in a
 * module constant (`const T = Storage.T`): V8 folds it. Other modules read them as live exports
 * (`Storage.flags[id]`), replaced on every grow. `Kind` and `NodeFlags` are const enums, which
 * the compiler writes as literals where they are used: no load of a constant, and smaller bytecode
 * (V8 inlines a function into its caller only within a bytecode budget). Why, and the measurements
 * behind each choice: docs/performance.md.
 */

import { setArena } from "./weak-values";

// biome-ignore lint/suspicious/noConstEnum: internal to the runtime; inlined as literals, which keeps the hot path's bytecode small
export const enum Kind {
  Root = 1,
  Frame = 2,
  Wait = 3,
}

// biome-ignore lint/suspicious/noConstEnum: as `Kind`
export const enum NodeFlags {
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
  /** A tag in the WeakMap names this slot (tags.ts): counted in `tagState.tagged` until released. */
  Tagged = 16384,
  /**
   * A wrapper's frame that hides no await, so it is not counted as a call that ran without the
   * transformer: around another `@traced` wrapper (two `@traced` on a method: its body is the inner
   * wrapper), or around a method the transformer compiled that is not async (nothing to rewrite).
   */
  HidesNoAwait = 32768,
}

/** Slot ids are below 2^24: a handle is `gen * 2^24 + id` (handles.ts). */
const MAX_ID = 1 << 24;

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

export function grow(min: number): boolean {
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

// Exported by name so that this module reads its own bindings (an `export const` would be read
// back through the exports object, with a map check on every access).
export { droppedByRoot, INITIAL_CAPACITY, label, lostByRoot, MAX_ID, meta, P, P as poolState, S, T, values, where };
