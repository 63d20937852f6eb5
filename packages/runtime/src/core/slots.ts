/**
 * Allocation: free single slots and free slot pairs (a transformed span and its companion wait),
 * the span limit (a span beyond it is counted as lost against its task), and freeing.
 */
import * as Clock from "./clock";
import * as Links from "./links";
import * as State from "./state";
import * as Storage from "./storage";
import { Kind, NodeFlags } from "./storage";
import { kept, letGoNow, NOT_NOW, remember } from "./weak-values";

const appendChild = Links.appendChild;
const stampInto = Clock.stampInto;
const grow = Storage.grow;

// The arena's storage as module constants, which V8 folds; its flag values are literals (see storage.ts).
const T = Storage.T;
const S = Storage.S;
const label = Storage.label;
const values = Storage.values;
const meta = Storage.meta;
const where = Storage.where;
const lostByRoot = Storage.lostByRoot;
const tagState = State.tagState;

export function lose(root: number): void {
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
  if ((f & NodeFlags.Transformed) !== 0) {
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
  if ((f & NodeFlags.KindMask) === Kind.Root) T.saved[(f & NodeFlags.Transformed) !== 0 ? id + 1 : id] = 0; // detached head
  T.flags[id] = f | NodeFlags.Live;
  T.next[id] = 0;
  T.owner[id] = root;
  T.seq[id] = 0;
  T.start[id] = t;
  label[id] = lbl;
  try {
    values[id] = typeof vals === "string" ? kept(vals) : vals;
    if ((typeof vals === "object" && vals !== null) || typeof vals === "function") {
      remember(id, T.gen[id] as number, T.gen);
    }
  } catch (e) {
    // Out of stack: the slot goes back, as in `allocFrame` (in plain stores, see there).
    T.flags[id] = 0;
    label[id] = undefined;
    values[id] = undefined;
    T.gen[id] = ((T.gen[id] as number) + 1) >>> 0;
    if ((f & NodeFlags.Transformed) !== 0) {
      T.next[id] = S.freePairs;
      S.freePairs = id;
    } else {
      T.next[id] = S.freeHead;
      S.freeHead = id;
    }
    S.lost++;
    throw e;
  }
  S.live += (f & NodeFlags.Transformed) !== 0 ? 2 : 1; // a pair: its companion counts from now (see `release`)
  return id;
}

/**
 * A new root, its own owner: a registered task's (`extra`: nothing) or an automatic root's
 * (`AutoRoot`, with the call's label, values and the `Transformed` flag of its frame). The one
 * place roots are allocated; the registry then records its entry (`setRootEntry`).
 */
export function allocRoot(extra: number, lbl: unknown, vals: unknown, t: number): number {
  // A root outlives the turn that made it, as a rule: its object values are let go now, not
  // through the ring and a flush at the end of the turn (weak-values.ts `letGoNow`).
  const now = (typeof vals === "object" && vals !== null) || typeof vals === "function" ? letGoNow(lbl, vals) : NOT_NOW;
  const id = alloc(Kind.Root | NodeFlags.LongRunning | extra, lbl, now === NOT_NOW ? vals : undefined, t, 0);
  if (id === 0) return 0;
  T.owner[id] = id;
  if (now !== NOT_NOW) values[id] = now;
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
  T.flags[id] = f | NodeFlags.Transformed | NodeFlags.Live;
  T.owner[id] = root;
  T.seq[id] = 0;
  try {
    stampInto(T.start, id);
    label[id] = lbl;
    values[id] = typeof vals === "string" ? kept(vals) : vals;
    if ((typeof vals === "object" && vals !== null) || typeof vals === "function") {
      remember(id, T.gen[id] as number, T.gen);
    }
    appendChild(p, id);
  } catch (e) {
    // A call above ran out of stack (a program that recurses until RangeError and catches it):
    // the pair goes back to its free list, counted as lost, in plain stores (a call could overflow
    // again). Kept, it stayed live, unlinked and uncounted, holding the call's arguments for good.
    // `appendChild` makes no call: it links all or nothing. The generation goes up, so an entry
    // `remember` made no longer names the pair.
    T.flags[id] = 0;
    label[id] = undefined;
    values[id] = undefined;
    T.gen[id] = ((T.gen[id] as number) + 1) >>> 0;
    T.next[id] = S.freePairs;
    S.freePairs = id;
    S.lost++;
    throw e;
  }
  S.live += 2; // the pair (see `release`)
  return id;
}

/** Free a slot (and the companion slot of a transformed span, which must be closed). */
export function release(id: number): void {
  const fl = T.flags[id] as number;
  T.flags[id] = 0;
  label[id] = undefined;
  values[id] = undefined;
  if ((fl & NodeFlags.KindMask) === Kind.Root && meta[id] !== undefined) meta[id] = undefined;
  if ((fl & NodeFlags.HasWhere) !== 0) where[id] = undefined;
  const gen = T.gen;
  gen[id] = ((gen[id] as number) + 1) >>> 0;
  // A transformed span's companion slot counts as live from the pair's allocation to here, open or
  // closed: opening and closing it (every await) then touch no counter and need no limit check.
  S.live -= (fl & NodeFlags.Transformed) !== 0 ? 2 : 1;
  if ((fl & NodeFlags.Tagged) !== 0 && --tagState.tagged === 0) tagState.any = tagState.buffered;
  if ((fl & NodeFlags.Transformed) !== 0) {
    // The companion keeps its label when it is an await's site (static: the next frame in this
    // pair usually opens on the same one, which then costs a load instead of a store with its
    // write barrier) and its generation (which names an opening with object values: each such
    // opening takes a new one, weak-values.ts). A hand label always comes with a location
    // (`HasWhere`, hooks.ts `suspendSlow`): the program's value, let go here.
    const w = id + 1;
    if (((T.flags[w] as number) & NodeFlags.HasWhere) !== 0) {
      where[w] = undefined;
      label[w] = undefined;
    }
    T.flags[w] = 0;
    T.next[id] = S.freePairs;
    S.freePairs = id;
  } else {
    T.next[id] = S.freeHead;
    S.freeHead = id;
  }
}
