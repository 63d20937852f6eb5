// The source-mapped stack of a blocked thread, through `@await-tree/runtime/internal/stack` (the
// one copy, shared by the CLI and the watchdog): real maps from TypeScript's emit, inline and in a
// file next to the script, and every way a map can be missing or unusable (the frame then keeps
// the generated position; nothing throws).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type CallFrame, formatFrames, mapFrames, type ScriptInfo } from "@await-tree/runtime/internal/stack";
import { expect } from "chai";
import ts from "typescript";
import { scratchDir } from "../transformer/helpers.js";

const SOURCE = "const a: number = 1;\nexport function f(): number {\n  return a;\n}\n";

/** The script's text and map, and a frame at its `return` statement (0-based, as the inspector gives). */
function compiled(sourcePath: string): { js: string; map: string; frame: (scriptId: string) => CallFrame } {
  const out = ts.transpileModule(SOURCE, {
    fileName: sourcePath,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, sourceMap: true },
  });
  const js = out.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
  const map = JSON.parse(out.sourceMapText as string) as { sources: string[] };
  map.sources = [sourcePath];
  const lines = js.split("\n");
  const lineNumber = lines.findIndex((l) => l.includes("return a"));
  const columnNumber = (lines[lineNumber] as string).indexOf("return a");
  return {
    js,
    map: JSON.stringify(map),
    frame: (scriptId) => ({ functionName: "f", location: { scriptId, lineNumber, columnNumber } }),
  };
}

describe("the CLI's stacks: mapFrames / formatFrames (@await-tree/runtime/internal/stack)", () => {
  const dir = join(scratchDir(), "stack");
  const source = join(dir, "src", "f.ts");
  const script = join(dir, "dist", "f.js");
  const { js, map, frame } = compiled(source);
  /** Where `return a` stands in SOURCE: line 3, column 3 (1-based). */
  const original = { functionName: "f", file: source, line: 3, column: 3 };
  const generated = { functionName: "f", file: script, line: frame("0").location.lineNumber + 1 };

  before(() => {
    mkdirSync(join(dir, "dist"), { recursive: true });
    writeFileSync(script, js);
    writeFileSync(`${script}.map`, map);
    writeFileSync(join(dir, "dist", "bad.js.map"), "{ not json");
  });

  const scripts = (info: ScriptInfo): Map<string, ScriptInfo> => new Map([["1", info]]);
  const url = pathToFileURL(script).href;

  it("maps through a map file next to the script (a relative sourceMappingURL), file: URLs shown as paths", () => {
    expect(mapFrames([frame("1")], scripts({ url, sourceMapURL: "f.js.map" }))).to.deep.equal([original]);
  });

  it("names an original source given relative to its map (as tsc writes it) by its path", () => {
    // `sources: ["../src/f.ts"]` in dist/rel.js.map: the watchdog printed `../src/f.ts:3:3`.
    const relative = JSON.parse(map) as { sources: string[] };
    relative.sources = ["../src/f.ts"];
    writeFileSync(join(dir, "dist", "rel.js.map"), JSON.stringify(relative));
    expect(mapFrames([frame("1")], scripts({ url, sourceMapURL: "rel.js.map" }))).to.deep.equal([original]);
  });

  it("maps through an inline map, base64 or URL-encoded", () => {
    const base64 = `data:application/json;base64,${Buffer.from(map).toString("base64")}`;
    const encoded = `data:application/json,${encodeURIComponent(map)}`;
    for (const sourceMapURL of [base64, encoded]) {
      expect(mapFrames([frame("1")], scripts({ url, sourceMapURL }))).to.deep.equal([original]);
    }
  });

  it("keeps the generated position when the map is absent, unreadable, not JSON or not a file", () => {
    const column = frame("1").location.columnNumber as number;
    for (const sourceMapURL of [undefined, "", "missing.js.map", "bad.js.map", "https://example.invalid/f.js.map"]) {
      const info: ScriptInfo = sourceMapURL === undefined ? { url } : { url, sourceMapURL };
      expect(mapFrames([frame("1")], scripts(info)), String(sourceMapURL)).to.deep.equal([
        { ...generated, column: column + 1 },
      ]);
    }
  });

  it("a frame of an unknown script keeps its own URL; nameless frames and URL-less scripts say <anonymous>", () => {
    const frames: CallFrame[] = [
      { functionName: "", location: { scriptId: "9", lineNumber: 4 }, url: "node:internal/timers" },
      { functionName: "g", location: { scriptId: "2", lineNumber: 0, columnNumber: 7 } },
    ];
    expect(mapFrames(frames, new Map([["2", { url: "" }]]))).to.deep.equal([
      { functionName: "<anonymous>", file: "node:internal/timers", line: 5, column: 1 },
      { functionName: "g", file: "<anonymous>", line: 1, column: 8 },
    ]);
  });

  it("formatFrames prints one `    at fn (file:line:col)` line per frame", () => {
    const mapped = mapFrames([frame("1"), frame("1")], scripts({ url, sourceMapURL: "f.js.map" }));
    expect(formatFrames(mapped)).to.equal(`    at f (${source}:3:3)\n`.repeat(2));
    expect(formatFrames([])).to.equal("");
  });
});
