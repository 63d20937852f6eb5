/**
 * Which traced frame a promise belongs to. A traced function's wrapper tags the promise it
 * returns; a join (`Promise.all` and friends in transformed code) tags its result with all of its
 * inputs' frames. A wait on a tagged promise moves those frames under itself.
 * Weak, so tags never keep a promise alive; handles, so a tag of an ended frame is ignored.
 */
import { fromHandle, handleOf } from "./arena";

type Tag = number | number[];
const tags = new WeakMap<object, Tag>();
/** Labels given by `instrumentAwait` in transformed code, picked up by the enclosing wait. */
const manualLabels = new WeakMap<object, unknown>();

export const tagState = { any: false, manual: false };

export function tagFrame(p: object, id: number): void {
  tags.set(p, handleOf(id));
  tagState.any = true;
}

/** Frames (live slot ids) that a value stands for; empty when none. */
export function framesOf(v: object): number[] {
  const t = tags.get(v);
  if (t === undefined) return [];
  if (typeof t === "number") {
    const id = fromHandle(t);
    return id === 0 ? [] : [id];
  }
  const out: number[] = [];
  for (const h of t) {
    const id = fromHandle(h);
    if (id !== 0) out.push(id);
  }
  return out;
}

/** Tag the result of a join with the frames of its inputs (only arrays are read, never iterables). */
export function tagJoin(result: unknown, inputs: unknown): void {
  if (!tagState.any || typeof result !== "object" || result === null || !Array.isArray(inputs)) return;
  const hs: number[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const v: unknown = inputs[i];
    if (typeof v !== "object" || v === null) continue;
    const t = tags.get(v);
    if (t === undefined) continue;
    if (typeof t === "number") hs.push(t);
    else hs.push(...t);
  }
  if (hs.length > 0) tags.set(result, hs);
}

export function setManualLabel(v: object, span: unknown): void {
  manualLabels.set(v, span);
  tagState.manual = true;
}

export function takeManualLabel(v: object): unknown {
  const s = manualLabels.get(v);
  if (s !== undefined) manualLabels.delete(v);
  return s;
}
