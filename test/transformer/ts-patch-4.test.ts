// ts-patch 4 (TypeScript 6, Node 22.15+): the scenario programs compiled by its `tspc` on an
// official Node 24 build must print the same trees as with ts-patch 3. ts-patch 4 and the Node
// build come from the npm registry on first use (scripts/cached-package.mjs), outside
// node_modules: the project's own `tspc` stays ts-patch 3, which supports Node 20.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { explain, makeProject, repoRoot, run } from "./helpers.js";
import { checkScenarios, SCENARIO_PLUGIN, SCENARIOS, scenarioFiles } from "./scenario-support.js";

type CachedPackage = (name: string, version: string) => { dir?: string; skip?: string };
type OfficialNode = (major: string) => { bin?: string; skip?: string };

describe("transformer: ts-patch 4 with TypeScript 6 (Node 24)", function () {
  this.timeout(600_000);

  it("prints the scenario trees of ts-patch 3", async function () {
    const scripts = join(repoRoot, "scripts");
    const { cachedPackage } = (await import(pathToFileURL(join(scripts, "cached-package.mjs")).href)) as {
      cachedPackage: CachedPackage;
    };
    const { officialNode } = (await import(pathToFileURL(join(scripts, "official-node.mjs")).href)) as {
      officialNode: OfficialNode;
    };
    const tsp = cachedPackage("ts-patch", "4.0.1");
    const node = officialNode("24");
    for (const why of [tsp.skip, node.skip]) {
      if (why !== undefined) {
        console.log(`    not run: ${why}`);
        this.skip();
      }
    }
    const dir = makeProject("ts-patch-4", {
      from: "scenarios",
      ts: "6.0",
      type: "module",
      compilerOptions: {
        strict: true,
        sourceMap: true,
        outDir: "out",
        rootDir: "src",
        types: ["node"],
        skipLibCheck: true,
        lib: ["ES2022", "ESNext.Disposable"],
        module: "nodenext",
        target: "ES2022",
      },
      plugin: SCENARIO_PLUGIN,
      files: scenarioFiles(SCENARIOS),
    });
    const tspc = join(tsp.dir as string, "bin", "tspc.js");
    const compile = await run(node.bin as string, [tspc, "-p", dir], {
      cwd: dir,
      env: { TSP_COMPILER_TS_PATH: join(dir, "node_modules", "typescript") },
    });
    if (compile.code !== 0) throw new Error(`ts-patch 4 tspc failed: ${explain(compile)}`);
    const r = await run(node.bin as string, ["--enable-source-maps", join(dir, "out", "_run.js"), ...SCENARIOS], {
      cwd: dir,
    });
    checkScenarios(r, SCENARIOS, "ts-patch 4, TypeScript 6, Node 24");
  });
});
