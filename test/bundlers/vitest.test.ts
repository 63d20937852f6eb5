// Vite's transform pipeline as vitest runs it: the scenario programs imported by a vitest test,
// with the plugin in the vitest config, print the trees of the tspc build. One vitest run with
// one project per decorator mode (each with its own tsconfig.json).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { explain, mask, node, type Run, repoRoot, scratchDir } from "../transformer/helpers.js";
import { checkScenarios, SCENARIO_PLUGIN, SCENARIOS } from "../transformer/scenario-support.js";
import { linkPackages } from "./support/links.js";
import { scenarioSuite } from "./support/scenario-suite.js";
import { DECORATOR_CONFIGS, scenarioProject } from "./support.js";

const VITEST = join(repoRoot, "node_modules", "vitest", "vitest.mjs");

/** The acceptance case: a test that hangs in a traced method; a trivial `afterEach` prints the registry. */
const HANGING_TEST = `import { writeFileSync } from "node:fs";
import { initGlobalRegistry, register, Registry, traced } from "@await-tree/runtime";
import { afterEach, test } from "vitest";

initGlobalRegistry();

class Users {
  @traced
  async load(id: number) {
    await this.fetchRow(id);
  }

  @traced("fetch row \${id}")
  async fetchRow(id: number) {
    await new Promise<void>(() => {});
  }
}

afterEach(() => {
  writeFileSync(process.env.HANG_OUT as string, Registry.current().toString({ locations: true }));
});

test.fails("hangs in a traced method", async () => {
  await register("hung test", "hung test").run(() => new Users().load(7));
}, 300);
`;

describe("bundlers: vitest (Vite's transform pipeline) prints the trees of the tspc build", function () {
  this.timeout(600_000);
  let run: Run;
  const root = join(scratchDir(), "vitest-scenarios");

  before(async () => {
    const projects: string[] = [];
    for (const c of DECORATOR_CONFIGS) {
      const dir = scenarioProject(join("vitest-scenarios", c.id), c);
      writeFileSync(join(dir, "src", "scenarios.test.ts"), scenarioSuite(join(dir, "out.txt"), "vitest import"));
      writeFileSync(join(dir, "src", "hang.test.ts"), HANGING_TEST);
      projects.push(c.id);
    }
    // vitest, vite and the plugin resolve from the root, where the config is.
    linkPackages(root, ["vitest", "vite", "@await-tree/transformer", "@await-tree/runtime"]);
    writeFileSync(join(root, "package.json"), '{ "private": true, "type": "module" }\n');
    writeFileSync(
      join(root, "vitest.config.mjs"),
      [
        `import awaitTree from "@await-tree/transformer/vite";`,
        `export default {`,
        `  test: {`,
        `    projects: ${JSON.stringify(projects)}.map((name) => ({`,
        `      plugins: [awaitTree(${JSON.stringify(SCENARIO_PLUGIN)})],`,
        // The packages are links into this repository: kept as node_modules paths, as installed
        // packages are, so that vitest loads the runtime with Node (externalised).
        `      resolve: { preserveSymlinks: true },`,
        `      test: { name, root: name, include: ["src/scenarios.test.ts", "src/hang.test.ts"] },`,
        `    })),`,
        `  },`,
        `};`,
        ``,
      ].join("\n"),
    );
    run = await node([VITEST, "run", "--config", "vitest.config.mjs"], {
      cwd: root,
      env: { CI: "1", AWAIT_TREE_CACHE: "0", HANG_OUT: join(root, "hang.txt") },
    });
  });

  it("a test that hangs shows every await of the traced methods with file.ts:line:col", () => {
    expect(run.code, explain(run)).to.equal(0);
    const tree = mask(readFileSync(join(root, "hang.txt"), "utf8")).trimEnd();
    // Both projects write it; either is the same tree (the same source, the same locations).
    expect(tree).to.equal(
      [
        "[hung test]",
        "hung test [T]",
        "  Users.load(7) [T] at src/hang.test.ts:9:9",
        // The wait on a traced call, then the callee's frame under the name its decorator gave it
        // (a derived name would fold into the wait's line).
        "    this.fetchRow(7) [T] at src/hang.test.ts:10:5",
        "      fetch row 7 [T] at src/hang.test.ts:14:9",
        "        new Promise(() => {}) [T] at src/hang.test.ts:15:5",
      ].join("\n"),
    );
  });

  for (const c of DECORATOR_CONFIGS) {
    it(`${c.id}`, () => {
      expect(run.code, explain(run)).to.equal(0);
      const out = readFileSync(join(root, c.id, "out.txt"), "utf8");
      checkScenarios({ code: 0, stdout: out, stderr: "" }, SCENARIOS, `vitest ${c.id}`);
    });
  }
});
