/**
 * Which traced frame a promise belongs to. A traced function's wrapper tags the promise it
 * returns; a join (`Promise.all` and friends in transformed code) tags its result with all of its
 * inputs' frames. A wait on a tagged promise moves those frames under itself.
 * Weak, so tags never keep a promise alive; handles, so a tag of an ended frame is ignored.
 *
 * The latest wrapper tag waits in a one-entry buffer before it goes into the WeakMap, and goes
 * there only if its frame is still running when the next tag arrives: in the common case (the
 * caller awaits the call at once, the call ends before the next one) no tag is ever written, and a
 * WeakMap insertion costs about 150 ns (an identity hash for the promise, an ephemeron-table entry,
 * work for the GC). Lookups see the buffer and the map alike, so the tags in effect are the same.
 * The buffer holds one promise strongly, until the next tag or the end of its frame.
 *
 * Tags matter only while a frame they name is live, so the flag every suspension checks
 * (`tagState.any`) is true only then: each slot a tag in the map names is flagged and counted
 * once, and freeing it (slots.ts `release`) counts it down. A process whose tagged frames have all
 * ended is back on the fast path, as if it never joined anything.
 */
import { fromHandle, genOf, handleFrom, liveAs } from "./arena";
import * as State from "./state";
import * as Storage from "./storage";
import { NodeFlags } from "./storage";

type Tag = number | number[];
const tags = new WeakMap<object, Tag>();
/** Labels given by `instrumentAwait` in transformed code, picked up by the enclosing wait. */
const manualLabels = new WeakMap<object, unknown>();

/** Whether tags or hand labels may exist (state.ts); written only here. */
const tagState = State.tagState;

export { tagState };

/** The buffered tag: a promise, its frame's slot and that slot's generation. */
let pendingPromise: object | undefined;
let pendingId = 0;
let pendingGen = 0;

/** Slot `id` is named by a tag in the WeakMap: flagged and counted once, until released. */
function markTagged(id: number): void {
  const flags = Storage.T.flags;
  const fl = flags[id] as number;
  if ((fl & NodeFlags.Tagged) !== 0) return;
  flags[id] = fl | NodeFlags.Tagged;
  tagState.tagged++;
}

/** Put `tag` on `p` in the WeakMap, naming the live ones among `handles` (false when none is). */
function setTag(p: object, handles: readonly number[]): boolean {
  let live = 0;
  for (let i = 0; i < handles.length; i++) {
    const id = fromHandle(handles[i] as number);
    if (id === 0) continue;
    markTagged(id);
    live++;
  }
  if (live === 0) return false;
  tags.set(p, handles.length === 1 ? (handles[0] as number) : (handles as number[]));
  tagState.any = true;
  return true;
}

export function tagFrame(p: object, id: number): void {
  const old = pendingPromise;
  if (old !== undefined && liveAs(pendingId, pendingGen)) setTag(old, [handleFrom(pendingId, pendingGen)]);
  pendingPromise = p;
  pendingId = id;
  pendingGen = genOf(id);
  tagState.buffered = true;
  tagState.any = true;
}

/** Frame `id` ends: a buffered tag of it is of no use any more (a tag of an ended frame is ignored). */
export function tagEnded(id: number): void {
  if (pendingId === id && pendingPromise !== undefined && genOf(id) === pendingGen) {
    pendingPromise = undefined;
    tagState.buffered = false;
    tagState.any = tagState.tagged > 0;
  }
}

/**
 * The frame a value stands for when it is the buffered promise: its slot, or 0 when that frame
 * has ended; -1 when the value is not the buffered promise (then see `tagOf`).
 */
export function pendingFrameOf(v: object): number {
  if (v !== pendingPromise) return -1;
  return liveAs(pendingId, pendingGen) ? pendingId : 0;
}

/** The raw tag of a value (handles), or undefined: no allocation. */
export function tagOf(v: object): Tag | undefined {
  if (v === pendingPromise) return handleFrom(pendingId, pendingGen);
  // A tag names frames by handle: with no live slot named by one, none can matter (state.ts).
  return tagState.tagged > 0 ? tags.get(v) : undefined;
}

/**
 * Tag the result of a join with the frames of its inputs (only arrays are read, never iterables:
 * `inputs` is undefined otherwise) and the frames `started` while they were evaluated.
 */
export function tagJoin(result: unknown, inputs: unknown, started: readonly number[]): void {
  if (typeof result !== "object" || result === null) return;
  const hs: number[] = [];
  for (const id of started) hs.push(handleFrom(id, genOf(id)));
  // A wrapped call's frame is both started here and tagged on its promise: listed once (a set,
  // not `includes`: a join of thousands of calls stays linear).
  if (tagState.any && Array.isArray(inputs)) collectTags(inputs, hs, started.length > 0 ? new Set(hs) : undefined);
  if (hs.length > 0) setTag(result, hs);
}

function collectTags(inputs: unknown[], hs: number[], listed: Set<number> | undefined): void {
  const add = (h: number): void => {
    if (listed === undefined) hs.push(h);
    else if (!listed.has(h)) {
      listed.add(h);
      hs.push(h);
    }
  };
  for (let i = 0; i < inputs.length; i++) {
    const v: unknown = inputs[i];
    if (typeof v !== "object" || v === null) continue;
    const t = tagOf(v);
    if (t === undefined) continue;
    if (typeof t === "number") add(t);
    else for (const h of t) add(h);
  }
}

/**
 * Hand labels set and not yet taken by the wait on their value. `tagState.manual` is true only
 * while there are some: it sends every suspension to the slow path (measured: one `instrumentAwait`
 * in transformed code took a later await loop from 82 to 242 ns per await, for good). A label whose
 * value is never awaited by transformed code stays counted (its WeakMap entry cannot be seen to go).
 */
let manualPending = 0;

export function setManualLabel(v: object, span: unknown): void {
  if (!manualLabels.has(v)) manualPending++;
  manualLabels.set(v, span);
  tagState.manual = true;
}

export function takeManualLabel(v: object): unknown {
  const s = manualLabels.get(v);
  if (s !== undefined) {
    manualLabels.delete(v);
    if (--manualPending === 0) tagState.manual = false;
  }
  return s;
}
