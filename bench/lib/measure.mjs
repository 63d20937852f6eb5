// Shared measurement helpers: alternating rounds, medians, the result protocol between a
// benchmark child process and bench/run.mjs.
import { performance } from "node:perf_hooks";

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const round = (x, digits = 3) => {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
};

/**
 * Time `variants` (name -> async or sync function of `n`, doing `n` operations) alternately:
 * every round runs each variant once, the order reversed every other round (ABBA...) so that drift
 * on the machine hits all of them alike. Returns per variant the median nanoseconds per operation,
 * and for each variant against `base` the median of the per-round ratios (the figure we report:
 * robust to a round slowed down by other load, since both sides of a ratio come from one round).
 * `collect`, when given, receives the per-round times (ns per operation) of every variant.
 * The warm-up rounds are followed by a pause of `settleMs` and one more untimed round.
 */
export async function alternate(variants, { base, n, rounds = 15, warmup = 3, settleMs = 100, collect }) {
  const names = Object.keys(variants);
  const times = collect ?? {};
  for (const k of names) times[k] = [];
  for (let r = 0; r < warmup; r++) for (const k of names) await variants[k](n);
  // Let what the warm-up started settle (optimising compilers, the runtime's clock thread).
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  for (const k of names) await variants[k](n);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const k of order) {
      const t0 = performance.now();
      await variants[k](n);
      times[k].push(((performance.now() - t0) * 1e6) / n);
    }
  }
  const out = { rounds, n, nsPerOp: {}, ratio: {}, minNsPerOp: {} };
  for (const k of names) {
    out.nsPerOp[k] = round(median(times[k]), 1);
    out.minNsPerOp[k] = round(Math.min(...times[k]), 1);
    if (base !== undefined && k !== base) {
      out.ratio[k] = round(median(times[k].map((t, i) => t / times[base][i])));
    }
  }
  return out;
}

/** Force a full garbage collection (needs --expose-gc), twice so that weak callbacks ran. */
export async function fullGc() {
  if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((r) => setImmediate(r));
  }
}

/** Heap in use by this isolate, including typed-array backing stores (the span arena lives there). */
export function heapBytes() {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** A row of the results table. `met` is computed from figure, op and target (none: informational). */
export function row({ id, name, figure, op = "", target, unit = "x", detail = "", node = process.version }) {
  let met;
  if (target !== undefined) met = Number.isFinite(figure) ? (op === "<=" ? figure <= target : figure >= target) : false;
  return { id, name, figure, op, target: target ?? Number.NaN, unit, met, detail, node };
}

const MARK = "@@await-tree-bench ";

/** In a benchmark child: report rows to the runner (one JSON line on stdout). */
export function report(rows) {
  process.stdout.write(`\n${MARK}${JSON.stringify(rows)}\n`);
}

/** In the runner: the rows a child reported. */
export function parseReport(stdout) {
  const line = stdout.split("\n").find((l) => l.startsWith(MARK));
  return line === undefined ? undefined : JSON.parse(line.slice(MARK.length));
}

/** `--name value` from argv. */
export function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
}
