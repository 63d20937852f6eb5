// The runtime core's layout rules (docs/design.md, "The pieces, on one screen"): small files with
// one job each, imports that never run back up from core/ to the layers above it, and a map in the
// design document that names every file of core/. A split or a new file that breaks one of them
// fails here, not in a reviewer's reading.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot } from "../transformer/helpers.js";

const CORE = join(repoRoot, "packages", "runtime", "src", "core");
const MAX_LINES = 300;

const coreFiles = (): string[] =>
  readdirSync(CORE)
    .filter((f) => f.endsWith(".ts"))
    .sort();

/** Every module specifier a file imports or re-exports, with whether the statement is type-only. */
function importsOf(source: string): { from: string; typeOnly: boolean }[] {
  const out: { from: string; typeOnly: boolean }[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?[^;]*?\sfrom\s+"([^"]+)"/gms;
  for (const m of source.matchAll(statement)) out.push({ from: m[3] as string, typeOnly: m[2] !== undefined });
  for (const m of source.matchAll(/\b(?:require|import)\(\s*"([^"]+)"\s*\)/g))
    out.push({ from: m[1] as string, typeOnly: false });
  return out;
}

describe("runtime: the core's layout", () => {
  it("finds the core's files (the rules below are not checked on nothing)", () => {
    expect(coreFiles().length).to.be.greaterThan(20);
  });

  it(`no file of core/ is over ${MAX_LINES} lines`, () => {
    const over = coreFiles()
      .map((f) => ({ f, lines: readFileSync(join(CORE, f), "utf8").split("\n").length - 1 }))
      .filter((x) => x.lines > MAX_LINES)
      .map((x) => `${x.f}: ${x.lines} lines`);
    expect(over, "split the file by job, or state the reason in docs/design.md and here").to.deep.equal([]);
  });

  it("core/ imports nothing above it but the types of instrument/contract.ts", () => {
    const upward: string[] = [];
    for (const f of coreFiles()) {
      for (const i of importsOf(readFileSync(join(CORE, f), "utf8"))) {
        if (!i.from.startsWith("../")) continue;
        if (i.from === "../instrument/contract" && i.typeOnly) continue;
        upward.push(`${f} imports ${i.from}${i.typeOnly ? " (types)" : ""}`);
      }
    }
    expect(upward).to.deep.equal([]);
  });

  it("the import scanner sees a value import, a type import, a re-export and a require", () => {
    // So that the rule above cannot pass by reading nothing.
    const seen = importsOf(
      [
        'import { a } from "../registry/registry";',
        'import type { SiteInit } from "../instrument/contract";',
        'export { b } from "../format/tree";',
        'const c = require("../api/traced");',
      ].join("\n"),
    );
    expect(seen).to.deep.equal([
      { from: "../registry/registry", typeOnly: false },
      { from: "../instrument/contract", typeOnly: true },
      { from: "../format/tree", typeOnly: false },
      { from: "../api/traced", typeOnly: false },
    ]);
  });

  it("docs/design.md's map names every file of core/", () => {
    const design = readFileSync(join(repoRoot, "docs", "design.md"), "utf8");
    const missing = coreFiles().filter((f) => !design.includes(`\`core/${f}\``));
    expect(missing).to.deep.equal([]);
  });
});
