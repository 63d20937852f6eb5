// vitest keeps transformed modules on disk between runs (`fsModuleCache`: on by default in vitest
// 5, `experimental.fsModuleCache` in 4.1). Its key holds the file's text, the config file's text
// and the plugins' names, not their options nor what they read beside the file: a run with other
// plugin options (`traceAll` from an environment variable) or another tsconfig.json
// (`emitDecoratorMetadata` turned on) reused the modules the previous run had transformed, traced or
// not, with or without `design:*` metadata (found 2026-12-05 auditing MikroORM under vitest 5,
// whose `ReflectMetadataProvider` reads that metadata). The plugin now adds its options, its
// version and each file's compiler options to the key (`configureVitest`).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { tempFolder } from "../support/scratch.js";
import { explain, node, type Run, repoRoot, scratchDir } from "../transformer/helpers.js";
import { linkPackages } from "./support/links.js";

const VITEST = join(repoRoot, "node_modules", "vitest", "vitest.mjs");

const DEP = `import { traced } from "@await-tree/runtime";
export async function step() {
  await new Promise((r) => setTimeout(r, 5));
}
function field(): PropertyDecorator {
  return () => {};
}
export class Entity {
  @field()
  name!: string;

  @traced
  async load() {
    await null;
  }
}
`;

const TEST = `import { Registry, register } from "@await-tree/runtime";
import { expect, it } from "vitest";

const seen: string[] = [];
(Reflect as any).metadata = (k: string, v: any) => () => { seen.push(k + "=" + (v?.name ?? v)); };

it("follows the plugin's options and the tsconfig of this run", async () => {
  const dep = await import("./dep.ts");
  let tree = "";
  await register("t", "t").run(async () => {
    const p = dep.step();
    await null;
    tree = Registry.current().toString();
    await p;
  });
  expect(tree.includes("step()"), tree).toBe(process.env.TRACE_ALL === "1");
  expect(seen.includes("design:type=String"), seen.join()).toBe(process.env.METADATA === "1");
});
`;

function tsconfig(root: string, metadata: boolean): void {
  writeFileSync(
    join(root, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "preserve",
        strict: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: metadata,
      },
    }),
  );
}

describe("bundlers: vitest's module cache follows the plugin's options and tsconfig", function () {
  this.timeout(600_000);
  const runs: Array<{ traceAll: boolean; metadata: boolean; run: Run }> = [];

  before(async () => {
    const root = tempFolder(scratchDir(), "vitest-module-cache-");
    linkPackages(root, ["vitest", "vite", "@await-tree/transformer", "@await-tree/runtime"]);
    writeFileSync(join(root, "package.json"), '{ "private": true, "type": "module" }\n');
    writeFileSync(join(root, "dep.ts"), DEP);
    writeFileSync(join(root, "cache.test.ts"), TEST);
    writeFileSync(
      join(root, "vitest.config.mjs"),
      [
        `import awaitTree from "@await-tree/transformer/vite";`,
        `export default {`,
        `  plugins: [awaitTree({ traceAll: process.env.TRACE_ALL === "1" })],`,
        `  resolve: { preserveSymlinks: true },`,
        `  test: { include: ["cache.test.ts"], experimental: { fsModuleCache: true }, fsModuleCache: true },`,
        `};`,
        ``,
      ].join("\n"),
    );
    // One cache for all runs (in the project's node_modules); each run changes one input.
    for (const [traceAll, metadata] of [
      [false, false],
      [true, false],
      [true, true],
      [false, true],
    ] as const) {
      tsconfig(root, metadata);
      const run = await node([VITEST, "run", "--config", "vitest.config.mjs"], {
        cwd: root,
        env: { CI: "1", AWAIT_TREE_CACHE: "0", TRACE_ALL: traceAll ? "1" : "0", METADATA: metadata ? "1" : "0" },
      });
      runs.push({ traceAll, metadata, run });
    }
  });

  for (const [i, what] of [
    "first run: default options, no metadata",
    "traceAll turned on by the environment",
    "emitDecoratorMetadata turned on in tsconfig.json",
    "traceAll turned off again",
  ].entries()) {
    it(`${what}: the run sees its own transform`, () => {
      const { run } = runs[i] as { run: Run };
      expect(run.code, explain(run)).to.equal(0);
    });
  }
});
