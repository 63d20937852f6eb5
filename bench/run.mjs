// `npm run bench`: builds the benchmark sources, runs every benchmark in its own child process
// (the per-version ones on Node 20, 22, 24 and 26: official builds installed on first use by
// scripts/official-node.mjs), prints the table and rewrites bench/RESULTS.md, keeping a short
// history of earlier runs.
// Options:
//   --only P1,idle   run these rows only (ids as in the table; P2 gives P2, P2-fn and P2-als;
//                    tinybench gives P1-tinybench and P2-tinybench);
//                    their rows replace the same rows of RESULTS.md, the others stay as measured
//   --versions 22,24 the Node majors of the per-version rows (default 20,22,24,26)
//   --no-versions    per-version rows on this process's Node only
//   --no-extras      skip the slow rows (mocha, compile, register)
//   --no-write       print only, do not touch RESULTS.md
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { officialNode } from "../scripts/official-node.mjs";
import { buildSources, root } from "./lib/build.mjs";
import { parseReport, round } from "./lib/measure.mjs";
import { combineProcesses } from "./lib/processes.mjs";

const argv = process.argv.slice(2);
const listArg = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1].split(",") : undefined);
const only = listArg("--only");
const extras = !argv.includes("--no-extras");
const write = !argv.includes("--no-write");
const majors = argv.includes("--no-versions")
  ? [process.versions.node.split(".")[0]]
  : (listArg("--versions") ?? ["20", "22", "24", "26"]);

/**
 * Every benchmark: a file run as a child process (`node <file> --report` prints its rows).
 * `ids`: the rows it reports (for --only); `versions`: run on every Node of `majors`;
 * `gc`: needs --expose-gc; `extra`: slow, skipped by --no-extras; `processes`: run in that many
 * processes one after the other, each row the median of theirs (bench/lib/processes.mjs says why).
 */
const BENCHMARKS = [
  { ids: ["P1"], file: "p1-await-loop.mjs", versions: true, processes: 5 },
  { ids: ["P2", "P2-fn", "P2-als"], file: "p2-traced-call.mjs", versions: true, processes: 5 },
  { ids: ["P1-tinybench", "P2-tinybench", "tinybench"], file: "independent.mjs", versions: true },
  { ids: ["P3", "ALS-tax"], file: "p3-als.mjs", versions: true },
  { ids: ["P4"], file: "p4-otel.mjs" },
  { ids: ["P5"], file: "p5-http.mjs", processes: 5 },
  { ids: ["P6", "P6-text", "P6-json"], file: "p6-render.mjs" },
  { ids: ["P7"], file: "p7-memory.mjs", gc: true },
  { ids: ["P8"], file: "p8-tasks.mjs", gc: true },
  { ids: ["P9"], file: "p9-abandoned.mjs", gc: true },
  { ids: ["idle"], file: "idle-cost.mjs", versions: true },
  { ids: ["mocha"], file: "mocha-overhead.mjs", extra: true },
  { ids: ["compile"], file: "compile-cost.mjs", extra: true },
  { ids: ["register", "register-cold", "register-warm"], file: "register-start.mjs", extra: true },
];

const failedRow = (id, node, why) => ({
  id,
  name: id,
  figure: Number.NaN,
  op: "",
  target: Number.NaN,
  unit: "",
  met: false,
  detail: `failed: ${why}`,
  node,
});

/** A benchmark's rows on `node`: from one process, or combined from `bench.processes`. */
function runBenchmark(bench, node) {
  const runs = [];
  for (let i = 0; i < (bench.processes ?? 1); i++) runs.push(runChild(bench, node));
  return combineProcesses(runs);
}

