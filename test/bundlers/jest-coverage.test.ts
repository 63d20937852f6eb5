// `jest --coverage` with the transform entry: the report must name the same uncovered lines as the
// project's own transform without await-tree. Chained with babel-jest (`canInstrument: true`), the
// entry let babel-jest instrument what it gave it, the JavaScript TypeScript compiled, with
// babel-plugin-istanbul and no map: the report named the compiled file's lines (the coverage audit
// of 2026-12-06: 162 lines instead of 75, TypeScript's helpers reported uncovered, and an untraced
// file's lines shifted). The entry now never instruments and never lets the chained transformer
// do it: jest instruments the final code itself, through the map chained back to the source, as it
// does for the entry alone.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { tempFolder } from "../support/scratch.js";
import { explain, node, repoRoot, scratchDir } from "../transformer/helpers.js";
import { linkPackages } from "./support/links.js";

const JEST = join(repoRoot, "node_modules", "jest", "bin", "jest.js");

// Lines 9, 12, 13 and 21 never run; every other line with a statement does.
const LIB = `export class Store {
  private data = new Map<number, string>();
  async get(id: number): Promise<string> {
    await null;
    const v = this.data.get(id);
    if (v === undefined) {
      return "none";
    }
    return v;
  }
  async put(id: number, v: string): Promise<void> {
    await null;
    this.data.set(id, v);
  }
}
export async function total(ids: number[]): Promise<number> {
  const all = await Promise.all(ids.map(async (id) => id * 2));
  return all.reduce((a, b) => a + b, 0);
}
export function neverCalled(): number {
  return 1;
}
`;
const UNCOVERED = [9, 12, 13, 21];

const TEST = `import { Store, total } from "./lib";

test("some of the library", async () => {
  expect(await new Store().get(1)).toBe("none");
  expect(await total([1, 2])).toBe(6);
});
`;

type Setup = "babel-jest" | "entry" | "entry chained with babel-jest";
type Provider = "babel" | "v8";

/** A project run with `setup` and `provider`; `traceAll` (for the entry's setups) or nothing traced. */
function project(root: string, setup: Setup, provider: Provider, traceAll: boolean): void {
  linkPackages(root, ["babel-jest", "@await-tree/transformer", "@await-tree/runtime"]);
  writeFileSync(join(root, "package.json"), '{ "private": true }\n');
  writeFileSync(join(root, "tsconfig.json"), '{ "compilerOptions": { "target": "ES2022", "module": "commonjs" } }\n');
  writeFileSync(join(root, "lib.ts"), LIB);
  writeFileSync(join(root, "lib.test.ts"), TEST);
  const babel = [
    "babel-jest",
    {
      presets: [join(repoRoot, "node_modules", "@babel", "preset-typescript")],
      plugins: [join(repoRoot, "node_modules", "@babel", "plugin-transform-modules-commonjs")],
    },
  ];
  const transform =
    setup === "babel-jest"
      ? babel
      : ["@await-tree/transformer/jest", setup === "entry" ? { traceAll } : { traceAll, chain: babel }];
  const config = {
    rootDir: root,
    testEnvironment: "node",
    testMatch: ["<rootDir>/lib.test.ts"],
    moduleFileExtensions: ["ts", "js", "json"],
    transform: { "\\.[cm]?[jt]s$": transform },
    collectCoverage: true,
    coverageProvider: provider,
    coverageReporters: ["json"],
    collectCoverageFrom: ["<rootDir>/lib.ts"],
  };
  writeFileSync(join(root, "jest.config.json"), `${JSON.stringify(config, null, 2)}\n`);
}

interface FileCoverage {
  statementMap: Record<string, { start: { line: number } }>;
  s: Record<string, number>;
}

/** The lines of lib.ts whose statements never ran (as istanbul's line coverage counts them). */
function uncoveredLines(root: string): number[] {
  const report = JSON.parse(readFileSync(join(root, "coverage", "coverage-final.json"), "utf8")) as Record<
    string,
    FileCoverage
  >;
  const lib = report[join(root, "lib.ts")];
  if (lib === undefined) throw new Error(`no coverage of lib.ts; the report has ${Object.keys(report).join(", ")}`);
  const lines = new Map<number, number>();
  for (const [id, at] of Object.entries(lib.statementMap)) {
    lines.set(at.start.line, Math.max(lines.get(at.start.line) ?? 0, lib.s[id] ?? 0));
  }
  return [...lines]
    .filter(([, count]) => count === 0)
    .map(([line]) => line)
    .sort((a, b) => a - b);
}

async function coverage(setup: Setup, provider: Provider, traceAll: boolean): Promise<number[]> {
  const root = tempFolder(scratchDir(), "jest-coverage-");
  project(root, setup, provider, traceAll);
  const run = await node([JEST, "--ci", "--no-cache", "--config", "jest.config.json"], {
    cwd: root,
    env: { AWAIT_TREE_CACHE: "0" },
  });
  expect(run.code, explain(run)).to.equal(0);
  return uncoveredLines(root);
}

describe("bundlers: jest --coverage with the transform entry, alone and chained", function () {
  this.timeout(600_000);

  // jest's default provider: istanbul's line coverage, the same with every transform.
  for (const setup of ["babel-jest", "entry", "entry chained with babel-jest"] as const) {
    it(`${setup}, coverageProvider babel: the source's uncovered lines, ${UNCOVERED.join(", ")}`, async () => {
      expect(await coverage(setup, "babel", setup !== "babel-jest")).to.deep.equal(UNCOVERED);
    });
  }

  // V8's ranges, converted by v8-to-istanbul, count lines of their own (a `}` after a line that
  // never ran) and differ between compilers: each traced run is held to the same entry's run with
  // nothing to trace (the same compile, the same chain).
  for (const setup of ["entry", "entry chained with babel-jest"] as const) {
    it(`${setup}, coverageProvider v8: the uncovered lines of the run with nothing traced`, async () => {
      const untraced = await coverage(setup, "v8", false);
      expect(untraced, "the lines that never ran are among them").to.include.members(UNCOVERED);
      expect(await coverage(setup, "v8", true)).to.deep.equal(untraced);
    });
  }
});
