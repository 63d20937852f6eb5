// The scenario programs (fixtures/scenarios) compiled with tspc in every module format, target,
// decorator mode and TypeScript version the plugin claims, then run with node: every
// configuration must print exactly the expected trees.
import { join } from "node:path";
import { expect } from "chai";
import { explain, limited, makeProject, node, type Run, tspc } from "./helpers.js";
import { CONFIGS, checkScenarios, SCENARIO_PLUGIN, SCENARIOS, scenarioFiles } from "./scenario-support.js";

describe("transformer: scenarios in every configuration (tspc + node)", function () {
  this.timeout(600_000);
  const results = new Map<string, { compile: Run; run: Run | undefined; names: string[] }>();

  before(async () => {
    await limited(
      2,
      CONFIGS.map((c) => async () => {
        const names = SCENARIOS.filter((s) => !c.skip?.includes(s));
        const dir = makeProject(`scenarios-${c.id}`, {
          from: "scenarios",
          ts: c.ts,
          type: c.type,
          compilerOptions: c.compilerOptions,
          plugin: SCENARIO_PLUGIN,
          files: scenarioFiles(names),
        });
        const compile = await tspc(dir);
        const out =
          compile.code === 0 ? await node(["--enable-source-maps", join(dir, "out", "_run.js"), ...names]) : undefined;
        results.set(c.id, { compile, run: out, names });
      }),
    );
  });

  for (const c of CONFIGS) {
    it(`${c.id} (TypeScript ${c.ts})`, () => {
      const r = results.get(c.id);
      expect(r, "not compiled").to.not.equal(undefined);
      if (r === undefined) return;
      expect(r.compile.code, explain(r.compile)).to.equal(0);
      expect(r.compile.stdout + r.compile.stderr).to.equal("");
      checkScenarios(r.run as Run, r.names, c.id);
    });
  }
});
