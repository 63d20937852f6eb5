// Figures of variants measured in alternating rounds (a baseline and the same work with the
// plugin, cold and warm), for the benchmarks that time child processes (bench/bundlers-*.mjs).
import { median, round } from "./measure.mjs";

/**
 * `runs` rounds of `measure(variant)` over `variants`, in order in even rounds and reversed in
 * odd ones (ABBA...), so that a drift of the machine's load weighs on every variant alike.
 */
export function alternateRounds(runs, variants, measure) {
  const rounds = [];
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? variants : [...variants].reverse();
    const r = {};
    for (const v of order) r[v] = measure(v);
    rounds.push(r);
  }
  return rounds;
}

const spreadText = (xs) => `${round(Math.min(...xs), 2)}-${round(Math.max(...xs), 2)}`;

/**
 * Medians of each variant's wall and CPU time (`<v>Ms`, `<v>CpuMs`), and for each variant but
 * `base` the median of its per-round ratios to `base` (`<v>Ratio`, with `<v>RatioSpread`, and
 * `<v>CpuRatio`): a ratio within a round compares runs made under the same load.
 */
export function variantFigures(rounds, base) {
  const out = {};
  const variants = Object.keys(rounds[0] ?? {});
  for (const v of variants) {
    out[`${v}Ms`] = round(median(rounds.map((r) => r[v].wall)), 0);
    out[`${v}CpuMs`] = round(median(rounds.map((r) => r[v].cpu)), 0);
  }
  for (const v of variants.filter((x) => x !== base)) {
    const wall = rounds.map((r) => r[v].wall / r[base].wall);
    out[`${v}Ratio`] = round(median(wall), 2);
    out[`${v}RatioSpread`] = spreadText(wall);
    out[`${v}CpuRatio`] = round(median(rounds.map((r) => r[v].cpu / r[base].cpu)), 2);
  }
  return out;
}
