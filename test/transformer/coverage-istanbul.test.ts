// Code coverage of traced code, as the tools that read the emitted JavaScript's syntax report it:
// istanbul (jest's default "babel" provider, vitest's coverage-istanbul, nyc, babel-plugin-istanbul)
// instruments every statement, function and branch of the emitted code and maps each back through
// the source map; vitest's coverage-v8 (ast-v8-to-istanbul) walks the emitted code's syntax the same
// way. A node whose start maps onto the source is counted there; one on a line with no mapping is
// dropped. The code the transformer adds must therefore map to nothing, or it becomes statements
// and lines of the user's file (the coverage audit, 2026-12-06: the `$at.exit($f)` of every traced
// function's `finally`, mapped to the body's `}`, made that `}` a line of its own, uncovered in a
// function never called; vitest 5.1.2 with coverage-istanbul and coverage-v8, jest 30.5.2).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect } from "chai";
import { RETRY_AND_SCAN } from "./coverage-sources.js";
import { explain, node, repoRoot } from "./helpers.js";
import { emit, project, withPlugin } from "./in-process.js";

// What jest's babel provider, nyc and vitest's coverage-istanbul use; pinned dev dependencies.
const require = createRequire(join(repoRoot, "package.json"));
const { createInstrumenter } = require("istanbul-lib-instrument") as {
  createInstrumenter(options: Record<string, unknown>): {
    instrumentSync(code: string, file: string, inputSourceMap?: unknown): string;
  };
};
const { createSourceMapStore } = require("istanbul-lib-source-maps") as {
  createSourceMapStore(): { transformCoverage(map: unknown): Promise<unknown> };
};
const { createCoverageMap } = require("istanbul-lib-coverage") as {
  createCoverageMap(data: unknown): { files(): string[]; fileCoverageFor(file: string): FileCoverage };
};

interface Loc {
  start: { line: number; column: number };
  end: { line: number; column: number };
}
interface FileCoverage {
  data: {
    statementMap: Record<string, Loc>;
    s: Record<string, number>;
    fnMap: Record<string, { name: string; loc: Loc }>;
    f: Record<string, number>;
    b: Record<string, number[]>;
  };
  getLineCoverage(): Record<string, number>;
}

const SRC = `${RETRY_AND_SCAN}
export async function place(id: number): Promise<string> {
  await Promise.reject(new Error(\`bad \${id}\`));
  return "placed";
}

export async function neverCalled(): Promise<number> {
  await Promise.resolve();
  return 42;
}

async function main() {
  let n = 0;
  console.log(
    await withRetry(async () => {
      if (n++ === 0) throw new Error("once");
      return 7;
    }),
  );
  console.log(await firstOver([1, 2, 3], 2));
  console.log(await firstOver([], 2));
  await place(1).catch(() => {});
}
main();
`;

interface Report {
  /** Statement ranges (line:col) with their counts. */
  statements: string[];
  lines: Record<string, number>;
  functions: string[];
  branches: number;
}

/** Coverage of src/main.ts as istanbul reports it: instrumented output, run, mapped back to the source. */
async function coverage(plugin: Record<string, unknown> | undefined): Promise<Report> {
  const dir = project({ "src/main.ts": SRC });
  const e = emit(dir, ["src/main.ts"], plugin && withPlugin(plugin), { sourceMap: true });
  const out = join(dir, "out", "src");
  mkdirSync(out, { recursive: true });
  const js = join(out, "main.js");
  const map = JSON.parse(e.files.get("src/main.js.map") as string) as { sources: string[]; sourceRoot?: string };
  map.sources = [join(dir, "src", "main.ts")];
  map.sourceRoot = "";
  const code = (e.files.get("src/main.js") as string).replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
  const instrumented = createInstrumenter({ esModules: false, compact: false, produceSourceMap: false }).instrumentSync(
    code,
    js,
    map,
  );
  const dump = join(dir, "coverage.json");
  writeFileSync(
    js,
    `${instrumented}\nprocess.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(dump)}, JSON.stringify(globalThis.__coverage__)));\n`,
  );
  const r = await node([js], { cwd: dir });
  expect(r.code, explain(r)).to.equal(0);
  const raw = JSON.parse(readFileSync(dump, "utf8")) as unknown;
  const mapped = createCoverageMap(await createSourceMapStore().transformCoverage(createCoverageMap(raw)));
  const file = mapped.fileCoverageFor(mapped.files().find((f) => f.endsWith("main.ts")) as string);
  const { statementMap, s, fnMap, f, b } = file.data;
  return {
    statements: Object.entries(statementMap)
      .map(([k, l]) => `${l.start.line}:${l.start.column}=${s[k]}`)
      .sort(),
    lines: file.getLineCoverage(),
    functions: Object.entries(fnMap)
      .map(([k, fn]) => `${fn.loc.start.line}=${f[k]}`)
      .sort(),
    branches: Object.values(b).flat().length,
  };
}

describe("coverage (istanbul: the emitted code instrumented, mapped back through the source map)", () => {
  it("reports the same lines, with the same counts, with and without the transformer (traceAll)", async () => {
    const plain = await coverage(undefined);
    // Never ran: `throw last;`, `return "placed";` after a rejected await, the body of `neverCalled`.
    const uncovered = (l: Record<string, number>) =>
      Object.keys(l)
        .filter((k) => l[k] === 0)
        .map(Number);
    expect(uncovered(plain.lines)).to.include.members([11, 32, 36, 37]);
    const traced = await coverage({ traceAll: true });
    expect(traced.lines).to.deep.equal(plain.lines);
  });

  it("counts the same statements, functions and branches with and without the transformer", async () => {
    const plain = await coverage(undefined);
    const traced = await coverage({ traceAll: true });
    // A body written on one line is a known limit (docs/transformer.md, "Code coverage"): the
    // statements the transformer adds are printed on its line, whose mappings they take.
    // A statement's column may differ (a declaration whose initialiser the transformer wrapped
    // starts at its name): compare lines and counts.
    const byLine = (xs: string[]) => xs.map((x) => x.replace(/:\d+=/, "=")).sort();
    expect(byLine(traced.statements)).to.deep.equal(byLine(plain.statements));
    expect(traced.functions).to.deep.equal(plain.functions);
    expect(traced.branches).to.equal(plain.branches);
  });
});
