// What the scenario tests share: the scenario list, the configurations, and the comparison with
// the expected trees (fixtures/scenarios/expected/*.txt; UPDATE_GOLDEN=1 rewrites them).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { explain, fixtures, mask, type Run, readText, sections, type TsVersion } from "./helpers.js";

export const SCENARIOS = [
  "seed",
  "labels",
  "imports",
  "traced-fn",
  "nested",
  "generators",
  "errors",
  "joins",
  "manual",
  "semantics",
  "using",
];

export interface Config {
  id: string;
  ts: TsVersion;
  type: "module" | "commonjs";
  compilerOptions: Record<string, unknown>;
  /** Scenarios this configuration cannot compile or run (`await using` needs TS >= 5.2 and a lowering target). */
  skip?: string[];
}

const common = {
  strict: true,
  sourceMap: true,
  outDir: "out",
  rootDir: "src",
  types: ["node"],
  skipLibCheck: true,
};
const lib = ["ES2022", "ESNext.Disposable"];

export const CONFIGS: Config[] = [
  {
    id: "cjs-es2022-standard-decorators",
    ts: "5.9",
    type: "commonjs",
    compilerOptions: { ...common, lib, module: "commonjs", target: "ES2022" },
  },
  {
    id: "esm-es2017-experimental-decorators",
    ts: "5.9",
    type: "module",
    compilerOptions: { ...common, lib, module: "nodenext", target: "ES2017", experimentalDecorators: true },
  },
  {
    id: "cjs-es2015-standard-decorators",
    ts: "5.9",
    type: "commonjs",
    compilerOptions: { ...common, lib, module: "commonjs", target: "ES2015" },
  },
  {
    id: "esm-esnext-experimental-decorators",
    ts: "5.9",
    type: "module",
    compilerOptions: {
      ...common,
      lib,
      module: "esnext",
      moduleResolution: "bundler",
      target: "ESNext",
      experimentalDecorators: true,
    },
    skip: ["using"],
  },
  {
    // ES2020: TypeScript 5.0 itself lowers `break` out of `for await` wrongly below ES2018 (the
    // iterator is not closed), with or without the plugin; later versions fixed it.
    id: "ts5.0-cjs-es2020-standard-decorators",
    ts: "5.0",
    type: "commonjs",
    compilerOptions: { ...common, lib: ["ES2022"], module: "commonjs", target: "ES2020" },
    skip: ["using"],
  },
  {
    id: "ts6.0-esm-es2022-standard-decorators",
    ts: "6.0",
    type: "module",
    compilerOptions: { ...common, lib, module: "nodenext", target: "ES2022" },
  },
  {
    id: "ts6.0-cjs-es2015-experimental-decorators",
    ts: "6.0",
    type: "commonjs",
    compilerOptions: { ...common, lib, module: "commonjs", target: "ES2015", experimentalDecorators: true },
  },
];

/** The plugin entry of the scenario project: `tracedModules` lets transpile-only builds see the re-export. */
export const SCENARIO_PLUGIN = { tracedModules: ["./_tracing.js"] };

const expectedDir = join(fixtures, "scenarios", "expected");

/** The tsconfig `files` of a scenario project running `names`. */
export function scenarioFiles(names: readonly string[]): string[] {
  return ["_harness", "_run", "_tracing", "_lookalike", ...names].map((n) => `src/${n}.ts`);
}

/** The lines of a scenario's output that are not tree lines: what the program itself computed. */
export function programLines(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => l !== "" && !l.includes("[T]") && !l.startsWith("[Detached") && l !== "<finished>");
}

export function expected(name: string): string {
  return readText(join(expectedDir, `${name}.txt`));
}

/** Compare a run's sections with the expected trees (or write them with UPDATE_GOLDEN=1). */
export function checkScenarios(r: Run, names: string[], where: string): void {
  expect(r.code, `${where}: ${explain(r)}`).to.equal(0);
  const got = sections(mask(r.stdout));
  for (const name of names) {
    const text = got.get(name);
    expect(text, `${where}: no output for ${name}\n${explain(r)}`).to.be.a("string");
    if (process.env.UPDATE_GOLDEN === "1") {
      mkdirSync(expectedDir, { recursive: true });
      writeFileSync(join(expectedDir, `${name}.txt`), text as string);
    }
    expect(text, `${where}: ${name}`).to.equal(expected(name));
  }
}
