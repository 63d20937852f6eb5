// jest with the transform entry `@await-tree/transformer/jest`: alone (both decorator modes) and
// chained with babel-jest, the scenario programs print the trees of the tspc build. One jest run
// with one project each.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { explain, node, type Run, repoRoot, scratchDir } from "../transformer/helpers.js";
import { checkScenarios, SCENARIO_PLUGIN, SCENARIOS } from "../transformer/scenario-support.js";
import { DECORATOR_CONFIGS, scenarioProject } from "./support.js";

const JEST = join(repoRoot, "node_modules", "jest", "bin", "jest.js");

/** A jest test that runs every scenario in order and writes what they print to `out`. */
function scenarioTest(out: string): string {
  const id = (n: string) => `s_${n.replace(/\W/g, "_")}`;
  return [
    `import { writeFileSync } from "node:fs";`,
    `import { initGlobalRegistry } from "@await-tree/runtime";`,
    ...SCENARIOS.map((n) => `import * as ${id(n)} from "./${n}.js";`),
    `declare const test: (name: string, fn: () => Promise<void>, timeout?: number) => void;`,
    `test("scenarios", async () => {`,
    `  initGlobalRegistry();`,
    `  let out = "";`,
    ...SCENARIOS.map((n) => `  out += \`=== ${n}\\n\${await ${id(n)}.run()}\`;`),
    `  writeFileSync(${JSON.stringify(out)}, out);`,
    `}, 60_000);`,
    ``,
  ].join("\n");
}

interface JestProject {
  id: string;
  config: (typeof DECORATOR_CONFIGS)[number];
  /** Options of the transform entry. */
  options: Record<string, unknown>;
}

const PROJECTS: JestProject[] = [
  ...DECORATOR_CONFIGS.map((config) => ({ id: config.id, config, options: SCENARIO_PLUGIN })),
  {
    id: "babel-jest-chain",
    config: DECORATOR_CONFIGS[0] as (typeof DECORATOR_CONFIGS)[number],
    options: {
      ...SCENARIO_PLUGIN,
      chain: ["babel-jest", { presets: [join(repoRoot, "node_modules", "@babel", "preset-typescript")] }],
    },
  },
];

describe("bundlers: jest's transform entry prints the trees of the tspc build", function () {
  this.timeout(600_000);
  let run: Run;
  const root = join(scratchDir(), "jest-scenarios");

  before(async () => {
    for (const p of PROJECTS) {
      const dir = scenarioProject(join("jest-scenarios", p.id), p.config, "commonjs");
      writeFileSync(join(dir, "src", "scenarios.test.ts"), scenarioTest(join(dir, "out.txt")));
      const jestConfig = {
        displayName: p.id,
        rootDir: dir,
        testEnvironment: "node",
        testMatch: ["<rootDir>/src/scenarios.test.ts"],
        moduleFileExtensions: ["ts", "js", "json"],
        // TypeScript's `./x.js` names `./x.ts`.
        moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
        transform: { "\\.[cm]?[jt]s$": ["@await-tree/transformer/jest", p.options] },
      };
      writeFileSync(join(dir, "jest.config.json"), `${JSON.stringify(jestConfig, null, 2)}\n`);
    }
    for (const pkg of ["babel-jest", "@await-tree/transformer", "@await-tree/runtime"]) {
      mkdirSync(join(root, "node_modules", pkg, ".."), { recursive: true });
      const target = pkg.startsWith("@await-tree/")
        ? join(repoRoot, "packages", pkg.slice("@await-tree/".length))
        : join(repoRoot, "node_modules", pkg);
      symlinkSync(target, join(root, "node_modules", pkg), "junction");
    }
    writeFileSync(join(root, "package.json"), '{ "private": true }\n');
    run = await node(
      [JEST, "--ci", "--no-cache", "--runInBand", "--projects", ...PROJECTS.map((p) => join(p.id, "jest.config.json"))],
      { cwd: root },
    );
  });

  for (const p of PROJECTS) {
    it(p.id, () => {
      expect(run.code, explain(run)).to.equal(0);
      const out = readFileSync(join(root, p.id, "out.txt"), "utf8");
      checkScenarios({ code: 0, stdout: out, stderr: "" }, SCENARIOS, `jest ${p.id}`);
    });
  }
});
