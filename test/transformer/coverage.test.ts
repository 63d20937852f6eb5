// Code coverage of traced code, as c8 (and jest's and vitest's v8 providers) report it: the program
// runs with NODE_V8_COVERAGE, v8-to-istanbul maps V8's block ranges back through the source map,
// and a line or branch is uncovered when a range of count 0 maps onto it. A range whose end lies on
// code the transformer added, with no mapping on its line, cannot be mapped and is dropped: the lines
// after a `return` or `throw` that never ran were reported covered (the coverage audit, 2026-12-05:
// `throw last;` after a retry loop, `return null;` after a `for await`, under c8 and traceAll).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect } from "chai";
import { RETRY_AND_SCAN } from "./coverage-sources.js";
import { explain, node, repoRoot } from "./helpers.js";
import { emit, project, withPlugin } from "./in-process.js";

// v8-to-istanbul is what c8, jest's "v8" provider and vitest's coverage-v8 (before 3.2) convert with;
// pinned as a dev dependency of this repository.
const require = createRequire(join(repoRoot, "package.json"));
const v8toIstanbul = require("v8-to-istanbul") as (
  path: string,
  wrapperLength: number,
  sources?: unknown,
) => {
  load(): Promise<void>;
  applyCoverage(blocks: unknown[]): void;
  toIstanbul(): Record<string, FileCoverage>;
};

interface Loc {
  start: { line: number; column: number };
  end: { line: number; column: number };
}
interface FileCoverage {
  statementMap: Record<string, Loc>;
  s: Record<string, number>;
  branchMap: Record<string, { locations: Loc[] }>;
  b: Record<string, number[]>;
}

const SRC = `${RETRY_AND_SCAN}
export async function load(id: number): Promise<number> {
  const row = await Promise.resolve(id > 0 ? id : undefined);
  if (!row) {
    throw new Error("not found");
  }
  return row;
}

async function main() {
  let n = 0;
  console.log(await withRetry(async () => { if (n++ === 0) throw new Error("once"); return 7; }));
  console.log(await firstOver([1, 2, 3], 2));
  console.log(await load(1));
  await load(0).catch(() => {});
}
main();
`;

/** Uncovered lines and branch ranges (line:col-line:col=count) of src/main.ts, as v8-to-istanbul maps them. */
async function coverage(plugin: Record<string, unknown> | undefined): Promise<{ lines: number[]; branches: string[] }> {
  const dir = project({ "src/main.ts": SRC });
  const e = emit(dir, ["src/main.ts"], plugin && withPlugin(plugin), { sourceMap: true });
  const out = join(dir, "out", "src");
  mkdirSync(out, { recursive: true });
  const js = join(out, "main.js");
  writeFileSync(js, e.files.get("src/main.js") as string);
  writeFileSync(`${js}.map`, e.files.get("src/main.js.map") as string);
  const raw = join(dir, "v8");
  rmSync(raw, { recursive: true, force: true });
  const r = await node([js], { cwd: dir, env: { ...process.env, NODE_V8_COVERAGE: raw } });
  expect(r.code, explain(r)).to.equal(0);
  const url = `file://${js}`;
  const script = readdirSync(raw)
    .flatMap(
      (f) =>
        (JSON.parse(readFileSync(join(raw, f), "utf8")) as { result: { url: string; functions: unknown[] }[] }).result,
    )
    .find((s) => s.url === url);
  if (script === undefined) throw new Error(`no V8 coverage of ${url} in ${raw}`);
  const converter = v8toIstanbul(js, 0);
  await converter.load();
  converter.applyCoverage(script.functions);
  const [file] = Object.values(converter.toIstanbul()) as [FileCoverage];
  const lines = Object.entries(file.s)
    .filter(([, n]) => n === 0)
    .map(([k]) => file.statementMap[k]?.start.line as number);
  const branches = Object.entries(file.branchMap).map(([k, b]) => {
    const l = b.locations[0] as Loc;
    return `${l.start.line}:${l.start.column}-${l.end.line}:${l.end.column}=${file.b[k]?.[0]}`;
  });
  return { lines, branches };
}

describe("coverage (v8-to-istanbul through the source map)", () => {
  it("reports the same uncovered lines with and without the transformer (traceAll)", async () => {
    const plain = await coverage(undefined);
    // Lines that never ran: `throw last;` and `return null;` with their closing braces, and the
    // generator's end (the loop that consumes it returns first).
    expect(plain.lines).to.include.members([11, 12, 19, 27, 28]);
    const traced = await coverage({ traceAll: true });
    expect(traced.lines).to.deep.equal(plain.lines);
  });

  it("reports every branch of the source, at the same places, with and without the transformer", async () => {
    // The end column of a range that ends at a function's `}` may differ by one (v8-to-istanbul
    // looks for the next mapping after the end, and the added `finally` maps to the `}` itself).
    const lineOnly = (b: string) => b.replace(/-(\d+):-?\d+=/, "-$1=");
    const plain = (await coverage(undefined)).branches.map(lineOnly);
    const traced = (await coverage({ traceAll: true })).branches.map(lineOnly);
    // Known limit (docs/transformer.md, "Coverage"): the optional call that resumes after an `await`
    // or a `yield` (`$at.resume?.(...)`) is a block range of its own in V8, reported when its count
    // differs from its block's (the await threw at least once, or the generator was left at the
    // yield): a one-character branch at the end of the statement, here `return await fn();` (line 6)
    // and `yield id;` (line 17), where the untransformed generator has its range after the `yield`
    // (line 18) instead.
    const resume = ["6:23-6=1", "17:12-17=1"];
    expect(traced.filter((b) => !resume.includes(b))).to.have.members(plain.filter((b) => b !== "18:-1-18=1"));
    expect(traced).to.include.members(resume);
  });
});
