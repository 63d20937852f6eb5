/**
 * Durations exactly as Rust prints `{:.3?}` of a `Duration`: three decimals, the unit chosen from
 * the unrounded value (ns below 1µs, µs below 1ms, ms below 1s, else s), rounded half up, so
 * `1000.000ms` can occur.
 */

const STEP_BY_UNIT = [
  [1e9, 1e6, "s"],
  [1e6, 1e3, "ms"],
  [1e3, 1, "µs"],
] as const;

/** `ns` is a whole, non-negative number of nanoseconds. */
export function formatDuration(ns: number): string {
  const n = Number.isFinite(ns) && ns > 0 ? Math.floor(ns) : 0;
  for (const [unit, step, suffix] of STEP_BY_UNIT) {
    if (n >= unit) {
      let q = Math.floor(n / step);
      const r = n - q * step;
      if (r * 2 >= step) q += 1;
      const whole = Math.floor(q / 1000);
      const frac = q - whole * 1000;
      return `${whole}.${String(frac).padStart(3, "0")}${suffix}`;
    }
  }
  return `${n}.000ns`;
}

/** Milliseconds (float, from the clock) to whole nanoseconds. */
export function msToNs(ms: number): number {
  return ms > 0 ? Math.round(ms * 1e6) : 0;
}
