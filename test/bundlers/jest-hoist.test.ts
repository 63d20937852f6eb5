// The jest entry used alone is the file's only transformer, so it must move `jest.mock(...)` above
// the file's imports as babel-jest, ts-jest and @swc/jest do. It did not: the `require` of the
// mocked module ran first and every automock or factory written below an import was ignored (an
// audit of a service tested with jest's automocks, 2026-12-05: 11 more failures than under ts-jest).
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect } from "chai";
import { explain, repoRoot, scratchDir } from "../transformer/helpers.js";
import { type BothWays, runBothWays } from "./support/both-ways.js";
import { linkPackages } from "./support/links.js";

const require = createRequire(import.meta.url);
const JEST = join(repoRoot, "node_modules", "jest", "bin", "jest.js");

interface Transformer {
  process(code: string, file: string, options: Record<string, unknown>): { code: string; map?: unknown };
}
const entry = require("@await-tree/transformer/jest") as { createTransformer(options?: unknown): Transformer };

const REPO = `import { traced } from "@await-tree/runtime";

export class Repo {
  async find(id: number): Promise<string> {
    await null;
    return \`real \${id}\`;
  }
}

export const load = traced(async function load(id: number): Promise<string> {
  await null;
  return \`real \${id}\`;
});
`;

const AUTOMOCK_TEST = `import { load, Repo } from "./repo";

jest.mock("./repo");

test("the automock of a module with traced functions is what the test imports", async () => {
  expect(jest.isMockFunction(load)).toBe(true);
  expect(jest.isMockFunction(Repo)).toBe(true);
  expect(new Repo().find(1)).toBeUndefined();
  (load as jest.Mock).mockResolvedValue("mocked");
  expect(await load(1)).toBe("mocked");
});
`;

const GLOBALS_TEST = `import { expect, jest, test } from "@jest/globals";
import { load } from "./repo";

jest.mock("./repo", () => ({ load: () => Promise.resolve("factory") }));

test("a factory with jest imported from @jest/globals", async () => {
  expect(await load(2)).toBe("factory");
});
`;

const CJS_TEST = `const { load } = require("./repo");
jest.mock("./repo");

test("CommonJS JavaScript: the automock too", () => {
  expect(jest.isMockFunction(load)).toBe(true);
});
`;

function project(root: string, withPlugin: boolean): void {
  linkPackages(root, ["babel-jest", "@jest/globals", "@await-tree/transformer", "@await-tree/runtime"]);
  writeFileSync(join(root, "package.json"), '{ "private": true }\n');
  writeFileSync(join(root, "tsconfig.json"), '{ "compilerOptions": { "target": "ES2022", "module": "commonjs" } }\n');
  writeFileSync(join(root, "repo.ts"), REPO);
  writeFileSync(join(root, "automock.test.ts"), AUTOMOCK_TEST);
  writeFileSync(join(root, "globals.test.ts"), GLOBALS_TEST);
  writeFileSync(join(root, "cjs.test.js"), CJS_TEST);
  // As written: babel-jest, whose preset hoists. With the plugin: the entry alone.
  const babel = [
    "babel-jest",
    {
      presets: [join(repoRoot, "node_modules", "@babel", "preset-typescript")],
      plugins: [join(repoRoot, "node_modules", "@babel", "plugin-transform-modules-commonjs")],
    },
  ];
  const transform = withPlugin ? ["@await-tree/transformer/jest", { traceAll: true }] : babel;
  const config = {
    rootDir: root,
    testEnvironment: "node",
    testMatch: ["<rootDir>/*.test.[jt]s"],
    moduleFileExtensions: ["ts", "js", "json"],
    transform: { "\\.[cm]?[jt]s$": transform },
  };
  writeFileSync(join(root, "jest.config.json"), `${JSON.stringify(config, null, 2)}\n`);
}

/** The output's lines, without blank ones. */
function lines(code: string): string[] {
  return code.split("\n").filter((l) => l.trim() !== "");
}

