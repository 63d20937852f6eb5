// The emitted JavaScript, compiled in this process with the programmatic factory: the documented
// shapes (a golden file), each option, idempotence, untouched .d.ts and untraced files, and the
// programmatic failure modes.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import type * as TS from "typescript";
import { fixtures } from "./helpers.js";
import { emit, project, transformer, transpile, ts, withPlugin } from "./in-process.js";

const DECORATED = `import { traced } from "@await-tree/runtime";
export class Store {
  @traced
  async load(id: number) {
    const rows = await query(id);
    const nested = async (n: number) => {
      await query(n);
    };
    await nested(1);
    return rows;
  }
}
async function query(id: number): Promise<number> {
  return id;
}
`;

function out(e: { files: Map<string, string> }, name: string): string {
  const text = e.files.get(name);
  expect(text, `no output ${name}; got ${[...e.files.keys()].join(", ")}`).to.be.a("string");
  return text as string;
}

describe("transformer: emitted code", function () {
  this.timeout(120_000);

  it("emits the documented shapes (fixtures/shapes/shapes.js)", () => {
    const src = readFileSync(join(fixtures, "shapes", "src", "shapes.ts"), "utf8");
    const dir = project({ "src/shapes.ts": src });
    const e = emit(dir, ["src/shapes.ts"], withPlugin(), { lib: ["lib.es2022.d.ts", "lib.esnext.disposable.d.ts"] });
    expect(e.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).to.deep.equal([]);
    const js = out(e, "src/shapes.js");
    const golden = join(fixtures, "shapes", "shapes.js");
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden, js);
    expect(js).to.equal(readFileSync(golden, "utf8"));
  });

  it("resumes an await by an optional call only where the output keeps `?.` (V8 quotes it as an await)", () => {
    const src = `export async function f(p: Promise<() => number>) { return (await p)(); }\n`;
    const dir = project({ "src/a.ts": src });
    const at = (target: TS.ScriptTarget | undefined, module?: TS.ModuleKind) =>
      out(
        emit(dir, ["src/a.ts"], withPlugin({ traceAll: true }), {
          target,
          ...(module === undefined ? {} : { module }),
        }),
        "src/a.js",
      );
    for (const target of [ts.ScriptTarget.ES2020, ts.ScriptTarget.ES2022, ts.ScriptTarget.ESNext]) {
      expect(at(target)).to.include(
        "(($t_1 = await $at_1.suspend($f_1, $s_1, $at_1.mark($f_1), p), $at_1.resume)?.($f_1, $t_1, $t_1 = void 0)))()",
      );
    }
    // Below ES2020 TypeScript would lower `?.` to a conditional with a temporary: the comma stays.
    for (const target of [ts.ScriptTarget.ES2017, ts.ScriptTarget.ES2019]) {
      const js = at(target);
      expect(js).to.include(
        "($t_1 = await $at_1.suspend($f_1, $s_1, $at_1.mark($f_1), p), $at_1.resume($f_1, $t_1, $t_1 = void 0)))()",
      );
      expect(js).not.to.include("?.");
    }
    // No target: TypeScript's own default (ES5 up to 5.9, so the async function becomes a generator
    // and the comma stays), and `module: node16`'s implied ES2022.
    expect(at(undefined)).not.to.include("?.");
    expect(at(undefined, ts.ModuleKind.Node16)).to.include("$at_1.resume)?.(");
  });

  it("keeps at a body's top level the function declarations that a block would change, and only those, with `await using` too (target ESNext)", () => {
    // In a nested block, `var g; function g() {}` is a SyntaxError in strict code (the whole file
    // fails to load), and in sloppy code a function named as a parameter no longer assigns it. Any
    // other declaration stays in the block, beside the `let`/`const` it may close over (`h` reads
    // `n`: moved out, it threw a ReferenceError).
    const src = `export async function f(): Promise<string> {
  await using r = { async [Symbol.asyncDispose]() {} };
  var g: any = 1;
  function g() {}
  const n = "!";
  await null;
  return typeof g + h();
  function h() { return n; }
}
export async function k(x: number): Promise<string> {
  await null;
  return typeof x;
  function x() {}
}
`;
    const dir = project({ "src/a.ts": src });
    const js = out(
      emit(dir, ["src/a.ts"], withPlugin({ traceAll: true }), {
        target: ts.ScriptTarget.ESNext,
        lib: ["lib.esnext.d.ts"],
        noEmitOnError: false,
      }),
      "src/a.js",
    );
    const sf = ts.createSourceFile("a.js", js, ts.ScriptTarget.ESNext, true);
    const declaredIn = new Map<string, string>();
    const visit = (n: TS.Node): void => {
      if (ts.isFunctionDeclaration(n) && n.name !== undefined && ["g", "h", "x"].includes(n.name.text)) {
        const owner = n.parent.parent;
        declaredIn.set(
          n.name.text,
          ts.isBlock(n.parent) && ts.isFunctionDeclaration(owner) ? String(owner.name?.text) : "a nested block",
        );
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
    expect(Object.fromEntries(declaredIn), js).to.deep.equal({ g: "f", h: "a nested block", x: "k" });
  });

  it("leaves a file without traced code byte-identical", () => {
    const src = `export async function f(x: number) { await null; return x; }\nexport const g = async () => Promise.all([f(1)]);\n`;
    const dir = project({ "src/a.ts": src });
    expect(out(emit(dir, ["src/a.ts"], withPlugin()), "src/a.js")).to.equal(
      out(emit(dir, ["src/a.ts"], undefined), "src/a.js"),
    );
  });

  it("leaves .d.ts output untouched", () => {
    const dir = project({ "src/a.ts": DECORATED });
    const withIt = emit(dir, ["src/a.ts"], withPlugin({ traceAll: true }), { declaration: true });
    const without = emit(dir, ["src/a.ts"], undefined, { declaration: true });
    expect(out(withIt, "src/a.d.ts")).to.equal(out(without, "src/a.d.ts"));
    expect(out(withIt, "src/a.js")).to.not.equal(out(without, "src/a.js"));
  });

  it("gives the same output when it runs twice, and leaves its own output alone", () => {
    const dir = project({ "src/a.ts": DECORATED });
    const once = out(emit(dir, ["src/a.ts"], withPlugin({ traceAll: true })), "src/a.js");
    const twice = out(
      emit(dir, ["src/a.ts"], (p) => [...withPlugin({ traceAll: true })(p), ...withPlugin({ traceAll: true })(p)]),
      "src/a.js",
    );
    expect(twice).to.equal(once);
    // Its own output compiled again (allowJs) comes out as it would without the plugin.
    const again = (before: TS.TransformerFactory<TS.SourceFile>[]) =>
      ts.transpileModule(once, {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, allowJs: true },
        fileName: join(dir, "src", "a.js"),
        transformers: { before },
      }).outputText;
    expect(again([transformer.createTransformer(undefined, { traceAll: true }, ts)])).to.equal(again([]));
  });

  describe("options", () => {
    const PLAIN = `export async function plain(a: number) { await Promise.resolve(a); }\n`;

    it("traceAll: every async function of a matched file, decorated or not", () => {
      const dir = project({ "src/a.ts": PLAIN });
      expect(out(emit(dir, ["src/a.ts"], withPlugin()), "src/a.js")).to.not.contain("$at_1");
      const js = out(emit(dir, ["src/a.ts"], withPlugin({ traceAll: true })), "src/a.js");
      expect(js).to.contain("const $f_1 = $at_1.enter($s_2, a);");
      expect(js).to.contain('parts: ["plain(", ")"], file: "src/a.ts", line: 1, column: 23');
    });

    it("include / exclude: globs relative to the project root select the files touched", () => {
      const dir = project({ "src/in/a.ts": DECORATED, "src/out/b.ts": DECORATED, "src/in/skip.ts": DECORATED });
      const e = emit(
        dir,
        ["src/in/a.ts", "src/out/b.ts", "src/in/skip.ts"],
        withPlugin({ include: ["src/in/**"], exclude: ["**/skip.ts"] }),
      );
      expect(out(e, "src/in/a.js")).to.contain("$at_1.transformed(void 0, $s_");
      expect(out(e, "src/out/b.js")).to.not.contain("$at_1");
      expect(out(e, "src/in/skip.js")).to.not.contain("$at_1");
    });

    it("nested: false leaves async functions inside traced ones alone", () => {
      const dir = project({ "src/a.ts": DECORATED });
      const on = out(emit(dir, ["src/a.ts"], withPlugin()), "src/a.js");
      const off = out(emit(dir, ["src/a.ts"], withPlugin({ nested: false })), "src/a.js");
      expect(on.match(/\$at_1\.enter\(/g)).to.have.length(2);
      expect(off.match(/\$at_1\.enter\(/g)).to.have.length(1);
      expect(off).to.match(/const nested = async \(n\) => \{\s+await query\(n\);/);
    });

    it("maxLabelLength: longer derived labels are cut, and the values after the cut dropped", () => {
      const src = `import { traced } from "@await-tree/runtime";
class A {
  @traced async f(id: number) {
    await this.someRatherLongMethodName(id, "and a long string argument", id);
  }
  async someRatherLongMethodName(..._a: unknown[]) {}
}
`;
      const dir = project({ "src/a.ts": src });
      const js = out(emit(dir, ["src/a.ts"], withPlugin({ maxLabelLength: 40 })), "src/a.js");
      // (The printer escapes non-ASCII characters: \u2026 is "…".)
      expect(js).to.contain('parts: ["this.someRatherLongMethodName(", ", \\"and a\\u2026"]');
      expect(js).to.contain('this.someRatherLongMethodName(id, "and a long string argument", id), id)');
      const dflt = out(emit(dir, ["src/a.ts"], withPlugin()), "src/a.js");
      expect(dflt).to.contain('parts: ["this.someRatherLongMethodName(", ", \\"and a long string argument\\", ", ")"]');
    });

    it("projectRoot: locations are relative to it", () => {
      const dir = project({ "src/a.ts": DECORATED });
      const js = out(emit(dir, ["src/a.ts"], withPlugin({ projectRoot: "src" })), "src/a.js");
      expect(js).to.contain('file: "a.ts", line: 5, column: 18');
      expect(out(emit(dir, ["src/a.ts"], withPlugin()), "src/a.js")).to.contain(
        'file: "src/a.ts", line: 5, column: 18',
      );
    });

    it("tracedModules: without a type checker, a local re-export of traced counts only when listed", () => {
      const src = `import { traced } from "./tracing";\nclass A { @traced async f() { await null; } }\n`;
      const dir = project({ "src/a.ts": src, "src/tracing.ts": `export { traced } from "@await-tree/runtime";\n` });
      expect(transpile(dir, "src/a.ts", src)).to.not.contain("$at_1");
      expect(transpile(dir, "src/a.ts", src, { tracedModules: ["./tracing"] })).to.contain(
        "$at_1.transformed(void 0, $s_",
      );
      // With a type checker the re-export is followed without being listed.
      expect(out(emit(dir, ["src/a.ts"], withPlugin()), "src/a.js")).to.contain("$at_1.transformed(void 0, $s_");
    });
  });

  describe("the names it declares", () => {
    const program = (extra: string) => `${extra}
export async function load(p: Promise<number>) {
  const [a, b] = await Promise.all([p, p]);
  return a + b + (await p);
}
`;
    const count = (js: string, name: string) => js.split(name).length - 1;

    it("numbers sites, awaited values and joins past the names the file writes", () => {
      const dir = project({ "src/a.ts": program("export const $s_1 = 1, $t_1 = 2, $j_1 = 3; // $s_2 in a comment") });
      const js = out(emit(dir, ["src/a.ts"], withPlugin({ traceAll: true })), "src/a.js");
      // The program's own, declared by it alone and never assigned by the emitted code.
      expect(js).to.include("exports.$s_1 = 1, exports.$t_1 = 2, exports.$j_1 = 3");
      expect(js).to.not.match(/\$t_1 = await|\$j_1 = \[/);
      expect(count(js, "$s_2")).to.equal(1, "a name written only in a comment is skipped too");
      expect(js).to.match(/var \$s_3 = /);
      expect(js).to.match(/let \$j_2, \$t_2;/);
    });

    it("leaves the names to TypeScript where the file writes a base name itself ($s, $t or $j)", () => {
      const dir = project({ "src/a.ts": program("export let $s = 0, $t = 0, $j = 0;") });
      const js = out(emit(dir, ["src/a.ts"], withPlugin({ traceAll: true })), "src/a.js");
      expect(js).to.match(/var \$s_1 = /);
      expect(js).to.match(/let \$j_1, \$t_1;/);
    });
  });

  describe("labels", () => {
    // Found in BullMQ's suite on the Vite route (`this.trace<void | Job<...>>(...)`), and the same on
    // every route: the labels showed TypeScript's own syntax.
    it("show the awaited expression as it runs: no type arguments, assertions, non-null marks or annotations", () => {
      const src = `class Box<T> { constructor(readonly v: T) {} ready = Promise.resolve(1); }
async function get<T>(x: T): Promise<T> { return x; }
const f: (<T>(x: T) => Promise<T>) | undefined = get;
function tag<T>(s: TemplateStringsArray, ...v: T[]): Promise<number> { return Promise.resolve(s.length + v.length); }
export async function main(id: number, ids: number[]) {
  await get<number | string>(id);
  await (get(id) as Promise<number>);
  await get(id)!;
  await <Promise<number>>get(id);
  await (get(id) satisfies Promise<number>);
  await new Box<number>(id).ready;
  await Promise.all(ids.map(async (x: number): Promise<number> => x));
  await tag<number>\`a\${id}\`;
  await get/* <c> */<number>(id);
  await f?.<number>(id);
  await (async <T,>(v: T, w?: T): Promise<T> => v)(id);
  await get<Array<Map<string, number>>>(id)!;
  await ((id as number) + 1 as unknown as Promise<number>);
}
`;
      const dir = project({ "src/a.ts": src });
      const js = out(emit(dir, ["src/a.ts"], withPlugin({ traceAll: true })), "src/a.js");
      const labels = [...js.matchAll(/parts: (\[[^\]]*\]), file: "src\/a\.ts", line: (\d+)/g)]
        .filter((m) => Number(m[2]) >= 6 && Number(m[2]) <= 18)
        .map((m) => (JSON.parse(m[1] as string) as string[]).join("${}"))
        .filter((label) => !/^(<anonymous>|x$|v$)/.test(label)); // the arrows' own frames and returns
      expect(labels).to.deep.equal([
        "get(${})",
        "get(${})",
        "get(${})",
        "get(${})",
        "get(${})",
        "new Box(${}).ready",
        "Promise.all(ids.map(async (x) => x))",
        "tag`a${id}`",
        "get(${})",
        "f?.(id)",
        "(async (v, w) => v)(${})",
        "get(${})",
        "((id) + 1)", // only the outermost parentheses go (tsc: `id + 1`)
      ]);
    });
  });

  describe("what is traced", () => {
    it("a look-alike traced from another module is not the runtime's (with and without a checker)", () => {
      const src = `import { traced } from "./mine";\nclass A { @traced async f() { await null; } }\n`;
      const dir = project({ "src/a.ts": src, "src/mine.ts": "export function traced(..._a: any[]): any {}\n" });
      expect(out(emit(dir, ["src/a.ts"], withPlugin()), "src/a.js")).to.not.contain("$at_1");
      expect(transpile(dir, "src/a.ts", src)).to.not.contain("$at_1");
    });

    it("a local variable named traced shadows the import", () => {
      const src = `import { traced } from "@await-tree/runtime";\nexport function g() {\n  const traced = (f: unknown) => f;\n  return traced(async () => { await null; });\n}\nexport { traced };\n`;
      const dir = project({ "src/a.ts": src });
      expect(out(emit(dir, ["src/a.ts"], withPlugin()), "src/a.js")).to.not.contain("$at_1");
      expect(transpile(dir, "src/a.ts", src)).to.not.contain("$at_1");
    });

    it("a parameter default that calls something is transformed: the handover names the body's site", () => {
      const src = `import { traced } from "@await-tree/runtime";\nconst d = () => 1;\nclass A { @traced async f(x = d()) { await null; return x; } }\n`;
      const dir = project({ "src/a.ts": src });
      const js = out(emit(dir, ["src/a.ts"], withPlugin({ traceAll: true })), "src/a.js");
      const site = /\$at_1\.transformed\(void 0, (\$s_\d+)\)/.exec(js)?.[1];
      expect(site, js).to.be.a("string");
      expect(js).to.contain(`$at_1.enter(${site})`);
    });

    it("only the innermost of two @traced hands its frame to the body", () => {
      const src = `import { traced } from "@await-tree/runtime";\nclass A {\n  @traced("outer")\n  @traced("inner")\n  async f() { await null; }\n}\n`;
      const dir = project({ "src/a.ts": src });
      const js = out(emit(dir, ["src/a.ts"], withPlugin()), "src/a.js");
      expect(js).to.match(
        /\(0, runtime_1\.traced\)\("outer"\), \(0, runtime_1\.traced\)\(\$at_1\.transformed\("inner", \$s_\d+, \[\], true\)\)/,
      );
    });

    it("joins only the global Promise", () => {
      const src = `import { traced } from "@await-tree/runtime";
class A {
  @traced async f(xs: Promise<number>[]) {
    await Promise.all(xs);
    {
      const Promise = { all: async (x: unknown) => x };
      await Promise.all(xs);
    }
  }
}
`;
      const dir = project({ "src/a.ts": src });
      const js = out(emit(dir, ["src/a.ts"], withPlugin()), "src/a.js");
      expect(js.match(/\$at_1\.join\(/g)).to.have.length(1);
    });

    it("tells the runtime which joins an await waits on directly (through parentheses and type assertions)", () => {
      const src = `import { traced } from "@await-tree/runtime";
class A {
  @traced async f(xs: Promise<number>[]) {
    await Promise.all(xs);
    await (Promise.race(xs) as Promise<number>)!;
    const later = Promise.any(xs);
    await later;
    await Promise.all([Promise.allSettled(xs)]);
    return Promise.all(xs);
  }
}
`;
      const dir = project({ "src/a.ts": src });
      const js = out(emit(dir, ["src/a.ts"], withPlugin()), "src/a.js");
      // Awaited directly: all(xs), race(xs) and the outer all; not: any (stored), the inner
      // allSettled (an input), the returned all.
      // The last argument clears the temporary once the join has read it.
      expect(js.match(/\$j_1\[0\], true, \$j_1 = void 0\)/g)).to.have.length(3);
      expect(js.match(/\$j_1\[0\], false, \$j_1 = void 0\)/g)).to.have.length(3);
      expect(js).to.match(/join\(Promise\.race\(.*\$j_1\[0\], true, \$j_1 = void 0\)/);
      expect(js).to.match(/const later = \$at_1\.join\(Promise\.any\(.*\$j_1\[0\], false, \$j_1 = void 0\);/);
      expect(js.match(/\$at_1\.join\(/g)).to.have.length(6);
    });

    it("reads a variable again for a label only when nothing can have changed it", () => {
      const src = `import { traced } from "@await-tree/runtime";
import { imported } from "./other";
let moduleLet = 1;
export function bump() { moduleLet++; }
export let exportedLet = 5;
const moduleConst = 2;
class A {
  @traced async f(param: number) {
    for (let i = 0; i < 3; i++) await g(i, param, moduleConst, moduleLet, imported, exportedLet, globalThis, undefined);
    let closed = 1;
    const set = () => { closed = 2; };
    set();
    await g(closed, param = 3);
  }
}
async function g(..._a: unknown[]) {}
`;
      const dir = project({ "src/a.ts": src, "src/other.ts": "export const imported = 1;\n" });
      const js = out(emit(dir, ["src/a.ts"], withPlugin()), "src/a.js");
      expect(js).to.contain('parts: ["g(", ", ", ", ", ", moduleLet, imported, ", ", globalThis, undefined)"]');
      expect(js).to.contain('parts: ["g(closed, param = 3)"]');
      // Each value is read after the call, through the same binding (an exported let reads exports.x).
      expect(js).to.contain(
        "g(i, param, moduleConst, moduleLet, other_1.imported, exports.exportedLet, globalThis, undefined), [i, param, moduleConst, exports.exportedLet])",
      );
    });

    it("names frames of functions without a wrapper as their runtime names read", () => {
      const src = `export default async function () { await null; }
const api = { async list() { await null; }, get: async (id: number) => id };
class Repo { find = async ({ id }: { id: number }, [first]: number[], ...rest: string[]) => id + first + rest.length; }
let handler: unknown;
handler = async function () { await null; };
export { api, Repo, handler };
`;
      const dir = project({ "src/a.ts": src });
      const js = out(emit(dir, ["src/a.ts"], withPlugin({ traceAll: true })), "src/a.js");
      for (const parts of [
        '["default()"]',
        '["list()"]',
        '["get(", ")"]',
        '["Repo.find({\\u2026}, [\\u2026], ", ")"]',
        '["handler()"]',
      ]) {
        expect(js).to.contain(`parts: ${parts}`);
      }
    });

    it("keeps a script a script: CommonJS require, no 'use strict' added", () => {
      const src = `async function f() { await null; return this; }\n`;
      const dir = project({ "src/a.ts": src });
      const js = out(
        emit(dir, ["src/a.ts"], withPlugin({ traceAll: true }), { strict: false, noImplicitThis: false }),
        "src/a.js",
      );
      expect(js.split("\n")[0]).to.equal('var $at_1 = require("@await-tree/runtime/instrument");');
      expect(js).to.not.contain("use strict");
    });
  });

  describe("failure modes of the programmatic API", () => {
    it("createTransformer throws an OptionError naming a bad option", () => {
      expect(() => transformer.createTransformer(undefined, { bogus: 1 }, ts))
        .to.throw(transformer.OptionError, 'unknown option "bogus"')
        .with.property("option", "bogus");
      expect(() => transformer.createTransformer(undefined, { exclude: [1] }, ts)).to.throw(
        'option "exclude" must be an array of non-empty strings',
      );
      expect(() => transformer.createTransformer(undefined, { projectRoot: "" }, ts)).to.throw(
        'option "projectRoot" must be a non-empty string',
      );
    });

    it("a misplaced @traced throws a TransformerError carrying the TS97302 diagnostic", () => {
      const src = `import { traced } from "@await-tree/runtime";\nclass A { @traced n = 1; }\n`;
      const dir = project({ "src/a.ts": src });
      let caught: unknown;
      try {
        emit(dir, ["src/a.ts"], withPlugin(), { experimentalDecorators: true });
      } catch (e) {
        caught = e;
      }
      expect(caught).to.be.instanceOf(transformer.TransformerError);
      const err = caught as InstanceType<TransformerModule["TransformerError"]>;
      expect(err.diagnostic.code).to.equal(transformer.DiagnosticCode.TracedNotAsync);
      expect(err.message).to.match(/a\.ts:2:11 - error TS97302: .* but 'A\.n' is a property\.$/);
    });

    it("the ts-patch entry adds diagnostics where tsc reports them, and throws elsewhere", () => {
      const src = `import { traced } from "@await-tree/runtime";\nclass A { @traced n = 1; }\n`;
      const dir = project({ "src/a.ts": src });
      const added: TS.Diagnostic[] = [];
      const viaTsc = (p: TS.Program) =>
        transformer.default(p, {}, { ts, library: "tsc", addDiagnostic: (d) => added.push(d) }).before;
      emit(dir, ["src/a.ts"], viaTsc, { experimentalDecorators: true });
      expect(added.map((d) => d.code)).to.deep.equal([97302]);
      const viaLibrary = (p: TS.Program) =>
        transformer.default(p, {}, { ts, library: "typescript", addDiagnostic: () => 0 }).before;
      expect(() => emit(dir, ["src/a.ts"], viaLibrary, { experimentalDecorators: true })).to.throw(/TS97302/);
      const badOptions: TS.Diagnostic[] = [];
      const r = transformer.default(
        undefined as unknown as TS.Program,
        { traceAll: 1 },
        {
          ts,
          library: "tsc",
          addDiagnostic: (d) => badOptions.push(d),
        },
      );
      expect(badOptions.map((d) => d.code)).to.deep.equal([97301]);
      expect(r.before).to.have.length(1);
    });
  });
});

type TransformerModule = typeof transformer;
