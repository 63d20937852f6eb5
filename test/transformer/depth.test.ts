// Generated code nests deeply (a 10,000-term string concatenation, long `else if` dispatchers,
// deeply nested literals): the transformer must compile whatever TypeScript alone compiles. Each
// case is compiled in this process, with the type checker, without and with the plugin
// (`traceAll`); when TypeScript alone overflows, the case says nothing and is skipped.
import { join } from "node:path";
import { expect } from "chai";
import { explain } from "./helpers.js";
import { emit, project, withPlugin } from "./in-process.js";
import { COMMONJS_ES2022, describeDifferential, differential } from "./robust-support.js";

const terms = (n: number, term: (i: number) => string, op = " + ") =>
  Array.from({ length: n }, (_, i) => term(i)).join(op);

/** Each generated file holds `async`, so the transformer really looks at it. */
const CASES: Record<string, string> = {
  "a 10,000-term concatenation (a comment says async)": `// async\nexport const s = ${terms(10_000, (i) => `"a${i}"`)};\n`,
  "a 10,000-term concatenation next to a traced(load) whose name is resolved": `import { traced } from "@await-tree/runtime";
const load = async (id: number) => { await null; return id; };
export const big = ${terms(10_000, (i) => `"a${i}"`)};
export const run = traced(load);
`,
  "a 4,000-term concatenation with an await every 50 terms": `export async function f(x: Promise<string>) {\n  return ${terms(4_000, (i) => (i % 50 === 0 ? "(await x)" : `"a${i}"`))};\n}\n`,
  "a 600-branch else-if chain with awaits": `export async function f(x: number) {\n  ${terms(600, (i) => `if (x === ${i}) { await x; }`, " else ")}\n}\n`,
  "a 600-branch else-if chain of returns": `export async function f(x: number) {\n  ${terms(600, (i) => `if (x === ${i}) return ${i};`, " else ")}\n  return -1;\n}\n`,
  "a 600-branch conditional chain with awaits": `export async function f(x: number) {\n  return ${terms(600, (i) => `x === ${i} ? await x :`, " ")} 0;\n}\n`,
  "arrays nested 300 deep around an await": `export async function f(x: number) {\n  return ${"[".repeat(300)}await x${"]".repeat(300)};\n}\n`,
  "calls nested 300 deep around an await": `const g = (v: unknown) => v;\nexport async function f(x: number) {\n  return ${"g(".repeat(300)}await x${")".repeat(300)};\n}\n`,
  // Each traced function adds two or three levels to what TypeScript's own transforms then walk
  // recursively (its try/finally, the wrapped return): tsc alone compiles about 175 levels of
  // this at Node's default stack, tspc with the plugin about 125 (docs/transformer.md, Deep code).
  "async arrow IIFEs nested 100 deep": `export const r = ${"(async () => { await 0; return ".repeat(100)}1${"; })()".repeat(100)};\n`,
  "a 300-call method chain on an awaited value": `export async function f(o: Promise<{ m(): any }>) {\n  return (await o)${".m()".repeat(300)};\n}\n`,
};

function compiles(dir: string, plugin: boolean): string | undefined {
  try {
    const e = emit(dir, ["src/a.ts"], plugin ? withPlugin({ traceAll: true }) : undefined, {
      lib: ["lib.es2022.d.ts"],
      strict: false,
    });
    const js = e.files.get("src/a.js");
    return js === undefined ? "no output" : undefined;
  } catch (e) {
    return String(e);
  }
}

describe("transformer: deeply nested generated code", function () {
  this.timeout(300_000);

  for (const [name, text] of Object.entries(CASES)) {
    it(`compiles ${name} wherever TypeScript alone does`, function () {
      const dir = project({ "src/a.ts": text });
      if (compiles(dir, false) !== undefined) this.skip();
      expect(compiles(dir, true)).to.equal(undefined);
    });
  }

  // The label of an awaited expression is derived from its whole text: labels.ts walks it without
  // recursion too.
  it("compiles a 10,000-term concatenation awaited as a whole", function () {
    const dir = project({
      "src/a.ts": `export async function f() {\n  return await (${terms(10_000, (i) => `"a${i}"`)});\n}\n`,
    });
    if (compiles(dir, false) !== undefined) this.skip();
    expect(compiles(dir, true)).to.equal(undefined);
  });

  it("compiles and runs a @traced method returning a 3,000-term concatenation with awaits (tspc + node)", async () => {
    const expr = terms(3_000, (i) => (i % 100 === 0 ? `(await this.part(${i}))` : `"${i % 10}"`));
    const main = `import { traced } from "@await-tree/runtime";
class Gen {
  async part(i: number) { return \`<\${i}>\`; }
  @traced
  async build() {
    const text = ${expr};
    return text.length + ":" + text.slice(0, 40);
  }
}
new Gen().build().then((s) => console.log(s));
`;
    const d = await differential(
      "long-concat",
      { files: { "src/main.ts": main }, compilerOptions: { ...COMMONJS_ES2022, experimentalDecorators: true } },
      join("out", "main.js"),
    );
    expect(d.withPlugin.compile.code, describeDifferential(d)).to.equal(0);
    expect(d.without.compile.code, explain(d.without.compile)).to.equal(0);
    expect(d.withPlugin.run.stdout).to.equal(d.without.run.stdout);
    expect(d.withPlugin.run.stdout).to.match(/^\d+:<0>/);
    expect(d.withPlugin.run.code).to.equal(0);
  });
});
