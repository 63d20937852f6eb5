// The scenario programs (test/transformer/fixtures/scenarios) run from their TypeScript sources
// through Node's module hooks (`node --import @await-tree/transformer/register src/_run.ts`), with
// no compile step: every configuration must print the same trees as the tspc build.
import { join } from "node:path";
import { explain, limited, makeProject, node, type Run } from "../transformer/helpers.js";
import { checkScenarios, SCENARIO_PLUGIN, SCENARIOS, scenarioFiles } from "../transformer/scenario-support.js";

interface HookConfig {
  id: string;
  type: "module" | "commonjs";
  compilerOptions: Record<string, unknown>;
}

const common = { strict: true, types: ["node"], lib: ["ES2022", "ESNext.Disposable"] };

const CONFIGS: HookConfig[] = [
  {
    id: "esm-standard-decorators",
    type: "module",
    compilerOptions: { ...common, module: "nodenext", target: "ES2022" },
  },
  {
    id: "cjs-experimental-decorators",
    type: "commonjs",
    compilerOptions: { ...common, module: "commonjs", target: "ES2022", experimentalDecorators: true },
  },
];

describe("register: scenarios from TypeScript sources through Node's module hooks", function () {
  this.timeout(600_000);
  const results = new Map<string, Run>();

  before(async () => {
    await limited(
      2,
      CONFIGS.map((c) => async () => {
        const dir = makeProject(`register-scenarios-${c.id}`, {
          from: "scenarios",
          type: c.type,
          compilerOptions: c.compilerOptions,
          plugin: SCENARIO_PLUGIN,
          files: scenarioFiles(SCENARIOS),
        });
        const run = await node(["--import", "@await-tree/transformer/register", join("src", "_run.ts"), ...SCENARIOS], {
          cwd: dir,
        });
        results.set(c.id, run);
      }),
    );
  });

  for (const c of CONFIGS) {
    it(`${c.id} prints the trees of the tspc build`, () => {
      const r = results.get(c.id) as Run;
      checkScenarios(r, SCENARIOS, `register ${c.id}: ${r.code !== 0 ? explain(r) : ""}`);
    });
  }
});
