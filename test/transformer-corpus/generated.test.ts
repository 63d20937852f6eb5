/**
 * The generated layer of the differential corpus: fast-check builds random async programs from the
 * grammar in grammar.ts, each is compiled by TypeScript's transpiler without the plugin and with
 * @await-tree/transformer's `createTransformer` (default options and `traceAll`), and the three
 * builds are run by `node` with and without a preloaded global registry: every plugin run must print
 * what the plain run with the same registry mode prints, with the same exit code. On a failure
 * fast-check shrinks the program and the test prints the smallest one found and its differences.
 *
 * Deterministic in `npm test`: a fixed seed and CORPUS_FC_RUNS programs (default 24). For a longer
 * search: CORPUS_FC_RUNS=500 CORPUS_FC_SEED=<n> (any seed; the failing seed and path are printed);
 * CORPUS_FC_SHRINKS bounds the shrinking steps after a failure (default 40).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import fc from "fast-check";
import ts from "typescript";
import { asyncProgram } from "./grammar.js";
import { type ProcResult, runNode } from "./processes.js";

const RUNS = Number(process.env.CORPUS_FC_RUNS ?? "24");
const SEED = Number(process.env.CORPUS_FC_SEED ?? "20260901");
/** Shrinking steps after the first failure (each runs six programs); the rest are skipped. */
const SHRINK_BUDGET = Number(process.env.CORPUS_FC_SHRINKS ?? "40");
const RUN_TIMEOUT_MS = 20_000;

const ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!(dir.endsWith("build") || dir === dirname(dir))) dir = dirname(dir);
  return dirname(dir);
})();

interface TransformerModule {
  createTransformer(
    program?: ts.Program,
    options?: { traceAll?: boolean },
    typescript?: typeof ts,
  ): ts.TransformerFactory<ts.SourceFile>;
}

const { createTransformer } = createRequire(join(ROOT, "package.json"))("@await-tree/transformer") as TransformerModule;

type Build = "plain" | "default" | "traceAll";
const BUILDS: Build[] = ["plain", "default", "traceAll"];

function compile(source: string, build: Build): string {
  const before = build === "plain" ? [] : [createTransformer(undefined, { traceAll: build === "traceAll" }, ts)];
  return ts.transpileModule(source, {
    fileName: "program.ts",
    compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, strict: true },
    transformers: { before },
  }).outputText;
}

let tmp = "";
let counter = 0;

/** Runs the program's three builds with and without a registry; the differences, empty when none. */
async function differences(source: string): Promise<string[]> {
  const dir = join(tmp, `p${counter++}`);
  mkdirSync(dir);
  const files = new Map<Build, string>();
  for (const b of BUILDS) {
    const file = join(dir, `${b}.js`);
    writeFileSync(file, compile(source, b));
    files.set(b, file);
  }
  const run = (b: Build, registry: boolean): Promise<ProcResult> =>
    runNode(
      [...(registry ? ["--require", join(tmp, "preload.cjs")] : []), files.get(b) as string],
      dir,
      RUN_TIMEOUT_MS,
    );
  const problems: string[] = [];
  for (const registry of [false, true]) {
    const [plain, ...others] = await Promise.all(BUILDS.map((b) => run(b, registry)));
    const shown = (r: ProcResult): string => `exit ${r.code}\n${r.stdout}${r.stderr.replaceAll(dir, "<dir>")}`;
    const base = shown(plain as ProcResult);
    // Every program of the grammar runs to its end: a plain run that fails (a syntax error the
    // grammar made) would fail the same way with the plugin and check nothing.
    if ((plain as ProcResult).code !== 0)
      problems.push(`the plain run failed, ${registry ? "with" : "without"} a registry:\n${base}`);
    others.forEach((r, k) => {
      const text = shown(r);
      if (text !== base) {
        problems.push(
          `${BUILDS[k + 1]}, ${registry ? "with" : "without"} a registry:\n--- plain\n${base}\n--- plugin\n${text}`,
        );
      }
    });
  }
  rmSync(dir, { recursive: true, force: true });
  return problems;
}

describe("transformer differential corpus: generated programs (fast-check)", function () {
  this.timeout(0);

  before(() => {
    tmp = mkdtempSync(join(tmpdir(), "await-tree-generated-"));
    symlinkSync(join(ROOT, "node_modules"), join(tmp, "node_modules"), "dir");
    writeFileSync(join(tmp, "preload.cjs"), 'require("@await-tree/runtime").initGlobalRegistry();\n');
  });

  after(() => {
    if (tmp !== "") rmSync(tmp, { recursive: true, force: true });
  });

  it("the grammar's programs run to their end and print their observations", async () => {
    const [sample] = fc.sample(asyncProgram, { seed: SEED, numRuns: 1 });
    const dir = join(tmp, "sample");
    mkdirSync(dir);
    const file = join(dir, "plain.js");
    writeFileSync(file, compile(sample as string, "plain"));
    const r = await runNode([file], dir, RUN_TIMEOUT_MS);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.include("@");
  });

  it(`${RUNS} generated programs behave the same with and without the plugin (seed ${SEED})`, async () => {
    let failed = false;
    let shrinkSteps = 0;
    const result = await fc.check(
      fc.asyncProperty(asyncProgram, async (source) => {
        // Past the budget every candidate "passes" without running, which ends the shrinking.
        if (failed && ++shrinkSteps > SHRINK_BUDGET) return;
        const problems = await differences(source);
        if (problems.length > 0) {
          failed = true;
          throw new Error(problems.join("\n"));
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: false },
    );
    if (result.failed) {
      const message = [
        `generated program differs (seed ${result.seed}, path ${result.counterexamplePath}, after ${result.numShrinks} shrinks)`,
        "--- smallest program found",
        String(result.counterexample?.[0]),
        "--- differences",
        result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance),
      ].join("\n");
      expect.fail(message);
    }
  });
});
