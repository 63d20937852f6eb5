/**
 * The span arena: every span of the process lives in one set of parallel typed arrays indexed by
 * a slot id (0 is "no span"). Slots are reused through a free list; a generation counter per slot
 * lets long-lived references (promise tags, async context) detect that their span has ended.
 *
 * One arena for the whole process, not one per task: a detached span can be re-attached under a
 * wait of another task, and registries share spans across them.
 */

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
  /** A frame whose body is transformed: it tracks its own resumptions. */
  Transformed = 32,
  /** A root created automatically for a traced call made outside any task. */
  AutoRoot = 64,
  Live = 128,
  /** A wait that cannot observe its own end (a non-native thenable): it ends with its parent. */
  EndsWithParent = 256,
}

const MAX_ID = 1 << 24;

export let capacity = 0;
export let flags = new Uint16Array(0);
export let parent = new Int32Array(0);
export let firstChild = new Int32Array(0);
export let lastChild = new Int32Array(0);
export let next = new Int32Array(0);
export let prev = new Int32Array(0);
/** The root whose tree shows this span (0 for a span orphaned by a finished task). */
export let owner = new Int32Array(0);
/** Order of attachment under the current parent (see `seq`). */
export let ord = new Int32Array(0);
/** Counter of attachments under this span; `ord` of the next child. */
export let seq = new Int32Array(0);
/** Frames: the open wait; waits: the frame awaited elsewhere that this wait refers to. */
export let link = new Int32Array(0);
/** Frames: the span that was current before this frame became current. */
export let saved = new Int32Array(0);
/** Roots: head of the list of detached spans of the tree. */
export let dhead = new Int32Array(0);
export let gen = new Uint32Array(0);
export let start = new Float64Array(0);
/** Label source per slot: a Site, a Span or a string. */
export const label: unknown[] = [];
/** Runtime values of the label (undefined, one value, or an array), per the Site. */
export const values: unknown[] = [];
/** Per-root bookkeeping (registry, key), only for roots. */
export const meta: unknown[] = [];
/** Where a span is in the source, when its label does not say (adopted frames, hand-labelled waits). */
export const where: unknown[] = [];

let freeHead = 0;
let top = 1;
let limit = 1 << 22;
export let liveCount = 0;
/** Spans that could not be recorded because the arena was full, since the process started. */
export let lostTotal = 0;
/** Per-root count of spans lost to a full arena. */
export const lostByRoot = new Map<number, number>();

function grow(min: number): boolean {
  if (min >= limit) return false;
  const cap = Math.min(limit, Math.max(1024, capacity * 2, min + 1));
  const g = <T extends Int32Array | Uint32Array | Uint16Array | Float64Array>(a: T, C: new (n: number) => T): T => {
    const b = new C(cap);
    b.set(a);
    return b;
  };
  flags = g(flags, Uint16Array);
  parent = g(parent, Int32Array);
  firstChild = g(firstChild, Int32Array);
  lastChild = g(lastChild, Int32Array);
  next = g(next, Int32Array);
  prev = g(prev, Int32Array);
  owner = g(owner, Int32Array);
  ord = g(ord, Int32Array);
  seq = g(seq, Int32Array);
  link = g(link, Int32Array);
  saved = g(saved, Int32Array);
  dhead = g(dhead, Int32Array);
  gen = g(gen, Uint32Array);
  start = g(start, Float64Array);
  capacity = cap;
  return true;
}

/** The most spans alive at once; beyond it new spans are counted as lost, never an error. */
export function setSpanLimit(n: number): void {
  if (!Number.isInteger(n) || n < 16 || n > MAX_ID - 1) {
    throw new RangeError(`maxSpans must be an integer from 16 to ${MAX_ID - 1}, got ${String(n)}`);
  }
  limit = n + 1;
}

export function spanLimit(): number {
  return limit - 1;
}

/** Spans alive now, and spans lost to the limit since the process started. */
export function spanStats(): { live: number; lost: number; limit: number } {
  return { live: liveCount, lost: lostTotal, limit: limit - 1 };
}

/** A new detached-from-everything slot, or 0 when the arena is full (counted against `root`). */
export function alloc(f: number, lbl: unknown, vals: unknown, t: number, root: number): number {
  if (liveCount >= limit - 1) {
    lostTotal++;
    if (root !== 0) lostByRoot.set(root, (lostByRoot.get(root) ?? 0) + 1);
    return 0;
  }
  let id = freeHead;
  if (id !== 0) {
    freeHead = next[id] as number;
  } else {
    if (top >= capacity && !grow(top)) {
      lostTotal++;
      if (root !== 0) lostByRoot.set(root, (lostByRoot.get(root) ?? 0) + 1);
      return 0;
    }
    id = top++;
  }
  flags[id] = f | NodeFlags.Live;
  parent[id] = 0;
  firstChild[id] = 0;
  lastChild[id] = 0;
  next[id] = 0;
  prev[id] = 0;
  owner[id] = root;
  seq[id] = 0;
  link[id] = 0;
  saved[id] = 0;
  dhead[id] = 0;
  start[id] = t;
  label[id] = lbl;
  values[id] = vals;
  liveCount++;
  return id;
}

