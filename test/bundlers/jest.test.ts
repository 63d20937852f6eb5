// jest with the transform entry `@await-tree/transformer/jest`: alone (both decorator modes) and
// chained with babel-jest, the scenario programs print the trees of the tspc build. One jest run
// with one project each.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { explain, node, type Run, repoRoot, scratchDir } from "../transformer/helpers.js";
import { checkScenarios, SCENARIO_PLUGIN, SCENARIOS } from "../transformer/scenario-support.js";
import { linkPackages } from "./support/links.js";
import { scenarioSuite } from "./support/scenario-suite.js";
import { DECORATOR_CONFIGS, scenarioProject } from "./support.js";

const JEST = join(repoRoot, "node_modules", "jest", "bin", "jest.js");

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
      writeFileSync(join(dir, "src", "scenarios.test.ts"), scenarioSuite(join(dir, "out.txt"), "jest global"));
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
    linkPackages(root, ["babel-jest", "@await-tree/transformer", "@await-tree/runtime"]);
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
