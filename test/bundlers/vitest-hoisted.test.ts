// vitest moves `vi.hoisted(...)` and `vi.mock(...)` above the file's imports (its own transform,
// after the plugin's): the callback of `vi.hoisted` runs before any import is initialised, and a
// mock factory runs as soon as its module is first imported, which hoisted code may do. An async
// callback rewritten by the plugin (`traceAll`) read the runtime's import there:
// `ReferenceError: Cannot access '__vi_import_0__' before initialization`. The same suite must
// pass with and without the plugin.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { explain, repoRoot } from "../transformer/helpers.js";
import { type BothWays, runBothWays } from "./support/both-ways.js";
import { linkPackages } from "./support/links.js";

const VITEST = join(repoRoot, "node_modules", "vitest", "vitest.mjs");

const DEP = `export async function load(id: number) {
  await null;
  return \`real \${id}\`;
}
export const other = 1;
`;

const HOISTED_TEST = `import { initGlobalRegistry, Registry, register } from "@await-tree/runtime";
import { expect, it, vi } from "vitest";
import { other } from "./dep.ts";

initGlobalRegistry();

// An async callback: vitest runs it before the imports of this file.
const value = vi.hoisted(async () => {
  await null;
  return 5;
});

// An async factory, and one bound to a name (declarations are hoisted: it exists when called).
vi.mock("./dep.ts", async (importOriginal) => {
  const mod = await importOriginal<typeof import("./dep.ts")>();
  return { ...mod, load: async (id: number) => { await null; return \`mocked \${id}\`; } };
});
vi.mock("./other.ts", factory);

// A sync callback whose import runs the mock factory above before this file's imports.
const early = vi.hoisted(() => import("./dep.ts"));
async function factory() {
  await null;
  return { n: 2 };
}

it("hoisted code and mock factories run as without the plugin", async () => {
  expect(await value).toBe(5);
  expect(await (await early).load(1)).toBe("mocked 1");
  expect(other).toBe(1);
  expect((await import("./other.ts")).n).toBe(2);
});

it("the rest of the file is traced", async () => {
  let tree = "";
  await register("t", "t").run(async () => {
    const p = step();
    await null;
    tree = Registry.current().toString();
    await p;
  });
  if (process.env.EXPECT_TRACED === "1") expect(tree).toContain("step()");
  else expect(tree).not.toContain("step()");
});

async function step() {
  await new Promise((r) => setTimeout(r, 5));
}
`;

function project(root: string, withPlugin: boolean): void {
  linkPackages(root, ["vitest", "vite", "@await-tree/transformer", "@await-tree/runtime"]);
  writeFileSync(join(root, "package.json"), '{ "private": true, "type": "module" }\n');
  writeFileSync(
    join(root, "tsconfig.json"),
    '{ "compilerOptions": { "target": "ES2022", "module": "preserve", "strict": true } }\n',
  );
  writeFileSync(join(root, "dep.ts"), DEP);
  writeFileSync(join(root, "other.ts"), "export const n = 1;\n");
  writeFileSync(join(root, "hoisted.test.ts"), HOISTED_TEST);
  writeFileSync(
    join(root, "vitest.config.mjs"),
    [
      withPlugin ? `import awaitTree from "@await-tree/transformer/vite";` : "",
      `export default {`,
      withPlugin ? `  plugins: [awaitTree({ traceAll: true })],` : "",
      `  resolve: { preserveSymlinks: true },`,
      `  test: { include: ["hoisted.test.ts"] },`,
      `};`,
      ``,
    ].join("\n"),
  );
}

describe("bundlers: vitest hoists vi.hoisted and vi.mock above the imports", function () {
  this.timeout(600_000);
  let runs: BothWays;

  before(async () => {
    runs = await runBothWays(
      "vitest-hoisted",
      project,
      [VITEST, "run", "--config", "vitest.config.mjs"],
      (withPlugin) => ({
        CI: "1",
        AWAIT_TREE_CACHE: "0",
        EXPECT_TRACED: withPlugin ? "1" : "0",
      }),
    );
  });

  it("passes without the plugin", () => {
    const run = runs.plain;
    expect(run.code, explain(run)).to.equal(0);
  });

  it("passes with the plugin (traceAll): hoisted callbacks and mock factories are left as written", () => {
    const run = runs.plugin;
    expect(run.code, explain(run)).to.equal(0);
    expect(run.stdout + run.stderr).to.not.include("before initialization");
  });
});