export function release(id: number): void {
  flags[id] = 0;
  label[id] = undefined;
  values[id] = undefined;
  if (meta[id] !== undefined) meta[id] = undefined;
  if (where[id] !== undefined) where[id] = undefined;
  gen[id] = ((gen[id] as number) + 1) >>> 0;
  next[id] = freeHead;
  freeHead = id;
  liveCount--;
}

export function isLive(id: number): boolean {
  return id > 0 && id < top && ((flags[id] as number) & NodeFlags.Live) !== 0;
}

export function kindOf(id: number): Kind {
  return ((flags[id] as number) & NodeFlags.KindMask) as Kind;
}

/** Append `id` (not in any list) as the last child of `p`. */
export function appendChild(p: number, id: number): void {
  parent[id] = p;
  ord[id] = seq[p] as number;
  seq[p] = ((seq[p] as number) + 1) | 0;
  const last = lastChild[p] as number;
  prev[id] = last;
  next[id] = 0;
  if (last === 0) firstChild[p] = id;
  else next[last] = id;
  lastChild[p] = id;
}

/** Remove `id` from its parent's children or from its root's detached list. */
export function unlink(id: number): void {
  const p = parent[id] as number;
  const a = prev[id] as number;
  const b = next[id] as number;
  if (p !== 0) {
    if (a === 0) firstChild[p] = b;
    else next[a] = b;
    if (b === 0) lastChild[p] = a;
    else prev[b] = a;
    parent[id] = 0;
  } else if (((flags[id] as number) & NodeFlags.Detached) !== 0) {
    const r = owner[id] as number;
    if (a === 0) {
      if (r !== 0 && dhead[r] === id) dhead[r] = b;
    } else next[a] = b;
    if (b !== 0) prev[b] = a;
    flags[id] = (flags[id] as number) & ~NodeFlags.Detached;
  }
  prev[id] = 0;
  next[id] = 0;
}

function setOwner(id: number, root: number): void {
  owner[id] = root;
  for (let c = firstChild[id] as number; c !== 0; c = next[c] as number) setOwner(c, root);
}

/** Move `id` (wherever it is) to be the last child of `p`; keeps its start time. */
export function moveUnder(id: number, p: number): void {
  unlink(id);
  appendChild(p, id);
  const r = owner[p] as number;
  if (owner[id] !== r) setOwner(id, r);
}

/** Put `id` on its root's detached list (or orphan it when the root is gone). */
export function detach(id: number): void {
  unlink(id);
  const r = owner[id] as number;
  if (r === 0 || r === id || !isLive(r)) {
    setOwner(id, 0);
    return;
  }
  flags[id] = (flags[id] as number) | NodeFlags.Detached;
  const head = dhead[r] as number;
  next[id] = head;
  prev[id] = 0;
  if (head !== 0) prev[head] = id;
  dhead[r] = id;
}

/** End a span: its still-pending children become detached; the slot is freed. */
export function end(id: number): void {
  let c = firstChild[id] as number;
  while (c !== 0) {
    const n = next[c] as number;
    if (((flags[c] as number) & NodeFlags.EndsWithParent) !== 0) end(c);
    else detach(c);
    c = n;
  }
  unlink(id);
  release(id);
}

/** End a root: everything still pending in its tree is orphaned (kept until it ends itself). */
export function endRoot(id: number): void {
  let c = firstChild[id] as number;
  while (c !== 0) {
    const n = next[c] as number;
    unlink(c);
    setOwner(c, 0);
    c = n;
  }
  let d = dhead[id] as number;
  while (d !== 0) {
    const n = next[d] as number;
    flags[d] = (flags[d] as number) & ~NodeFlags.Detached;
    prev[d] = 0;
    next[d] = 0;
    setOwner(d, 0);
    d = n;
  }
  dhead[id] = 0;
  lostByRoot.delete(id);
  unlink(id);
  release(id);
}

/** A number that names this slot's current occupant; stale once the span ends. */
export function handleOf(id: number): number {
  return (gen[id] as number) * MAX_ID + id;
}

/** The live slot a handle names, or 0 if that span has ended. */
export function fromHandle(h: number): number {
  const id = h % MAX_ID;
  return id < top && gen[id] === (h - id) / MAX_ID && isLive(id) ? id : 0;
}

/** Root of the tree showing `id`, or 0. */
export function rootOf(id: number): number {
  return id === 0 ? 0 : (owner[id] as number);
}

/** Reset for tests: forget every span. */
export function resetArena(): void {
  capacity = 0;
  flags = new Uint16Array(0);
  parent = new Int32Array(0);
  firstChild = new Int32Array(0);
  lastChild = new Int32Array(0);
  next = new Int32Array(0);
  prev = new Int32Array(0);
  owner = new Int32Array(0);
  ord = new Int32Array(0);
  seq = new Int32Array(0);
  link = new Int32Array(0);
  saved = new Int32Array(0);
  dhead = new Int32Array(0);
  gen = new Uint32Array(0);
  start = new Float64Array(0);
  label.length = 0;
  values.length = 0;
  meta.length = 0;
  where.length = 0;
  freeHead = 0;
  top = 1;
  liveCount = 0;
  lostTotal = 0;
  lostByRoot.clear();
}
