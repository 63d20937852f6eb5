/** A manual clock installed for one test: deterministic elapsed times, no sleeping. */
import { ManualClock, setClock } from "@await-tree/runtime";

export function useManualClock(): ManualClock {
  const clock = new ManualClock();
  setClock(clock.now);
  return clock;
}

export function restoreClock(): void {
  setClock("precise");
}
