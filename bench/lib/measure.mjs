// Shared measurement helpers: alternating rounds, medians, the result protocol between a
// benchmark child process and bench/run.mjs.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
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

/** The `q` quantile (0..1) of `xs`, interpolated between the two nearest values. */
export const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (at - lo);
};

/**
 * How far the values behind a median spread: the interquartile range (the middle half of the
 * rounds) when there are at least 8 of them, else the whole range. `{ lo, hi, kind }`.
 */
export const spread = (xs, digits = 3) =>
  xs.length >= 8
    ? { lo: round(quantile(xs, 0.25), digits), hi: round(quantile(xs, 0.75), digits), kind: "IQR" }
    : { lo: round(Math.min(...xs), digits), hi: round(Math.max(...xs), digits), kind: "min-max" };

/** CPU milliseconds of the whole process (every thread: the runtime's clock thread included). */
export const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Time `variants` (name -> async or sync function of `n`, doing `n` operations) alternately:
 * every round runs each variant once, the order reversed every other round (ABBA...) so that drift
 * on the machine hits all of them alike. Returns per variant the median nanoseconds per operation,
 * and for each variant against `base` the median of the per-round ratios (the figure we report:
 * robust to a round slowed down by other load, since both sides of a ratio come from one round).
 * `collect`, when given, receives the per-round times (ns per operation) of every variant.
 * The warm-up rounds are followed by a pause of `settleMs` and one more untimed round.
 * Beside the wall-clock figures: `spread` (of the per-round ratios), and the same ratios of the
 * process's CPU time (`cpuRatio`, `cpuSpread`: every thread, so the runtime's clock thread is
 * charged to the rounds it stamps in; CPU time does not count the time other processes of a
 * loaded machine take from this one).
 */
export async function alternate(variants, { base, n, rounds = 15, warmup = 3, settleMs = 100, collect }) {
  const names = Object.keys(variants);
  const times = collect ?? {};
  const cpu = {};
  for (const k of names) {
    times[k] = [];
    cpu[k] = [];
  }
  for (let r = 0; r < warmup; r++) for (const k of names) await variants[k](n);
  // Let what the warm-up started settle (optimising compilers, the runtime's clock thread).
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  for (const k of names) await variants[k](n);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const k of order) {
      const c0 = cpuMs();
      const t0 = performance.now();
      await variants[k](n);
      times[k].push(((performance.now() - t0) * 1e6) / n);
      cpu[k].push(((cpuMs() - c0) * 1e6) / n);
    }
  }
  const out = {
    rounds,
    n,
    nsPerOp: {},
    ratio: {},
    minNsPerOp: {},
    spread: {},
    cpuNsPerOp: {},
    cpuRatio: {},
    cpuSpread: {},
  };
  for (const k of names) {
    out.nsPerOp[k] = round(median(times[k]), 1);
    out.minNsPerOp[k] = round(Math.min(...times[k]), 1);
    out.cpuNsPerOp[k] = round(median(cpu[k]), 1);
    if (base !== undefined && k !== base) {
      const ratios = times[k].map((t, i) => t / times[base][i]);
      const cpuRatios = cpu[k].map((t, i) => t / cpu[base][i]);
      out.ratio[k] = round(median(ratios));
      out.spread[k] = spread(ratios);
      out.cpuRatio[k] = round(median(cpuRatios));
      out.cpuSpread[k] = spread(cpuRatios);
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

/**
 * A row of the results table. `met` is computed from figure, op and target (none: informational).
 * `spread` (from `spread()`) is shown next to the figure.
 */
export function row({ id, name, figure, spread, op = "", target, unit = "x", detail = "", node = process.version }) {
  let met;
  if (target !== undefined) met = Number.isFinite(figure) ? (op === "<=" ? figure <= target : figure >= target) : false;
  return { id, name, figure, spread, op, target: target ?? Number.NaN, unit, met, detail, node };
}

/** " (CPU 1.41x, IQR 1.38-1.45)": the CPU-time ratio of `alternate`'s result for variant `k`. */
export const cpuText = (r, k) =>
  `CPU ${r.cpuRatio[k]}x, ${r.cpuSpread[k].kind} ${r.cpuSpread[k].lo}-${r.cpuSpread[k].hi}`;

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

/**
 * `--node <binary>` from argv (default: this Node.js): a path is made absolute (children may run
 * in a scratch folder) and must exist; a bare name is left for PATH to find. A clear error otherwise.
 */
export function nodeArg() {
  const text = arg("node", process.execPath);
  if (typeof text !== "string" || text === "") throw new Error("--node takes the path of a Node.js binary");
  const node = text.includes("/") ? resolve(text) : text;
  if (node.includes("/") && !existsSync(node)) throw new Error(`--node: no Node.js binary at ${node}`);
  return node;
}