describe("bundlers: the jest entry alone hoists jest.mock", function () {
  this.timeout(600_000);

  describe("in process", () => {
    const d = join(scratchDir(), "jest-hoist-unit");
    mkdirSync(d, { recursive: true });
    const t = entry.createTransformer({ traceAll: true });
    const at = (out: string[], text: string) => out.findIndex((l) => l.includes(text));

    it("moves the calls above the requires, in the order written, in traced and untraced files", () => {
      for (const head of ["", 'import { traced } from "@await-tree/runtime";\n']) {
        const code = `"use strict";\n${head}import { a } from "./a";\nimport b from "./b";\njest.mock("./a");\nconst x = a + b;\njest.unmock("./b").mock("./c");\nexport async function f() { await x; }\n`;
        const out = lines(t.process(code, join(d, "x.test.ts"), {}).code);
        expect(at(out, '"use strict"'), out.join("\n")).to.equal(0);
        expect(at(out, 'jest.mock("./a")')).to.be.lessThan(at(out, 'require("./a")'));
        expect(at(out, 'jest.unmock("./b").mock("./c")')).to.be.greaterThan(at(out, 'jest.mock("./a")'));
        expect(at(out, 'jest.unmock("./b")')).to.be.lessThan(at(out, 'require("./a")'));
        expect(at(out, "const x = ")).to.be.greaterThan(at(out, 'require("./b")'));
      }
    });

    it("puts @jest/globals' import first, and hoists inside blocks", () => {
      const code = `import { x } from "./x";\nimport { jest as j } from "@jest/globals";\nj.mock("./x");\nfunction f() {\n  const y = require("./y");\n  j.mock("./y");\n  return y;\n}\nexport { f, x };\n`;
      const out = lines(t.process(code, join(d, "g.test.ts"), {}).code);
      expect(at(out, 'require("@jest/globals")'), out.join("\n")).to.be.lessThan(at(out, '.mock("./x")'));
      expect(at(out, '.mock("./x")')).to.be.lessThan(at(out, 'require("./x")'));
      expect(at(out, '.mock("./y")')).to.be.lessThan(at(out, 'require("./y")'));
    });

    it("hoists in CommonJS JavaScript, which stays a sloppy script", () => {
      const code = `const { a } = require("./a");\njest.mock("./a");\nwith (a) {}\n`;
      const out = lines(t.process(code, join(d, "c.test.js"), {}).code);
      expect(at(out, 'jest.mock("./a")'), out.join("\n")).to.equal(0);
      expect(out.join("\n")).to.not.include("use strict");
      // Without such a call it is left exactly as it is.
      expect(t.process("exports.n = 1;\n", join(d, "n.js"), {}).code).to.equal("exports.n = 1;\n");
    });

    it("leaves a file's own `jest`, other calls, ES module output and chained builds alone", () => {
      const own = `import { a } from "./a";\nconst jest = { mock(_: string) {} };\njest.mock("./a");\nexport { a };\n`;
      const out = lines(t.process(own, join(d, "own.test.ts"), {}).code);
      expect(at(out, 'jest.mock("./a")'), out.join("\n")).to.be.greaterThan(at(out, 'require("./a")'));
      const spy = `import { a } from "./a";\njest.spyOn(a, "f");\njest.mock;\n`;
      const spyOut = lines(t.process(spy, join(d, "spy.test.ts"), {}).code);
      expect(at(spyOut, "jest.spyOn"), spyOut.join("\n")).to.be.greaterThan(at(spyOut, 'require("./a")'));
      const esm = `import { a } from "./a";\njest.mock("./a");\nexport { a };\n`;
      const esmOut = lines(t.process(esm, join(d, "e.test.ts"), { supportsStaticESM: true }).code);
      expect(at(esmOut, 'jest.mock("./a")'), esmOut.join("\n")).to.be.greaterThan(at(esmOut, "import"));
    });
  });

  describe("under jest", () => {
    let runs: BothWays;
    before(async () => {
      runs = await runBothWays(
        "jest-hoist",
        project,
        [JEST, "--ci", "--no-cache", "--config", "jest.config.json"],
        () => ({ AWAIT_TREE_CACHE: "0" }),
      );
    });

    it("passes as written (babel-jest)", () => {
      expect(runs.plain.code, explain(runs.plain)).to.equal(0);
    });

    it("passes with the entry alone: automocks, factories and CommonJS tests are applied", () => {
      const run = runs.plugin;
      expect(run.code, explain(run)).to.equal(0);
      expect(run.stderr).to.include("Tests:       3 passed, 3 total");
    });
  });
});
