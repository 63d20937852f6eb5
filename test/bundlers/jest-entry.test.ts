// The jest transform entry in process: its options, its cache key, and what it does with files
// that have nothing to trace (jest itself runs it in jest.test.ts).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot, scratchDir } from "../transformer/helpers.js";

const require = createRequire(import.meta.url);

interface Transformer {
  canInstrument: boolean;
  process(code: string, file: string, options: Record<string, unknown>): { code: string; map?: unknown };
  getCacheKey(code: string, file: string, options: Record<string, unknown>): string;
  cacheKeyParts(code: string, file: string, options: Record<string, unknown>): string[];
}
const jest = require("@await-tree/transformer/jest") as { createTransformer(options?: unknown): Transformer };
const VERSION = (
  JSON.parse(readFileSync(join(repoRoot, "packages", "transformer", "package.json"), "utf8")) as {
    version: string;
  }
).version;

const TRACED =
  'import { traced } from "@await-tree/runtime";\nexport const load = traced(async function load() { await null; });\n';

function dir(name: string, files: Record<string, string>): string {
  const d = join(scratchDir(), name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(d, file, ".."), { recursive: true });
    writeFileSync(join(d, file), text);
  }
  return d;
}

/** stderr written while `fn` runs. */
function stderrOf(fn: () => void): string {
  const write = process.stderr.write;
  let text = "";
  process.stderr.write = ((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    fn();
  } finally {
    process.stderr.write = write;
  }
  return text;
}

describe("bundlers: the jest transform entry", () => {
  it("rejects bad options with a message naming the option", () => {
    expect(() => jest.createTransformer({ traceAl: true })).to.throw(
      /^@await-tree\/transformer\/jest: unknown option "traceAl" \(known: traceAll, .*, projectRoot, chain\)$/,
    );
    expect(() => jest.createTransformer({ maxLabelLength: 2 })).to.throw('option "maxLabelLength"');
    expect(() => jest.createTransformer("traceAll")).to.throw("the transformer options must be an object");
    expect(() => jest.createTransformer({ chain: 3 })).to.throw('option "chain" must be');
    expect(() => jest.createTransformer({ chain: ["babel-jest"] })).to.throw('option "chain" must be');
    expect(() => jest.createTransformer({ chain: "no-such-jest-transformer" })).to.throw(
      'option "chain": cannot load "no-such-jest-transformer"',
    );
    expect(() => jest.createTransformer({ chain: "chai" })).to.throw('"chai" is not a jest transformer');
  });

  it("has a cache key made of its version, options, the file and jest's configuration", () => {
    const d = dir("jest-key", { "src/a.ts": TRACED });
    const file = join(d, "src", "a.ts");
    const jestOptions0 = { configString: "{}", config: { cwd: d, rootDir: d } };
    const key = (options: unknown, code = TRACED, jestOptions: Record<string, unknown> = jestOptions0) =>
      jest.createTransformer(options).getCacheKey(code, file, jestOptions);
    const base = key({});
    expect(key({})).to.equal(base);
    expect(key({ traceAll: true })).to.not.equal(base);
    expect(key({ maxLabelLength: 40 })).to.not.equal(base);
    expect(key({}, `${TRACED}\n`)).to.not.equal(base);
    expect(key({}, TRACED, { ...jestOptions0, configString: "{ }" })).to.not.equal(base);
    expect(key({}, TRACED, { ...jestOptions0, instrument: true })).to.not.equal(base);
    expect(key({ chain: "babel-jest" })).to.not.equal(base);
    // The version is part of it (a new version never reuses an older one's output).
    const parts = jest.createTransformer({ traceAll: true }).cacheKeyParts(TRACED, file, jestOptions0);
    expect(parts[0]).to.equal(VERSION);
    expect(parts).to.include(JSON.stringify({ traceAll: true }));
  });

  it("instruments traced TypeScript into CommonJS with a map to the source", () => {
    const d = dir("jest-traced", { "src/a.ts": TRACED });
    const out = jest.createTransformer({}).process(TRACED, join(d, "src", "a.ts"), {});
    expect(out.code).to.include('require("@await-tree/runtime/instrument")');
    expect(out.code).to.include("exports.load");
    expect((out.map as { sources: string[] }).sources).to.deep.equal([join(d, "src", "a.ts")]);
  });

  it("compiles untraced TypeScript and ES module JavaScript to CommonJS, and leaves CommonJS alone", () => {
    const d = dir("jest-plain", { "src/x.ts": "" });
    const t = jest.createTransformer({});
    const ts = t.process("export const n: number = 1;\n", join(d, "src", "x.ts"), {});
    expect(ts.code).to.include("exports.n = 1");
    const esm = t.process("export const n = 1;\n", join(d, "src", "x.js"), {});
    expect(esm.code).to.include("exports.n = 1");
    const cjs = "exports.n = 1;\n";
    expect(t.process(cjs, join(d, "src", "y.js"), {}).code).to.equal(cjs);
    // Under jest's ES module mode, ES modules stay ES modules.
    expect(t.process("export const n = 1;\n", join(d, "src", "x.js"), { supportsStaticESM: true }).code).to.equal(
      "export const n = 1;\n",
    );
  });

  it("reports an unreadable tsconfig.json once and goes on with TypeScript's defaults", () => {
    const d = dir("jest-tsconfig", { "tsconfig.json": '{ "compilerOptions": { } broken', "src/a.ts": TRACED });
    const t = jest.createTransformer({});
    let out: { code: string } | undefined;
    const err = stderrOf(() => {
      out = t.process(TRACED, join(d, "src", "a.ts"), {});
      t.process(TRACED, join(d, "src", "a.ts"), {});
    });
    expect(err.split("\n").filter((l) => l.includes("cannot be read"))).to.have.length(1);
    expect(err).to.include(join(d, "tsconfig.json"));
    expect(out?.code).to.include("@await-tree/runtime/instrument");
  });

  it("reports a tsconfig whose `extends` names a missing or broken base, naming the base", () => {
    const missing = dir("jest-tsconfig-extends-missing", { "tsconfig.json": '{ "extends": "./nope.json" }' });
    const broken = dir("jest-tsconfig-extends-broken", {
      "tsconfig.json": '{ "extends": "./base.json" }',
      "base.json": '{ "compilerOptions": { "experimentalDecorators": true } broken',
    });
    for (const [d, what] of [
      [missing, `${join(missing, "tsconfig.json")} extends a file that cannot be read:`],
      [broken, `${join(broken, "base.json")} (extended by ${join(broken, "tsconfig.json")}) cannot be read:`],
    ] as const) {
      const t = jest.createTransformer({});
      let out: { code: string } | undefined;
      const err = stderrOf(() => {
        out = t.process(TRACED, join(d, "src", "a.ts"), {});
        t.process(TRACED, join(d, "src", "a.ts"), {});
      });
      expect(
        err.split("\n").filter((l) => l.includes("cannot be read")),
        err,
      ).to.have.length(1);
      expect(err).to.include(what);
      expect(out?.code).to.include("@await-tree/runtime/instrument");
    }
  });

  // Both spellings of the comment: `//@` is the legacy one some transformers still write; left in,
  // the chained map and the comment named two different maps for one file.
  for (const mark of ["#", "@"]) {
    it(`a chained transformer that inlines its map (ts-jest, @swc/jest; \`//${mark}\`): the map is read from its code and chained`, () => {
      // A jest transformer that moves every line down by three and says so only in an inline map
      // (a segment at the start of every word).
      const codec = JSON.stringify(require.resolve("@jridgewell/sourcemap-codec"));
      const shifter = `const { encode } = require(${codec});
module.exports = {
  process(code) {
    const lines = code.split("\\n");
    const segments = lines.map((text, line) => {
      const out = [];
      for (let i = 0; i < text.length; i++) if (text[i] !== " " && (i === 0 || text[i - 1] === " ")) out.push([i, 0, line, i]);
      return out;
    });
    const map = { version: 3, sources: ["in.js"], names: [], mappings: encode([[], [], [], ...segments]) };
    const url = "data:application/json;base64," + Buffer.from(JSON.stringify(map)).toString("base64");
    return { code: "\\n\\n\\n" + code + "\\n//${mark} sourceMappingURL=" + url + "\\n" };
  },
};
`;
      const d = dir(`jest-chain-inline-map-${mark === "#" ? "hash" : "at"}`, { "shifter.cjs": shifter });
      const file = join(d, "src", "a.ts");
      const source = `${TRACED}export async function later(): Promise<number> {\n  return 42;\n}\n`;
      const t = jest.createTransformer({ chain: join(d, "shifter.cjs") });
      const out = t.process(source, file, {});
      expect(out.code).to.not.include("sourceMappingURL");
      const { TraceMap, originalPositionFor } = require("@jridgewell/trace-mapping") as {
        TraceMap: new (map: unknown) => unknown;
        originalPositionFor(
          map: unknown,
          at: { line: number; column: number },
        ): { source: string | null; line: number | null };
      };
      expect(out.map, "a map").to.not.equal(null);
      const map = new TraceMap(out.map);
      // `return 42` is line 4 of the source, whatever our output and the shifter made of it.
      const line = out.code.split("\n").findIndex((l) => l.includes("return 42")) + 1;
      expect(line).to.be.greaterThan(4);
      const column = (out.code.split("\n")[line - 1] as string).indexOf("return");
      const back = originalPositionFor(map, { line, column });
      expect(back.line).to.equal(4);
      expect(back.source).to.match(/a\.ts$/);
    });
  }

  // Found running class-validator's suite chained with ts-jest: its inline map (with the sources'
  // text) is one line of tens of kilobytes, and only the file's last 4 KB were searched for the
  // `sourceMappingURL` comment: the map was not found, and stack traces named our output's lines.
  it("a chained transformer's inline map longer than 4 KB is read and chained too", () => {
    const codec = JSON.stringify(require.resolve("@jridgewell/sourcemap-codec"));
    const shifter = `const { encode } = require(${codec});
module.exports = {
  process(code) {
    const segments = code.split("\\n").map((text, line) => { const i = text.search(/\\S|$/); return [[i, 0, line, i]]; });
    const map = { version: 3, sources: ["in.js"], sourcesContent: [code], names: [], mappings: encode([[], ...segments]) };
    const url = "data:application/json;charset=utf-8;base64," + Buffer.from(JSON.stringify(map)).toString("base64");
    return { code: "\\n" + code + "\\n//# sourceMappingURL=" + url };
  },
};
`;
    const d = dir("jest-chain-long-inline-map", { "shifter.cjs": shifter });
    const file = join(d, "src", "a.ts");
    const filler = Array.from({ length: 200 }, (_, i) => `export const value${i}: number = ${i};\n`).join("");
    const source = `${TRACED}export async function later(): Promise<number> {\n  return 42;\n}\n${filler}`;
    const out = jest.createTransformer({ chain: join(d, "shifter.cjs") }).process(source, file, {});
    const inline = /sourceMappingURL=(\S+)/.exec(out.code);
    expect(inline, "the map comment is removed").to.equal(null);
    expect(out.map, "a map").to.not.equal(null);
    const { TraceMap, originalPositionFor } = require("@jridgewell/trace-mapping") as {
      TraceMap: new (map: unknown) => unknown;
      originalPositionFor(
        map: unknown,
        at: { line: number; column: number },
      ): { source: string | null; line: number | null };
    };
    const line = out.code.split("\n").findIndex((l) => l.includes("return 42")) + 1;
    const column = (out.code.split("\n")[line - 1] as string).indexOf("return");
    const back = originalPositionFor(new TraceMap(out.map), { line, column });
    expect(back.line).to.equal(4);
    expect(back.source).to.match(/a\.ts$/);
  });

  it("a file it cannot parse is passed on as it is, with one warning", () => {
    const d = dir("jest-unparsable", {});
    const legacy =
      'const { traced } = require("@await-tree/runtime");\n<!-- a legacy HTML comment\nvar mode = 493;\nexports.f = traced(async function f() { await null; });\n';
    const t = jest.createTransformer({});
    let out: { code: string } | undefined;
    const err = stderrOf(() => {
      out = t.process(legacy, join(d, "legacy.cjs"), {});
      t.process(legacy, join(d, "legacy.cjs"), {});
    });
    expect(out?.code).to.equal(legacy);
    expect(err.split("\n").filter((l) => l.includes("was not instrumented"))).to.have.length(1);
  });
});
