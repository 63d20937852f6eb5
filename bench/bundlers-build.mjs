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
import { BUNDLERS } from "./lib/bundler-builds.mjs";
import { timedOrThrow } from "./lib/child-cpu.mjs";
import { writeModules } from "./lib/generated-project.mjs";
import { arg } from "./lib/measure.mjs";
import { alternateRounds, variantFigures } from "./lib/variants.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const one = join(root, "bench", "lib", "bundle-one.mjs");

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
  return timedOrThrow(
    `${bundler} ${variant}`,
    process.execPath,
    [one, bundler, dir, variant === "without" ? "without" : "with"],
    {
      cwd: root,
      env: { ...process.env, AWAIT_TREE_CACHE: variant === "warm" ? join(dir, "cache") : "0" },
    },
  );
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
      const rounds = alternateRounds(runs, ["without", "cold", "warm"], (v) => build(dir, bundler, v));
      results[bundler] = variantFigures(rounds, "without");
      process.stderr.write(`${bundler}: ${JSON.stringify(results[bundler])}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { files, runs, target: 1.5, results };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = await run({
    runs: Number(arg("runs", "3")),
    files: Number(arg("files", "320")),
    only: arg("only", BUNDLERS.join(",")).split(","),
  });
  console.log(JSON.stringify(out, null, 2));
}
