/** The public limits of the arena (span limit, detached limit) and its counters. */
import * as Storage from "./storage";

// The arena's storage as module constants, which V8 folds; its flag values are literals (see storage.ts).
const S = Storage.S;
const P = Storage.P;
const MAX_ID = Storage.MAX_ID;

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
 * `live` counts a transformed frame as two from its start to its end (itself and the slot of the
 * wait it opens at each await, open or not), as the limit does.
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
