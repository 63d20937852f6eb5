// babel-jest (babel-preset-jest) moves `jest.mock(...)` above the file's requires and refuses, when
// it compiles the file, a factory that names a variable of the file's scope: the transform entry
// chained with babel-jest rewrote an async factory (`traceAll`) into code that names the runtime's
// `$at_1`, and the test file failed to compile with `The module factory of \`jest.mock()\` is not
// allowed to reference any out-of-scope variables. Invalid variable access: $at_1`. Factories are
// left as written (as vitest's `vi.mock`, test/bundlers/vitest-hoisted.test.ts).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { explain, repoRoot } from "../transformer/helpers.js";
import { type BothWays, runBothWays } from "./support/both-ways.js";
import { linkPackages } from "./support/links.js";

const JEST = join(repoRoot, "node_modules", "jest", "bin", "jest.js");

const DEP = `export async function load(id: number) {
  await null;
  return \`real \${id}\`;
}
`;

const MOCK_TEST = `import { load } from "./dep";

jest.mock("./dep", () => ({
  load: async (id: number) => {
    await null;
    return \`mocked \${id}\`;
  },
}));

test("an async function in a jest.mock factory", async () => {
  expect(await load(1)).toBe("mocked 1");
});
`;

function project(root: string, withPlugin: boolean): void {
  linkPackages(root, ["babel-jest", "@await-tree/transformer", "@await-tree/runtime"]);
  writeFileSync(join(root, "package.json"), '{ "private": true }\n');
  writeFileSync(join(root, "tsconfig.json"), '{ "compilerOptions": { "target": "ES2022", "module": "commonjs" } }\n');
  writeFileSync(join(root, "dep.ts"), DEP);
  writeFileSync(join(root, "mock.test.ts"), MOCK_TEST);
  const babel = [
    "babel-jest",
    {
      presets: [join(repoRoot, "node_modules", "@babel", "preset-typescript")],
      plugins: [join(repoRoot, "node_modules", "@babel", "plugin-transform-modules-commonjs")],
    },
  ];
  const transform = withPlugin ? ["@await-tree/transformer/jest", { traceAll: true, chain: babel }] : babel;
  const config = {
    rootDir: root,
    testEnvironment: "node",
    testMatch: ["<rootDir>/mock.test.ts"],
    moduleFileExtensions: ["ts", "js", "json"],
    transform: { "\\.[cm]?[jt]s$": transform },
  };
  writeFileSync(join(root, "jest.config.json"), `${JSON.stringify(config, null, 2)}\n`);
}

describe("bundlers: jest.mock factories chained with babel-jest", function () {
  this.timeout(600_000);
  let runs: BothWays;

  before(async () => {
    runs = await runBothWays(
      "jest-mock",
      project,
      [JEST, "--ci", "--no-cache", "--config", "jest.config.json"],
      () => ({
        AWAIT_TREE_CACHE: "0",
      }),
    );
  });

  it("passes without the transform entry", () => {
    const run = runs.plain;
    expect(run.code, explain(run)).to.equal(0);
  });

  it("passes with it (traceAll): the factory is left as written", () => {
    const run = runs.plugin;
    expect(run.code, explain(run)).to.equal(0);
  });
});
