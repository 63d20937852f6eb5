/**
 * Names for spans that outlive a moment: handles (slot and generation: promise tags, the async
 * context) and frame references (slot and eviction epoch: the `$f` of transformed code). A handle
 * of an ended span, or a reference of a dropped frame, resolves to nothing instead of to the span
 * that reuses the slot.
 */

import * as Storage from "./storage";
import { NodeFlags } from "./storage";

// The arena's storage as module constants, which V8 folds; its flag values are literals (see storage.ts).
const T = Storage.T;
const S = Storage.S;
const MAX_ID = Storage.MAX_ID;

/**
 * The bits of a frame reference (`refOf`), inlined as literals (a const enum): the hot accessors
 * below then compile to bytecode small enough that V8 inlines them wherever they are called.
 */
// biome-ignore lint/suspicious/noConstEnum: internal; see above
const enum Ref {
  /** Low bits: the slot id (slot ids are below 2^24, `Storage.MAX_ID`); the bits above: its eviction epoch. */
  IdMask = 0xffffff,
  EpochShift = 24,
  /** Epochs count evictions modulo 128, so that a reference stays below 2^31 (a Smi for V8). */
  EpochMask = 127,
}

export function isLive(id: number): boolean {
  return id > 0 && id < S.top && ((T.flags[id] as number) & NodeFlags.Live) !== 0;
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
  return T.gen[id] === g && ((T.flags[id] as number) & NodeFlags.Live) !== 0;
}

/** The handle of slot `id` at generation `g`. */
export function handleFrom(id: number, g: number): number {
  return g * MAX_ID + id;
}

/**
 * What transformed code holds for frame `id` (the `$f` of `enter`): the slot and its epoch, so a
 * frame dropped while its function was suspended (and whose slot is reused) is recognised when
 * that function resumes. While a slot was never dropped the reference is the slot id itself.
 */
export function refOf(id: number): number {
  return id + ((T.ord[id + 1] as number) << Ref.EpochShift);
}

/**
 * The slot a frame reference names, without checking that the frame is still there: for `mark`,
 * whose number only ever compares with the same slot's counter after `slotOfRef` checked it.
 */
export function slotBitsOfRef(r: number): number {
  return r & Ref.IdMask;
}

/** The slot a frame reference names, or 0 when that frame was dropped (see `refOf`). */
export function slotOfRef(r: number): number {
  const id = r & Ref.IdMask;
  return T.ord[id + 1] === r >>> Ref.EpochShift ? id : 0;
}

/**
 * A frame of transformed slot pair `id` is dropped while its function may resume. The epoch lives
 * in `ord` of the companion slot, which has no other use for it (a companion is never in a child
 * list) and outlives the pair's frees (a pair is only ever reused as a pair): no memory of its own.
 */
export function bumpEpoch(id: number): void {
  T.ord[id + 1] = ((T.ord[id + 1] as number) + 1) & Ref.EpochMask;
}