function runChild(bench, node) {
  const args = [];
  if (bench.gc) args.push("--expose-gc");
  args.push(join(root, "bench", bench.file), "--report");
  process.stdout.write(`${bench.ids[0]} (${node.label}) ... `);
  const t0 = performance.now();
  const load = loadavg()[0];
  const r = spawnSync(node.bin, args, { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const rows = parseReport(r.stdout ?? "");
  const secs = round((performance.now() - t0) / 1000, 1);
  const measured = {
    date: new Date().toISOString().replace("T", " ").slice(0, 16),
    load: round((load + loadavg()[0]) / 2, 1),
  };
  if (rows === undefined) {
    console.log(`failed after ${secs}s`);
    const why = `${r.stderr ?? ""}${r.error?.message ?? ""}`.trim().split("\n").slice(-3).join(" ");
    return [{ ...failedRow(bench.ids[0], node.label, why), ...measured }];
  }
  console.log(rows.map((x) => `${x.id} ${x.figure}`).join(", "), `(${secs}s)`);
  return rows.map((x) => ({ ...x, node: node.label, ...measured }));
}

const fmt = (x) => (Number.isFinite(x) ? String(x) : "—");
const unitText = (r, x) => (r.unit === "x" ? `${x}x` : r.unit === "" ? String(x) : `${x} ${r.unit}`);
const targetText = (r) => (Number.isFinite(r.target) ? `${r.op} ${unitText(r, r.target)}` : "—");
const figureText = (r) => (Number.isFinite(r.figure) ? unitText(r, fmt(r.figure)) : "—");
const spreadText = (r) => (r.spread === undefined ? "—" : `${r.spread.lo}-${r.spread.hi} (${r.spread.kind})`);
const metText = (r) => (r.met === undefined || r.met === null ? "—" : r.met ? "met" : "**not met**");

function table(rows) {
  const lines = [
    "| id | benchmark | Node | figure | spread | target | met | measured (UTC, load) | detail |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.id} | ${r.name} | ${r.node} | ${figureText(r)} | ${spreadText(r)} | ${targetText(r)} | ${metText(r)} | ${r.date ?? "—"}, ${fmt(r.load)} | ${r.detail} |`,
    );
  }
  return lines.join("\n");
}

const DATA_MARK = "<!-- data (written by bench/run.mjs): ";

/** What the previous runs left in RESULTS.md: { rows, history }. */
function readData(file) {
  const empty = { rows: [], history: [] };
  if (!existsSync(file)) return empty;
  const text = readFileSync(file, "utf8");
  const i = text.indexOf(DATA_MARK);
  if (i < 0) {
    // The format before rows were kept: the history only.
    const old = text.indexOf("<!-- history (written by bench/run.mjs): ");
    if (old < 0) return empty;
    try {
      return { ...empty, history: JSON.parse(text.slice(text.indexOf(": ", old) + 2, text.indexOf(" -->", old))) };
    } catch {
      return empty;
    }
  }
  try {
    return { ...empty, ...JSON.parse(text.slice(i + DATA_MARK.length, text.indexOf(" -->", i))) };
  } catch {
    return empty;
  }
}

const major = (label) => label.replace(/^v/, "").split(".")[0];
const keyOf = (r) => (major(r.node) === process.versions.node.split(".")[0] ? r.id : `${r.id}@${major(r.node)}`);

function historyTable(history) {
  const ids = [];
  for (const h of history) for (const k of Object.keys(h.figures)) if (!ids.includes(k)) ids.push(k);
  const lines = [`| date | Node | load | ${ids.join(" | ")} |`, `|---|---|---|${ids.map(() => "---|").join("")}`];
  for (const h of history)
    lines.push(`| ${h.date} | ${h.node} | ${fmt(h.load)} | ${ids.map((k) => fmt(h.figures[k])).join(" | ")} |`);
  return lines.join("\n");
}

/** The "Misses" section of docs/performance.md (profiles, what it would take), kept in one place. */
function missesSection() {
  const file = join(root, "docs", "performance.md");
  if (!existsSync(file)) return [];
  const text = readFileSync(file, "utf8");
  const i = text.indexOf("## Misses");
  if (i < 0) return [];
  const j = text.indexOf("\n## ", i + 1);
  const body = text.slice(i, j < 0 ? undefined : j).replace(/^## Misses/, "## Misses (from docs/performance.md)");
  return [body.trimEnd(), ""];
}

/** The Node binaries of the per-version rows: [{ label, bin }], this process's first. */
function nodes(notes) {
  const out = [{ label: process.version, bin: process.execPath }];
  for (const m of majors) {
    if (m === process.versions.node.split(".")[0]) continue;
    const r = officialNode(m);
    if (r.skip !== undefined) notes.push(r.skip);
    else out.push({ label: execFileSync(r.bin, ["--version"], { encoding: "utf8" }).trim(), bin: r.bin });
  }
  out.sort((a, b) => Number(major(a.label)) - Number(major(b.label)));
  return out;
}

async function main() {
  const notes = [];
  const selected = BENCHMARKS.filter((b) =>
    only === undefined ? extras || !b.extra : b.ids.some((id) => only.includes(id)),
  );
  console.log("building the benchmark sources (tspc, with and without the transformer) ...");
  buildSources({ quiet: true });
  const all = nodes(notes);
  const own = all.find((n) => n.bin === process.execPath);
  const rows = [];
  for (const bench of selected)
    for (const node of bench.versions ? all : [own]) rows.push(...runBenchmark(bench, node));

  const date = new Date().toISOString().replace("T", " ").slice(0, 16);
  const cpu = cpus();
  const machine = `${process.platform} ${process.arch}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? "unknown"})`;
  const how = "transformer output compiled by tspc with @await-tree/transformer (traceAll)";
  console.log(`\n${table(rows)}\n`);
  for (const n of notes) console.log(n);
  if (!write) return;

  const file = join(root, "bench", "RESULTS.md");
  const data = readData(file);
  // Rows of this run replace the same rows (id and Node major) of the earlier ones.
  const fresh = new Set(rows.map(keyOf));
  const merged = [...data.rows.filter((r) => !fresh.has(keyOf(r))), ...rows];
  const order = (r) => {
    const b = BENCHMARKS.findIndex((x) => x.ids.includes(r.id) || x.ids.includes(r.id.split("-")[0]));
    return (b < 0 ? 99 : b) * 1000 + Number(major(r.node));
  };
  merged.sort((a, b) => order(a) - order(b));
  const figures = {};
  for (const r of rows) if (Number.isFinite(r.figure)) figures[keyOf(r)] = r.figure;
  const history = [
    { date, node: process.version, load: round(loadavg()[0], 1), partial: only !== undefined, figures },
    ...data.history,
  ].slice(0, 20);
  const missed = merged.filter((r) => r.met === false);
  const best = (r) => {
    const xs = history.map((h) => h.figures[keyOf(r)]).filter(Number.isFinite);
    return xs.length === 0 ? Number.NaN : r.op === ">=" ? Math.max(...xs) : Math.min(...xs);
  };
  const text = [
    "# Benchmark results",
    "",
    "Written by `npm run bench` (bench/run.mjs): do not edit by hand, the next run rewrites this file",
    "(`--only` rows replace their own rows and leave the others as they were measured: see the",
    "`measured` column). A ratio is the median of per-round ratios, the variants alternating round after",
    "round (ABBA...) in one process; `spread` is the interquartile range of those ratios (the middle half",
    "of the rounds), or their whole range when there are fewer than 8 rounds or runs. P1, P2 and P5 run",
    "in 5 processes one after the other: their figure is the median of the 5 processes' figures, and",
    "their spread the lowest and highest of them (`min-max of 5 processes`; the detail lists all five),",
    "since V8 does not compile the hooks the same way in every process, and two identical servers differ. `load` is the",
    "machine's 1-minute load average while the row ran (a 2-core machine is saturated at 2). How each is",
    "measured is in the header of its file (bench/p1-await-loop.mjs ... bench/register-start.mjs) and the",
    "decisions behind the figures in docs/performance.md.",
    "",
    `Latest run: ${date} UTC${only === undefined ? "" : ` (rows ${only.join(", ")})`}, ${machine}; ${how}.`,
    "",
    table(merged),
    "",
    ...(notes.length > 0 ? ["Notes:", "", ...notes.map((n) => `- ${n}`), ""] : []),
    missed.length === 0
      ? "Every target was met."
      : `Not met: ${missed
          .map((r) => `${r.id} on ${r.node} (${figureText(r)}; best of the runs below: ${fmt(best(r))})`)
          .join(", ")}.`,
    "",
    ...missesSection(),
    "## History",
    "",
    "Figures of the latest runs, newest first (`@22`, `@24`, ...: the same row on that Node; a run of",
    "some rows only (`--only`) has the others empty).",
    "",
    historyTable(history),
    "",
    `${DATA_MARK}${JSON.stringify({ rows: merged, history })} -->`,
    "",
  ].join("\n");
  writeFileSync(file, text);
  console.log("bench/RESULTS.md rewritten");
}

await main();
