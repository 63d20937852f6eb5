// What @await-tree/transformer costs a build. Generates a project of `files` TypeScript modules
// (bench/lib/generated-project.mjs) in a temp directory, then compiles it with tspc alternately
// with the plugin (`traceAll: true`) and with the same tsconfig without it, and reports medians of
// the wall time and of the child's CPU time (user + system; the least sensitive to other load on
// the machine), and the medians of the per-pair ratios with their spread.
// Build first (npm run build). Usage: node bench/compile-cost.mjs [--runs 5] [--files 320] [--report]
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generatedProject, timedNode } from "./lib/generated-project.mjs";
import { arg, median, report, round, row, spread } from "./lib/measure.mjs";

const root = join(fileURLToPath(import.meta.url), "..", "..");
const tspc = join(root, "node_modules", "ts-patch", "bin", "tspc.js");

function writeConfigs(dir) {
  const compilerOptions = {
    target: "ES2022",
    module: "commonjs",
    strict: true,
    skipLibCheck: true,
    types: ["node"],
    lib: ["ES2022"],
    rootDir: "src",
  };
  const config = (plugins, outDir) => ({ compilerOptions: { ...compilerOptions, outDir, plugins }, include: ["src"] });
  writeFileSync(
    join(dir, "with.json"),
    JSON.stringify(config([{ transform: "@await-tree/transformer", traceAll: true }], "out-with")),
  );
  writeFileSync(join(dir, "without.json"), JSON.stringify(config([], "out-without")));
}

const compile = (dir, config) =>
  timedNode([tspc, "-p", join(dir, config)], {
    cwd: dir,
    env: { ...process.env, TSP_COMPILER_TS_PATH: join(dir, "node_modules", "typescript") },
    what: `tspc -p ${config}`,
  });

/** Returns { files, withPluginMs, withoutPluginMs, ratio, ratioSpread } (wall) and the CPU figures. */
export async function run({ runs = 5, files = 320 } = {}) {
  const project = generatedProject({ files, compiler: true, prefix: "await-tree-compile-cost-" });
  try {
    writeConfigs(project.dir);
    // One warm-up of each: ts-patch patches and caches the compiler on first use.
    compile(project.dir, "without.json");
    compile(project.dir, "with.json");
    const wo = [];
    const w = [];
    for (let i = 0; i < runs; i++) {
      const pair = i % 2 === 0 ? ["without.json", "with.json"] : ["with.json", "without.json"];
      for (const c of pair) (c === "with.json" ? w : wo).push(compile(project.dir, c));
    }
    const ratios = (k) => w.map((x, i) => x[k] / wo[i][k]);
    return {
      files,
      runs,
      withPluginMs: Math.round(median(w.map((r) => r.wall))),
      withoutPluginMs: Math.round(median(wo.map((r) => r.wall))),
      ratio: round(median(ratios("wall"))),
      ratioSpread: spread(ratios("wall")),
      withPluginCpuMs: Math.round(median(w.map((r) => r.cpu))),
      withoutPluginCpuMs: Math.round(median(wo.map((r) => r.cpu))),
      cpuRatio: round(median(ratios("cpu"))),
    };
  } finally {
    project.remove();
  }
}

/** The row of bench/run.mjs. */
export async function rows(options) {
  const r = await run(options);
  return [
    row({
      id: "compile",
      name: `tspc compile of the generated ${r.files}-file project: with the transformer / without`,
      figure: r.ratio,
      spread: r.ratioSpread,
      detail: `${r.withPluginMs} vs ${r.withoutPluginMs} ms; CPU ${r.cpuRatio}x (${r.withPluginCpuMs} vs ${r.withoutPluginCpuMs} ms); ${r.runs} pairs; no target`,
    }),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const reporting = process.argv.includes("--report");
  const options = { runs: Number(arg("runs", reporting ? 3 : 5)), files: Number(arg("files", 320)) };
  if (reporting) report(await rows(options));
  else console.log(JSON.stringify(await run(options), null, 2));
}
