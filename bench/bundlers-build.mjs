// What the bundler plugin (`@await-tree/transformer/<bundler>`) costs a build: the generated
// 320-file project of the compile benchmark (every file has @traced methods, so every file goes
// through the transformer), bundled from its entry by each bundler without the plugin, with it
// and no cache (a first build: every file compiled), and with it and a warm disk cache (a rebuild
// where no file changed).
// Each build is a fresh process (what `vite build` pays, loading TypeScript included); rounds
// alternate (ABBA...) and the ratio is the median of per-round ratios, with its spread. CPU time
// (user + system of the child) is reported beside wall time: the figure least disturbed by other
// load on the machine. Target (issue 14): at most 1.5x.
// Build first (npm run build). Usage:
//   node bench/bundlers-build.mjs [--runs 3] [--files 320] [--only esbuild,vite]
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { timedRun } from "./lib/child-cpu.mjs";
import { writeModules } from "./lib/generated-project.mjs";
import { median, round } from "./lib/measure.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const one = join(root, "bench", "lib", "bundle-one.mjs");
const BUNDLERS = ["esbuild", "rollup", "rolldown", "vite", "webpack", "rspack"];

/** `experimentalDecorators`: Vite 8 (Oxc) lowers only those; a vitest baseline needs them. */
export function generate(dir, files, { experimentalDecorators = false } = {}) {
  writeModules(dir, files);
  const nm = join(dir, "node_modules", "@await-tree");
  mkdirSync(nm, { recursive: true });
  symlinkSync(join(root, "packages", "runtime"), join(nm, "runtime"), "junction");
  symlinkSync(join(root, "packages", "transformer"), join(nm, "transformer"), "junction");
  writeFileSync(join(dir, "package.json"), '{ "private": true, "type": "module" }\n');
  const compilerOptions = {
    target: "ES2022",
    module: "esnext",
    moduleResolution: "bundler",
    strict: true,
    experimentalDecorators,
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["src"] }));
}

/** `without` the plugin; `cold`: with it, no cache; `warm`: with it, every file in its disk cache. */
function build(dir, bundler, variant) {
  const r = timedRun(process.execPath, [one, bundler, dir, variant === "without" ? "without" : "with"], {
    cwd: root,
    env: { ...process.env, AWAIT_TREE_CACHE: variant === "warm" ? join(dir, "cache") : "0" },
  });
  if (r.status !== 0) throw new Error(`${bundler} ${variant} exited with ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return { wall: r.wall, cpu: r.cpu };
}

function summary(rounds) {
  const out = {};
  for (const v of ["without", "cold", "warm"]) {
    out[`${v}Ms`] = round(median(rounds.map((r) => r[v].wall)), 0);
    out[`${v}CpuMs`] = round(median(rounds.map((r) => r[v].cpu)), 0);
  }
  const spread = (xs) => `${round(Math.min(...xs), 2)}-${round(Math.max(...xs), 2)}`;
  for (const v of ["cold", "warm"]) {
    const wall = rounds.map((r) => r[v].wall / r.without.wall);
    const cpu = rounds.map((r) => r[v].cpu / r.without.cpu);
    out[`${v}Ratio`] = round(median(wall), 2);
    out[`${v}RatioSpread`] = spread(wall);
    out[`${v}CpuRatio`] = round(median(cpu), 2);
  }
  return out;
}

export async function run({ runs = 3, files = 320, only = BUNDLERS } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "await-tree-bundlers-build-"));
  const results = {};
  try {
    generate(dir, files);
    for (const bundler of only) {
      // Warm-up: the file system cache, the bundlers' own caches; and the plugin's disk cache filled.
      build(dir, bundler, "without");
      build(dir, bundler, "warm");
      const rounds = [];
      for (let i = 0; i < runs; i++) {
        const variants = ["without", "cold", "warm"];
        const order = i % 2 === 0 ? variants : [...variants].reverse();
        const round = {};
        for (const v of order) round[v] = build(dir, bundler, v);
        rounds.push(round);
      }
      results[bundler] = summary(rounds);
      process.stderr.write(`${bundler}: ${JSON.stringify(results[bundler])}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { files, runs, target: 1.5, results };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, d) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : d;
  };
  const out = await run({
    runs: Number(arg("--runs", "3")),
    files: Number(arg("--files", "320")),
    only: arg("--only", BUNDLERS.join(",")).split(","),
  });
  console.log(JSON.stringify(out, null, 2));
}
