// Every route, the same tree: the scenario programs (test/transformer/fixtures/scenarios) bundled
// into one file by each bundler with the await-tree plugin, in both decorator modes, print the
// trees of the tspc build. One build process per bundler (both modes), one run per bundle.
import { expect } from "chai";
import { explain, limited, type Run } from "../transformer/helpers.js";
import { checkScenarios, SCENARIO_PLUGIN, SCENARIOS } from "../transformer/scenario-support.js";
import { BUNDLERS, type Bundler } from "./build-scenarios.js";
import { buildAll, DECORATOR_CONFIGS, runBundle, scenarioProject } from "./support.js";

interface Outcome {
  build: Run;
  warnings: string[][] | undefined;
  runs: Map<string, Run>;
}

describe("bundlers: scenarios bundled into one file print the trees of the tspc build", function () {
  this.timeout(600_000);
  const outcomes = new Map<Bundler, Outcome>();

  before(async () => {
    await limited(
      2,
      BUNDLERS.map((bundler) => async () => {
        const dirs = DECORATOR_CONFIGS.map((c) => scenarioProject(`bundle-${bundler}-${c.id}`, c));
        const jobs = dirs.map((dir) => ({ dir, entry: "src/_bundle.ts", outDir: `dist-${bundler}` }));
        const { run: build, warnings } = await buildAll(bundler, SCENARIO_PLUGIN, jobs);
        const runs = new Map<string, Run>();
        if (build.code === 0) {
          for (const [i, c] of DECORATOR_CONFIGS.entries()) {
            runs.set(c.id, await runBundle(dirs[i] as string, `dist-${bundler}`));
          }
        }
        outcomes.set(bundler, { build, warnings, runs });
      }),
    );
  });

  for (const bundler of BUNDLERS) {
    for (const c of DECORATOR_CONFIGS) {
      it(`${bundler}, ${c.id}`, () => {
        const o = outcomes.get(bundler) as Outcome;
        expect(o.build.code, `${bundler} build: ${explain(o.build)}`).to.equal(0);
        const i = DECORATOR_CONFIGS.indexOf(c);
        // The plugin transforms every scenario file without a finding.
        const mine = (o.warnings?.[i] ?? []).filter((w) => w.includes("@await-tree") && !w.includes("PLUGIN_TIMINGS"));
        expect(mine, `${bundler} warnings`).to.deep.equal([]);
        const r = o.runs.get(c.id) as Run;
        checkScenarios(r, SCENARIOS, `${bundler} ${c.id}`);
      });
    }
  }
});
