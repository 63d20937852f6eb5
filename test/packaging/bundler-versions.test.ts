// The transformer installs beside older bundlers, and its plugin works with the ones it claims.
//
// Its bundler peers were `vite >=6`, `rollup >=4`, `esbuild >=0.25`, ...: npm refuses (ERESOLVE)
// an optional peer that is installed at a version outside its range, so a project on Vite 5 (and
// its esbuild 0.21) or Rollup 3 could not install the transformer at all, not even for the Node
// hooks or the jest entry. The peers are now `*` (as unplugin's), and the plugin itself refuses the
// versions known not to work, naming them (packages/transformer/src/unplugin/host-versions.ts).
//
// One project, installed from the packed tarballs with plain `npm install` (no
// --legacy-peer-deps): Vite 5 with vitest 3, Rollup 3, esbuild 0.21 at the top, Rollup 2 and
// webpack 5.74 and, for the refusals, Rollup 2.77 and webpack 5.73 under other names. Each bundler
// builds the scenario programs with the plugin (bench/lib/bundler-builds.mjs, as test/bundlers
// does) and the bundle prints the trees of the tspc build.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { scenarioSuite } from "../bundlers/support/scenario-suite.js";
import { DECORATOR_CONFIGS, runBundle, scenarioProject } from "../bundlers/support.js";
import { explain, node, type Run, repoRoot } from "../transformer/helpers.js";
import { checkScenarios, SCENARIO_PLUGIN, SCENARIOS } from "../transformer/scenario-support.js";
import { npmInstall, packed } from "./support.js";

/** What the project pins: each older bundler at the top, or under another name (`npm:` alias). */
const DEPENDENCIES = {
  vite: "5.4.21",
  vitest: "3.2.4",
  esbuild: "0.21.5",
  rollup: "3.30.0",
  "rollup-plugin-esbuild": "6.2.1",
  "rollup-2": "npm:rollup@2.80.0",
  "rollup-2-77": "npm:rollup@2.77.3",
  webpack: "5.74.0",
  "webpack-5-73": "npm:webpack@5.73.0",
  "ts-loader": "9.5.4",
  typescript: "5.9.3",
};

/** A build with one bundler: `module` is the package the bundler is loaded from (an alias for the older ones). */
interface Build {
  bundler: "vite" | "rollup" | "esbuild" | "webpack";
  module: string;
  /** The version the package.json pins, as the plugin's message names it. */
  version: string;
}

const WORKING: Build[] = [
  { bundler: "vite", module: "vite", version: "5.4.21" },
  { bundler: "rollup", module: "rollup", version: "3.30.0" },
  { bundler: "rollup", module: "rollup-2", version: "2.80.0" },
  { bundler: "esbuild", module: "esbuild", version: "0.21.5" },
  { bundler: "webpack", module: "webpack", version: "5.74.0" },
];

/**
 * Refused versions, each with the smallest build that reaches the plugin (the builds of
 * bench/lib/bundler-builds.mjs use options these versions do not have, webpack's `extensionAlias`).
 */
const REFUSED: Array<Build & { oldest: string; script: string }> = [
  {
    bundler: "rollup",
    module: "rollup-2-77",
    version: "2.77.3",
    oldest: "2.78.0",
    script: `const { rollup } = await import("rollup-2-77");
await rollup({ input: "src/_bundle.ts", plugins: [awaitTree()] });`,
  },
  {
    bundler: "webpack",
    module: "webpack-5-73",
    version: "5.73.0",
    oldest: "5.74.0",
    // webpack applies its plugins when the compiler is made: the plugin's factory runs there.
    script: `const { default: webpack } = await import("webpack-5-73");
webpack({ mode: "none", target: "node", entry: "./src/_bundle.ts", plugins: [awaitTree()] });`,
  },
];

/**
 * A copy of bench/lib/bundler-builds.mjs in the project, loading the bundler from `module`: the
 * same builds as test/bundlers, with the project's own bundlers and the installed plugin.
 */
