// What the Vite plugin costs a vitest run: a suite of `tests` test files over the generated
// 320-file project (each test file imports one module, which imports the whole ring; each test
// calls a traced method), run by `vitest run` without the plugin, with it and no cache (every
// module compiled by the transformer), and with it and a warm disk cache. Each run is a fresh
// process; rounds alternate; ratios are medians of per-round ratios. Target (issue 14): 1.2x.
// Build first (npm run build). Usage: node bench/bundlers-vitest.mjs [--runs 3] [--tests 20]
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "./bundlers-build.mjs";
import { timedOrThrow } from "./lib/child-cpu.mjs";
import { arg } from "./lib/measure.mjs";
import { alternateRounds, variantFigures } from "./lib/variants.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vitest = join(root, "node_modules", "vitest", "vitest.mjs");

function suite(dir, files, tests) {
  // Without the plugin, Vite 8 leaves standard decorators for Node, which cannot run them
  // (docs/bundlers.md): the baseline needs experimentalDecorators, which Oxc lowers.
  generate(dir, files, { experimentalDecorators: true });
  for (const pkg of ["vitest", "vite"])
    symlinkSync(join(root, "node_modules", pkg), join(dir, "node_modules", pkg), "junction");
  mkdirSync(join(dir, "test"), { recursive: true });
  for (let t = 0; t < tests; t++) {
    const i = Math.floor((t * files) / tests);
    writeFileSync(
      join(dir, "test", `t${t}.test.ts`),
      `import { expect, test } from "vitest";\nimport { Service${i} } from "../src/m${i}.js";\n\n` +
        `test("load ${t}", async () => {\n  const s = new Service${i}();\n  expect((await s.load(${t})).id).toBe(${t});\n});\n`,
    );
  }
  const config = (withPlugin) =>
    (withPlugin ? `import awaitTree from "@await-tree/transformer/vite";\n` : "") +
    `export default {\n  plugins: [${withPlugin ? "awaitTree()" : ""}],\n` +
    `  resolve: { preserveSymlinks: true },\n  test: { include: ["test/**/*.test.ts"] },\n};\n`;
  writeFileSync(join(dir, "with.config.mjs"), config(true));
  writeFileSync(join(dir, "without.config.mjs"), config(false));
}

function vitestRun(dir, variant) {
  const config = `${variant === "without" ? "without" : "with"}.config.mjs`;
  return timedOrThrow(`vitest ${variant}`, process.execPath, [vitest, "run", "--config", config], {
    cwd: dir,
    env: { ...process.env, CI: "1", AWAIT_TREE_CACHE: variant === "warm" ? join(dir, "cache") : "0" },
  });
}

export async function run({ runs = 3, files = 320, tests = 20 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "await-tree-bundlers-vitest-"));
  try {
    suite(dir, files, tests);
    vitestRun(dir, "without");
    vitestRun(dir, "warm");
    const rounds = alternateRounds(runs, ["without", "cold", "warm"], (v) => vitestRun(dir, v));
    const out = { files, tests, runs, target: 1.2, ...variantFigures(rounds, "without") };
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = await run({
    runs: Number(arg("runs", "3")),
    files: Number(arg("files", "320")),
    tests: Number(arg("tests", "20")),
  });
  console.log(JSON.stringify(out, null, 2));
}
