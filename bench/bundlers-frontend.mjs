// Where the bundler plugin's time goes, per file of the generated 320-file project, in one warm
// process (no process start, no bundler): the transform core (`transformSource`: TypeScript's
// `transpileModule` with our transformer), TypeScript's `transpileModule` alone (parse + emit,
// no instrumentation), TypeScript's parser alone (`createSourceFile`), and two faster front ends
// a future core could feed the same rewrite decisions from: `oxc-parser` (parse to an AST) and
// esbuild's `transformSync` (strip types and print, what the hosts do). It answers whether a
// faster parser could bring the plugin near the hosts' own cost (issue 14, point 6).
// Build first (npm run build). Usage: node bench/bundlers-frontend.mjs [--rounds 5] [--files 320]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { writeModules } from "./lib/generated-project.mjs";
import { arg, median, round } from "./lib/measure.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "packages", "transformer", "package.json"));
const { transformSource, mayTrace } = require("./dist/index.js");
const ts = require("typescript-for-transform");
const oxc = require(join(root, "node_modules", "oxc-parser"));
const esbuild = require(join(root, "node_modules", "esbuild"));

const compilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, sourceMap: true };

const STEPS = {
  mayTrace: (code) => mayTrace(code, {}),
  transformSource: (code, file) => transformSource(code, file, {}),
  "ts.transpileModule": (code, file) => ts.transpileModule(code, { fileName: file, compilerOptions }),
  "ts.createSourceFile": (code, file) => ts.createSourceFile(file, code, ts.ScriptTarget.ES2022, true),
  "oxc-parser": (code, file) => oxc.parseSync(file, code),
  "esbuild.transformSync": (code, file) =>
    esbuild.transformSync(code, { loader: "ts", sourcefile: file, sourcemap: true, target: "node20" }),
};

export async function run({ rounds = 5, files = 320 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "await-tree-bundlers-frontend-"));
  try {
    writeModules(dir, files);
    const sources = [];
    for (let i = 0; i < files; i++) {
      const file = join(dir, "src", `m${i}.ts`);
      sources.push([readFileSync(file, "utf8"), file]);
    }
    const times = Object.fromEntries(Object.keys(STEPS).map((k) => [k, []]));
    // Warm-up: load the compilers and let V8 optimise them.
    for (const step of Object.values(STEPS)) for (const [code, file] of sources) step(code, file);
    for (let r = 0; r < rounds; r++) {
      for (const [name, step] of Object.entries(STEPS)) {
        const t0 = performance.now();
        for (const [code, file] of sources) step(code, file);
        times[name].push((performance.now() - t0) / files);
      }
    }
    const msPerFile = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, round(median(v), 3)]));
    const base = msPerFile["esbuild.transformSync"];
    const vsEsbuild = Object.fromEntries(Object.entries(msPerFile).map(([k, v]) => [k, round(v / base, 1)]));
    return { files, rounds, msPerFile, vsEsbuild };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = await run({ rounds: Number(arg("rounds", "5")), files: Number(arg("files", "320")) });
  console.log(JSON.stringify(out, null, 2));
}
