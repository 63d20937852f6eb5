// What Node's module hooks (`--import @await-tree/transformer/register`) cost a start: the
// generated 320-file project (bench/lib/generated-project.mjs), loaded in full by a small entry,
// started (a) under tsx alone, (b) under tsx with the hooks and no cache (cold: every file
// compiled), (c) under tsx with the hooks and a warm cache. tsx is the baseline because Node's own
// type stripping cannot run the project's decorators (docs/node-hooks.md). Rounds alternate
// (ABCCBA...) and each ratio is the median of per-round ratios, with its spread; CPU time (user +
// system of the child) is reported beside wall time, being the figure least disturbed by other load.
// Targets (issue 11): cold at most 1.5x, warm at most 1.1x.
// Build first (npm run build). Usage: node bench/register-start.mjs [--runs 7] [--files 320] [--report]
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generatedProject, timedNode } from "./lib/generated-project.mjs";
import { arg, median, report, round, row, spread } from "./lib/measure.mjs";

const root = join(fileURLToPath(import.meta.url), "..", "..");
const tsx = join(root, "node_modules", "tsx", "dist", "cli.mjs");

function writeEntry(dir) {
  const compilerOptions = { target: "ES2022", module: "commonjs", strict: true, lib: ["ES2022"] };
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { ...compilerOptions, plugins: [{ transform: "@await-tree/transformer" }] } }),
  );
  writeFileSync(join(dir, "main.cjs"), 'require("./src/m0.ts");\n');
}

function start(dir, variant, cache) {
  const args = [tsx];
  if (variant !== "tsx") args.push("--import", "@await-tree/transformer/register");
  args.push("main.cjs");
  const env = { ...process.env, AWAIT_TREE_CACHE: variant === "cold" ? "0" : cache };
  return timedNode(args, { cwd: dir, env, what: `${variant} start` });
}

export async function run({ runs = 7, files = 320 } = {}) {
  const project = generatedProject({ files, prefix: "await-tree-register-start-" });
  const cache = join(project.dir, ".cache");
  try {
    writeEntry(project.dir);
    for (const v of ["tsx", "cold", "warm"]) start(project.dir, v, cache); // warm-up; fills the cache
    const t = { tsx: [], cold: [], warm: [] };
    for (let i = 0; i < runs; i++) {
      const order = i % 2 === 0 ? ["tsx", "cold", "warm"] : ["warm", "cold", "tsx"];
      for (const v of order) t[v].push(start(project.dir, v, cache));
    }
    const ratios = (v, k) => t[v].map((x, i) => x[k] / t.tsx[i][k]);
    const out = { files, runs };
    for (const v of ["tsx", "cold", "warm"]) {
      out[`${v}WallMs`] = Math.round(median(t[v].map((x) => x.wall)));
      out[`${v}CpuMs`] = Math.round(median(t[v].map((x) => x.cpu)));
    }
    for (const v of ["cold", "warm"]) {
      out[`${v}Ratio`] = round(median(ratios(v, "wall")));
      out[`${v}RatioSpread`] = spread(ratios(v, "wall"));
      out[`${v}CpuRatio`] = round(median(ratios(v, "cpu")));
      out[`${v}CpuRatioSpread`] = spread(ratios(v, "cpu"));
    }
    return out;
  } finally {
    project.remove();
  }
}

/** The rows of bench/run.mjs. */
export async function rows(options) {
  const r = await run(options);
  const one = (v, target) =>
    row({
      id: `register-${v}`,
      name: `start of the generated ${r.files}-file project, ${v === "cold" ? "cold (no cache)" : "warm (cached)"}: tsx + --import @await-tree/transformer/register / tsx alone`,
      figure: r[`${v}Ratio`],
      spread: r[`${v}RatioSpread`],
      op: "<=",
      target,
      detail: `${r[`${v}WallMs`]} vs ${r.tsxWallMs} ms; CPU ${r[`${v}CpuRatio`]}x (${r[`${v}CpuRatioSpread`].lo}-${r[`${v}CpuRatioSpread`].hi}; ${r[`${v}CpuMs`]} vs ${r.tsxCpuMs} ms); ${r.runs} rounds`,
    });
  return [one("cold", 1.5), one("warm", 1.1)];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const options = { runs: Number(arg("runs", 7)), files: Number(arg("files", 320)) };
  if (process.argv.includes("--report")) report(await rows(options));
  else console.log(JSON.stringify(await run(options), null, 2));
}