function buildScript(dir: string, b: Build): string {
  const name = `build-${b.module}.mjs`;
  const builds = readFileSync(join(repoRoot, "bench", "lib", "bundler-builds.mjs"), "utf8");
  const imports = `import("${b.bundler}")`;
  expect(builds, "bundler-builds.mjs loads each bundler with import()").to.include(imports);
  writeFileSync(join(dir, `bundler-builds-${b.module}.mjs`), builds.split(imports).join(`import("${b.module}")`));
  writeFileSync(
    join(dir, name),
    [
      `import { buildWith } from "./bundler-builds-${b.module}.mjs";`,
      `const warnings = [];`,
      `const job = { dir: ${JSON.stringify(dir)}, entry: "src/_bundle.ts", outDir: ${JSON.stringify(`dist-${b.module}`)} };`,
      `await buildWith(${JSON.stringify(b.bundler)}, job, { plugin: ${JSON.stringify(SCENARIO_PLUGIN)}, warnings });`,
      `console.log(JSON.stringify(warnings));`,
      ``,
    ].join("\n"),
  );
  return name;
}

describe("packaging: the transformer installs beside older bundlers, and its plugin works with those it claims", function () {
  this.timeout(600_000);
  // Standard decorators: lowered by TypeScript into class static blocks, which webpack before 5.74 mishandled.
  const config = DECORATOR_CONFIGS.find((c) => c.id === "standard-decorators") as (typeof DECORATOR_CONFIGS)[number];
  let dir: string;
  let installError: unknown;

  before(() => {
    dir = scenarioProject("older-bundlers", config);
    // The scenario project links this repository's packages: here everything comes from npm and the tarballs.
    rmSync(join(dir, "node_modules"), { recursive: true, force: true });
    writeFileSync(
      join(dir, "package.json"),
      `${JSON.stringify({ name: "older-bundlers", private: true, type: "module", devDependencies: DEPENDENCIES }, null, 2)}\n`,
    );
    const tarballs = [packed().get("@await-tree/runtime"), packed().get("@await-tree/transformer")] as string[];
    try {
      npmInstall(dir, tarballs);
    } catch (e) {
      installError = e;
    }
  });

  it("installs with npm (no ERESOLVE) beside vite 5, esbuild 0.21 and rollup 3", () => {
    expect(installError, String(installError)).to.equal(undefined);
  });

  for (const b of WORKING) {
    it(`${b.bundler} ${b.version}: the bundle prints the trees`, async function () {
      if (installError !== undefined) this.skip();
      const build = await node([buildScript(dir, b)], { cwd: dir, env: { AWAIT_TREE_CACHE: "0" } });
      expect(build.code, `${b.bundler} ${b.version} build: ${explain(build)}`).to.equal(0);
      const warnings = JSON.parse(build.stdout.trim().split("\n").pop() as string) as string[];
      expect(
        warnings.filter((w) => w.includes("@await-tree")),
        "the plugin's warnings",
      ).to.deep.equal([]);
      checkScenarios(await runBundle(dir, `dist-${b.module}`), SCENARIOS, `${b.bundler} ${b.version}`);
    });
  }

  it("vitest 3.2.4 on vite 5.4.21: a test file through the plugin prints the trees", async function () {
    if (installError !== undefined) this.skip();
    const out = join(dir, "vitest-out.txt");
    writeFileSync(join(dir, "src", "scenarios.test.ts"), scenarioSuite(out, "vitest import"));
    writeFileSync(
      join(dir, "vitest.config.mjs"),
      [
        `import awaitTree from "@await-tree/transformer/vite";`,
        `export default { plugins: [awaitTree(${JSON.stringify(SCENARIO_PLUGIN)})], test: { include: ["src/scenarios.test.ts"] } };`,
        ``,
      ].join("\n"),
    );
    const r: Run = await node([join(dir, "node_modules", "vitest", "vitest.mjs"), "run"], {
      cwd: dir,
      env: { CI: "1", AWAIT_TREE_CACHE: "0" },
    });
    expect(r.code, explain(r)).to.equal(0);
    checkScenarios({ code: 0, stdout: readFileSync(out, "utf8"), stderr: "" }, SCENARIOS, "vitest 3 on vite 5");
  });

  for (const b of REFUSED) {
    it(`${b.bundler} ${b.version}: the build stops with a message naming it and what is supported`, async function () {
      if (installError !== undefined) this.skip();
      const script = `refused-${b.module}.mjs`;
      writeFileSync(
        join(dir, script),
        `const { default: awaitTree } = await import("@await-tree/transformer/${b.bundler}");\n${b.script}\n`,
      );
      const build = await node([script], { cwd: dir, env: { AWAIT_TREE_CACHE: "0" } });
      expect(build.code, explain(build)).to.not.equal(0);
      expect(build.stderr).to.include(
        `@await-tree/transformer: ${b.bundler} ${b.version} is not supported by the bundler plugin`,
      );
      expect(build.stderr).to.include(`it needs ${b.bundler} ${b.oldest} or later`);
    });
  }
});
