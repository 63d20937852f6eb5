// transformSource: the compiler-neutral core that Node's module hooks (and bundlers) call.
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot } from "../transformer/helpers.js";

type Result =
  | { status: "unchanged"; reason: string }
  | {
      status: "transformed";
      code: string;
      map: { sources: string[]; mappings: string } | undefined;
      diagnostics: string[];
    };
interface TransformerModule {
  transformSource(code: string, fileName: string, options?: Record<string, unknown>): Result;
  mayTrace(code: string, options?: Record<string, unknown>): boolean;
  OptionError: new (...args: never[]) => Error;
}
const transformer = createRequire(import.meta.url)(join(repoRoot, "packages", "transformer")) as TransformerModule;

const TRACED = `import { traced } from "@await-tree/runtime";
export class Users {
  @traced()
  async load(id: number): Promise<number> {
    const row: number = await fetchRow(id);
    return row;
  }
}
async function fetchRow(id: number): Promise<number> {
  return id;
}
`;
const file = join(repoRoot, "src", "users.ts");

describe("register: transformSource (compiler-neutral core)", () => {
  it("leaves a file with nothing to trace unchanged, decided without parsing", () => {
    const r = transformer.transformSource("export const x: number = 1;\nasync function f() { await 1; }\n", file);
    expect(r).to.deep.equal({ status: "unchanged", reason: "nothing to trace" });
    expect(transformer.mayTrace("const traced = 1; // no runtime import")).to.equal(false);
    expect(transformer.mayTrace("async function f() {}", { traceAll: true })).to.equal(true);
  });

  it("leaves a look-alike `traced` (not the runtime's) unchanged", () => {
    const r = transformer.transformSource(
      'import { traced } from "./mine";\n// @await-tree/runtime is mentioned only here\nclass A { @traced() async f() { await 1; } }\n',
      file,
    );
    expect(r.status).to.equal("unchanged");
  });

  it("instruments TypeScript into JavaScript with the runtime's hooks, types removed, and a source map", () => {
    const r = transformer.transformSource(TRACED, file, { format: "module" });
    expect(r.status).to.equal("transformed");
    if (r.status !== "transformed") return;
    expect(r.code).to.include('from "@await-tree/runtime/instrument"');
    expect(r.code).to.match(/\.suspend\(/);
    expect(r.code).to.not.include(": Promise<number>");
    expect(r.code).to.not.include("sourceMappingURL");
    expect(r.map?.sources).to.deep.equal([file]);
    expect(r.map?.mappings.length).to.be.greaterThan(0);
    expect(r.diagnostics).to.deep.equal([]);
  });

  it("writes CommonJS when asked, and by default for .cts files", () => {
    for (const [name, options] of [
      ["users.ts", { format: "commonjs" }],
      ["users.cts", {}],
    ] as const) {
      const r = transformer.transformSource(TRACED, join(repoRoot, "src", name), options);
      expect(r.status).to.equal("transformed");
      if (r.status === "transformed") expect(r.code).to.include('require("@await-tree/runtime/instrument")');
    }
  });

  it("format bundler: the module syntax as written, whatever the extension, for a bundler to read", () => {
    const code = (name: string, text: string, compilerOptions: Record<string, unknown> = {}): string => {
      const r = transformer.transformSource(text, join(repoRoot, "src", name), {
        format: "bundler",
        traceAll: true,
        compilerOptions,
      });
      expect(r.status, name).to.equal("transformed");
      return r.status === "transformed" ? r.code : "";
    };
    // A .cts written with ES module syntax stays so (the bundler decides what it is).
    const cts = code("helper.cts", `${TRACED}import path from "node:path";\nexport const sep = path.sep;\n`);
    expect(cts).to.match(/^import \* as \$at_1 from "@await-tree\/runtime\/instrument";/m);
    expect(cts).to.include('import path from "node:path";');
    expect(cts).to.not.include("require(");
    // A script: an import, unless it loads with `require` (then CommonJS to the bundler).
    const script = "async function main() { await null; }\nmain();\n";
    expect(code("script.ts", script)).to.match(/^import \* as \$at_1 from/);
    expect(code("old.js", `const fs = require("node:fs");\n${script}`)).to.match(/^var \$at_1 = require\(/);
    // An unused import is kept where the tsconfig says verbatimModuleSyntax (its module's side effects).
    const unused = `import { unused } from "./side.js";\n${script}`;
    expect(code("a.ts", unused, { verbatimModuleSyntax: true })).to.include('import { unused } from "./side.js";');
    expect(code("b.ts", unused)).to.not.include("./side.js");
    // JSX pragmas stay first, before what the transformer puts at the top.
    const tsx = code("view.tsx", `/** @jsx h */\n${script}`, { jsx: "preserve" });
    expect(tsx.startsWith("/** @jsx h */")).to.equal(true);
  });

  it("labels locations relative to the project root, as the ts-patch plugin does", () => {
    const r = transformer.transformSource(TRACED, file, { projectRoot: repoRoot });
    expect(r.status).to.equal("transformed");
    if (r.status === "transformed") expect(r.code).to.include('file: "src/users.ts", line: 5');
  });

  it("returns a file it cannot parse unchanged, with the parser's message", () => {
    const r = transformer.transformSource(`${TRACED}\nclass {{{ broken`, file);
    expect(r.status).to.equal("unchanged");
    if (r.status === "unchanged") expect(r.reason).to.match(/users\.ts:\d+:\d+ - error TS\d+/);
  });

  it("returns a file whose nesting overflows TypeScript's parser unchanged, saying so, never throwing", () => {
    const deep = `export async function f(x) {\n  return await ${"(".repeat(1000)}x${")".repeat(1000)};\n}\n`;
    const r = transformer.transformSource(deep, join(repoRoot, "src", "deep.js"), { traceAll: true });
    expect(r.status).to.equal("unchanged");
    expect(r.status === "unchanged" && r.reason).to.equal(
      "the transformer could not process it (RangeError: Maximum call stack size exceeded)",
    );
  });

  it("instruments a bare `traced` decorator in compiled output (`_decorators = [traced]`)", () => {
    // TypeScript 7's lowering of `@traced` without a call: once crashed the rewrite (it re-entered itself).
    const js = `import { traced } from "@await-tree/runtime";
let Users = (() => {
  let _load_decorators;
  return class Users {
    static { _load_decorators = [traced]; __esDecorate(this, null, _load_decorators, { kind: "method", name: "load" }, null, []); }
    async load(id) { return await fetchRow(id); }
  };
})();
async function fetchRow(id) { return id; }
function __esDecorate() {}
export { Users };
`;
    const r = transformer.transformSource(js, join(repoRoot, "src", "users.js"));
    expect(r.status, r.status === "unchanged" ? r.reason : "").to.equal("transformed");
    expect(r.status === "transformed" && r.code).to.match(/_load_decorators = \[traced\(/);
  });

  it("reports a misplaced @traced as a diagnostic instead of failing", () => {
    const r = transformer.transformSource(
      'import { traced } from "@await-tree/runtime";\nclass A { @traced() sync(): number { return 1; } @traced() async ok() { await 1; } }\n',
      file,
    );
    expect(r.status).to.equal("transformed");
    if (r.status === "transformed") expect(r.diagnostics.join("\n")).to.include("TS97302");
  });

  it("rejects invalid options with an error naming the option", () => {
    expect(() => transformer.transformSource(TRACED, file, { traceAll: "yes" })).to.throw(/traceAll/);
    expect(() => transformer.transformSource(TRACED, file, { tracAll: true })).to.throw(/unknown option "tracAll"/);
  });

  it("rejects invalid values of its own options (format, compilerOptions, sourceMap, inputSourceMap)", () => {
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ format: "esm" }, /option "format" must be "module", "commonjs" or "bundler", got the string "esm"/],
      [{ compilerOptions: 5 }, /option "compilerOptions" must be an object, got number 5/],
      [{ compilerOptions: [] }, /option "compilerOptions" must be an object, got an array/],
      [{ sourceMap: "no" }, /option "sourceMap" must be true or false/],
      [{ inputSourceMap: "{not json" }, /option "inputSourceMap" is not valid JSON/],
      [{ inputSourceMap: { version: 3 } }, /option "inputSourceMap" must be a source map/],
    ];
    for (const [options, message] of bad) {
      expect(() => transformer.transformSource(TRACED, file, options), JSON.stringify(options))
        .to.throw(transformer.OptionError)
        .with.property("message")
        .that.matches(message);
    }
  });

  it("instruments hand-written CommonJS that destructures `traced` from `require` of the runtime", () => {
    const cjs = (binding: string, callee: string) =>
      `const { ${binding} } = require("@await-tree/runtime");
exports.load = ${callee}(async function load(id) {
  return await fetchRow(id);
});
async function fetchRow(id) { return id; }
`;
    for (const [binding, callee] of [
      ["traced", "traced"],
      ["traced: t", "t"],
      ['"traced": t', "t"],
    ] as const) {
      const r = transformer.transformSource(cjs(binding, callee), join(repoRoot, "src", "users.cjs"));
      expect(r.status, `${binding}: ${r.status === "unchanged" ? r.reason : ""}`).to.equal("transformed");
      if (r.status === "transformed") expect(r.code, binding).to.include("fetchRow(");
      if (r.status === "transformed") expect(r.code, binding).to.match(/suspend\(/);
    }
    // Another export of the runtime bound the same way is not `traced`; nor is a look-alike's.
    for (const code of [
      'const { register: traced } = require("@await-tree/runtime");\nexports.f = traced(async function f() { await 1; });\n',
      'const { traced } = require("./my-traced");\nexports.f = traced(async function f() { await 1; });\n',
      'const { traced } = require("@await-tree/runtime");\nfunction g(traced) { return traced(async function f() { await 1; }); }\n',
    ]) {
      const r = transformer.transformSource(code, join(repoRoot, "src", "other.cjs"));
      expect(r.status === "transformed" && /suspend\(/.test(r.code), code).to.equal(false);
    }
  });

  it("chains a map given in memory (`inputSourceMap`), as it does one named by the code's own comment", () => {
    // The compiled file's single line maps back to line 7 of an original it never names by comment.
    const js =
      'import { traced } from "@await-tree/runtime";\nexport const f = traced(async function f(p) { return await p; });\n';
    const map = { version: 3, sources: ["orig.ts"], names: [], mappings: ";AAMA" };
    for (const inputSourceMap of [map, JSON.stringify(map)]) {
      const r = transformer.transformSource(js, join(repoRoot, "src", "compiled.js"), { inputSourceMap });
      expect(r.status).to.equal("transformed");
      if (r.status !== "transformed") continue;
      expect(r.map?.sources).to.deep.equal([join(repoRoot, "src", "orig.ts")]);
      expect(r.code).to.include('file: "src/orig.ts", line: 7');
    }
  });
});
