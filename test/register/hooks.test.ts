// Node's module hooks (`node --import @await-tree/transformer/register`): real child processes on
// projects written by the test, in both module formats and decorator modes, under tsx too, with
// the configuration errors a user meets.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { explain, node } from "../transformer/helpers.js";
import { masked, REGISTER, runHooked, runTsx, TSX_CLI, USERS_TREE, usersProgram, writeProject } from "./support.js";

const plugin = (options: Record<string, unknown> = {}) => ({ transform: "@await-tree/transformer", ...options });
const esmConfig = (plugins: unknown[] = [plugin()]) => ({
  compilerOptions: {
    target: "ES2022",
    module: "nodenext",
    strict: true,
    allowImportingTsExtensions: true,
    noEmit: true,
    plugins,
  },
});
const cjsConfig = (plugins: unknown[] = [plugin()]) => ({
  compilerOptions: { target: "ES2022", module: "commonjs", strict: true, experimentalDecorators: true, plugins },
});

/** ES modules with legacy decorators and `design:*` metadata. */
const metadataConfig = () => ({
  compilerOptions: { ...esmConfig().compilerOptions, experimentalDecorators: true, emitDecoratorMetadata: true },
});
/** A `Reflect.metadata` that records each class's `design:paramtypes` by name, and a no-op decorator. */
const META_TS = `export const seen = new Map<string, string>();
(Reflect as unknown as { metadata: unknown }).metadata = (k: string, v: unknown) => (t: { name: string }, p?: string) => {
  if (k === "design:paramtypes") seen.set(p ?? t.name, (v as { name: string }[]).map((c) => c.name).join(","));
};
export function inject(..._args: unknown[]): void {}
`;

function entries(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".json")).length;
}

describe("register: Node's module hooks", function () {
  this.timeout(120_000);

  it("ES modules, standard decorators: every await of a @traced method is a span with its .ts location", async () => {
    const dir = writeProject("hooks-esm", {
      type: "module",
      tsconfig: esmConfig(),
      files: usersProgram({ imports: "./db.ts", decorators: "standard" }),
    });
    const r = await runHooked(dir, "src/main.ts");
    expect(r.code, explain(r)).to.equal(0);
    expect(masked(r)).to.equal(USERS_TREE);
    expect(r.stderr).to.equal("");
  });

  it("CommonJS, experimentalDecorators, TypeScript's `.js` import names: the same tree", async () => {
    const dir = writeProject("hooks-cjs", {
      type: "commonjs",
      tsconfig: cjsConfig(),
      files: usersProgram({ imports: "./db.js", decorators: "legacy" }),
    });
    const r = await runHooked(dir, "src/main.ts");
    expect(r.code, explain(r)).to.equal(0);
    expect(masked(r)).to.equal(USERS_TREE);
  });

  it("under tsx (`tsx --import @await-tree/transformer/register`): the same tree, in both formats", async () => {
    for (const [name, type, config, imports] of [
      ["tsx-esm", "module", esmConfig(), "./db.ts"],
      ["tsx-cjs", "commonjs", cjsConfig(), "./db.js"],
    ] as const) {
      const dir = writeProject(name, {
        type,
        tsconfig: config,
        files: usersProgram({ imports, decorators: "standard" }),
      });
      const r = await runTsx(dir, "src/main.ts");
      expect(r.code, `${name}: ${explain(r)}`).to.equal(0);
      expect(masked(r), name).to.equal(USERS_TREE);
    }
  });

  it("caches compiled files: a second start reads them, an edited file is compiled again, AWAIT_TREE_CACHE=0 writes none", async () => {
    const dir = writeProject("hooks-cache", {
      type: "module",
      tsconfig: esmConfig(),
      files: usersProgram({ imports: "./db.ts", decorators: "standard" }),
    });
    const cache = join(dir, ".cache");
    const first = await runHooked(dir, "src/main.ts");
    expect(first.code, explain(first)).to.equal(0);
    const written = entries(cache);
    expect(written).to.be.greaterThanOrEqual(2); // two source files and the resolved tsconfig
    const second = await runHooked(dir, "src/main.ts");
    expect(masked(second)).to.equal(masked(first));
    expect(entries(cache)).to.equal(written);
    writeFileSync(
      join(dir, "src", "db.ts"),
      "export class Db { query(): Promise<string> { return new Promise(() => {}); } }\n// edited\n",
    );
    const third = await runHooked(dir, "src/main.ts");
    expect(third.code, explain(third)).to.equal(0);
    expect(entries(cache)).to.equal(written + 1);
    const off = writeProject("hooks-cache-off", {
      type: "module",
      tsconfig: esmConfig(),
      files: usersProgram({ imports: "./db.ts", decorators: "standard" }),
    });
    const r = await runHooked(off, "src/main.ts", { AWAIT_TREE_CACHE: "0" });
    expect(masked(r)).to.equal(USERS_TREE);
    expect(existsSync(join(off, ".cache"))).to.equal(false);
    expect(existsSync(join(off, "node_modules", ".cache"))).to.equal(false);
  });

  it("remembers JavaScript it parsed and left as it is: a warm start loads no TypeScript compiler", async () => {
    // It names `traced` and the runtime, so the core parses it, and traces nothing. So does the
    // runtime's own build output here, linked from outside node_modules as in a monorepo.
    const main = [
      'const { traced } = require("@await-tree/runtime");',
      "process.on('exit', () => {",
      "  const compiler = Object.keys(require.cache).some((k) => /typescript-for-transform.*\\.js$/.test(k));",
      "  console.log(`compiler loaded: ${compiler}`);",
      "});",
      "console.log(typeof traced);",
      "",
    ].join("\n");
    const dir = writeProject("hooks-cache-unchanged", {
      type: "commonjs",
      tsconfig: cjsConfig(),
      files: { "src/main.js": main },
    });
    const cold = await runHooked(dir, "src/main.js");
    expect(cold.code, explain(cold)).to.equal(0);
    expect(cold.stdout).to.equal("function\ncompiler loaded: true\n");
    const written = entries(join(dir, ".cache"));
    const warm = await runHooked(dir, "src/main.js");
    expect(warm.code, explain(warm)).to.equal(0);
    expect(warm.stdout).to.equal("function\ncompiler loaded: false\n");
    expect(warm.stderr).to.equal("");
    expect(entries(join(dir, ".cache"))).to.equal(written);
  });

  it("never parses our own packages' files, even linked from outside node_modules: a cold start of JavaScript that traces nothing loads no TypeScript compiler", async () => {
    // In this repository @await-tree/runtime is a workspace link: Node loads its files from
    // packages/runtime, outside node_modules, and some of them name `traced` and the runtime.
    const main = [
      'const rt = require("@await-tree/runtime");',
      "process.on('exit', () => {",
      "  const compiler = Object.keys(require.cache).some((k) => /typescript-for-transform.*\\.js$/.test(k));",
      "  const runtime = Object.keys(require.cache).some((k) => !k.includes('node_modules') && k.includes('runtime'));",
      "  console.log(`compiler loaded: ${compiler}, runtime outside node_modules: ${runtime}`);",
      "});",
      "console.log(typeof rt.Registry);",
      "",
    ].join("\n");
    // No tsconfig and no cache: nothing else would load the compiler (a tsconfig is read with it).
    const dir = writeProject("hooks-own-packages", { type: "commonjs", files: { "src/main.js": main } });
    const r = await runHooked(dir, "src/main.js", { AWAIT_TREE_CACHE: "0" });
    expect(r.code, explain(r)).to.equal(0);
    expect(r.stdout).to.equal("function\ncompiler loaded: false, runtime outside node_modules: true\n");
    expect(r.stderr).to.equal("");
  });

  it('with `"exclude": []` (node_modules traceable) and no tsconfig, the TypeScript compiler the hook loads is not compiled through the hook itself', async () => {
    // Found running koa's suite: no tsconfig, so the first traced file loads the compiler; its
    // files went through the require hook, which compiled them with the compiler still half
    // loaded (`ts.convertCompilerOptionsFromJson is not a function`), and the program stopped.
    const main = [
      "async function hang(id) { await new Promise(() => {}); }",
      'import("@await-tree/runtime").then(({ initGlobalRegistry }) => {',
      "  const registry = initGlobalRegistry();",
      '  void registry.register("t", "t").run(() => hang(1));',
      '  setTimeout(() => { console.log(registry.get("t")?.toString()); process.exit(0); }, 20);',
      "});",
      "",
    ].join("\n");
    for (const type of ["commonjs", "module"] as const) {
      const dir = writeProject(`hooks-exclude-empty-${type}`, { type, files: { "src/main.js": main } });
      const r = await runHooked(dir, "src/main.js", {
        AWAIT_TREE_CACHE: "0",
        AWAIT_TREE_AUTO_INIT: "0",
        AWAIT_TREE_TRANSFORMER: JSON.stringify({ traceAll: true, exclude: [] }),
      });
      expect(r.code, explain(r)).to.equal(0);
      expect(masked(r), type).to.equal("t [T]\n  hang(1) [T]\n    new Promise(() => {}) [T]\n\n");
      expect(r.stderr, type).to.equal("");
    }
  });
  it('under tsx with `"exclude": []`: a package\'s JavaScript, whose map from tsx names the file itself, is instrumented (no endless map chain)', async () => {
    // Found running a commander + execa CLI under tsx (2026-12-05): every run ended in "Maximum
    // call stack size exceeded" in the source-map chaining. tsx's map of a package's .js names the
    // file itself as its source (tsx rewrites the dynamic `import()` of a package's file: listr2's),
    // and the chain gave that map again for that source, forever.
    const dir = writeProject("hooks-tsx-package-map", {
      type: "module",
      tsconfig: esmConfig(),
      files: {
        "node_modules/pkg/package.json": '{ "name": "pkg", "type": "module", "main": "index.js" }\n',
        "node_modules/pkg/index.js":
          'export async function load(id) {\n  await new Promise(() => {});\n  return import("node:os");\n}\n',
        "src/main.ts": [
          'import { initGlobalRegistry } from "@await-tree/runtime";',
          'import { load } from "pkg";',
          "const registry = initGlobalRegistry();",
          'void registry.register("t", "t").run(() => load(7));',
          'setTimeout(() => { console.log(registry.get("t")?.toString({ locations: true })); process.exit(0); }, 50);',
          "",
        ].join("\n"),
      },
    });
    const r = await node([TSX_CLI, "--import", REGISTER, "src/main.ts"], {
      cwd: dir,
      env: { AWAIT_TREE_CACHE: "0", AWAIT_TREE_TRANSFORMER: JSON.stringify({ traceAll: true, exclude: [] }) },
    });
    expect(r.code, explain(r)).to.equal(0);
    expect(masked(r)).to.match(
      /^t \[T\]\n {2}load\(7\) \[T\] at node_modules\/pkg\/index\.js:1:23\n {4}new Promise\(\(\) => \{\}\) \[T\] at node_modules\/pkg\/index\.js:2:3\n/,
    );
  });

  it("says what the compile said of a file on a warm start too: a misplaced @traced's diagnostic", async () => {
    // main.ts is instrumented (A.ok) with a diagnostic (A.sync); only.ts has only the misplaced
    // decorator, so nothing is instrumented there and the diagnostic is the reason.
    const dir = writeProject("hooks-cache-diagnostic", {
      type: "module",
      tsconfig: esmConfig(),
      files: {
        "src/only.ts": [
          'import { traced } from "@await-tree/runtime";',
          "export class B {",
          "  @traced() sync(): number { return 3; }",
          "}",
          "",
        ].join("\n"),
        "src/main.ts": [
          'import { traced } from "@await-tree/runtime";',
          'import { B } from "./only.ts";',
          "class A {",
          "  @traced() sync(): number { return 1; }",
          "  @traced() async ok(): Promise<number> { return await Promise.resolve(2); }",
          "}",
          "console.log(new A().sync(), await new A().ok(), new B().sync());",
          "",
        ].join("\n"),
      },
    });
    for (const start of ["cold", "warm"]) {
      const r = await runHooked(dir, "src/main.ts");
      expect(r.code, `${start}: ${explain(r)}`).to.equal(0);
      expect(r.stdout, start).to.equal("1 2 3\n");
      const lines = r.stderr.split("\n").filter((l) => l.includes("TS97302"));
      expect(lines, `${start}: ${r.stderr}`).to.have.length(2);
      expect(
        lines.filter((l) => l.includes("main.ts:4:")),
        start,
      ).to.have.length(1);
      expect(
        lines.filter((l) => l.includes("only.ts") && l.includes("was not instrumented")),
        start,
      ).to.have.length(1);
    }
  });

  it("compiler options a tsconfig inherits through `extends` shape the JavaScript, as for tsc", async () => {
    // A shared base's options used to be dropped: only the file's own compilerOptions were read.
    const dir = writeProject("cfg-inherited", {
      type: "module",
      tsconfig: { extends: "./base.json", compilerOptions: { module: "nodenext" } },
      files: {
        "base.json": `${JSON.stringify({ compilerOptions: { target: "ES2022", experimentalDecorators: true, useDefineForClassFields: false } })}\n`,
        "src/main.ts": `import { traced } from "@await-tree/runtime";
function log(...args: unknown[]): void { console.log("decorator args:", args.length, typeof args[1]); }
class A { @log m() {} }
class Base { set x(v: number) { console.log("setter called with", v); } }
class Derived extends Base { x = 1; }
console.log("own property:", Object.hasOwn(new Derived(), "x"));
class Svc { @traced async run(): Promise<number> { await null; return 1; } }
void new A();
console.log("run:", await new Svc().run());
`,
      },
    });
    const r = await runHooked(dir, "src/main.ts");
    expect(r.stdout, explain(r)).to.equal(
      "decorator args: 3 string\nsetter called with 1\nown property: false\nrun: 1\n",
    );
  });

  it("a CommonJS package under `module: nodenext` keeps what that module setting implies, as for tsc: esModuleInterop (a default import of CommonJS) and files as modules", async () => {
    // The hook compiles a CommonJS file with `module: commonjs`, which implies neither: split2's
    // `import split2 from "split2"` became `(0, split2_1.default)()` without `__importDefault`
    // and threw `is not a function` (an audit of streams, 2026-12-05), and a file without imports
    // stayed a sloppy script where tsc makes it a strict module.
    const files = {
      "node_modules/legacy-cjs/package.json": '{ "name": "legacy-cjs", "main": "index.js" }\n',
      "node_modules/legacy-cjs/index.js": 'module.exports = function legacy() { return "legacy called"; };\n',
      "src/script.ts": `function mode(this: unknown): string { return this === undefined ? "strict" : "sloppy"; }
console.log("script:", mode(), String((exports as { __esModule?: boolean }).__esModule));
`,
      "src/main.ts": `import legacy from "legacy-cjs";
import "./script";
async function main(): Promise<string> { await null; return legacy(); }
main().then((v) => console.log("main:", v));
`,
      "src/legacy.d.ts": 'declare module "legacy-cjs" { const legacy: () => string; export default legacy; }\n',
    };
    for (const traceAll of [false, true]) {
      const dir = writeProject(`cfg-nodenext-cjs-${traceAll}`, {
        type: "commonjs",
        tsconfig: { compilerOptions: { target: "ES2022", module: "nodenext", strict: false } },
        files,
      });
      const r = await runHooked(dir, "src/main.ts", { AWAIT_TREE_TRANSFORMER: JSON.stringify({ traceAll }) });
      expect(r.stdout, explain(r)).to.equal("script: strict true\nmain: legacy called\n");
    }
  });

  it("verbatimModuleSyntax keeps an unused import and its module's side effects, as Node and tsc do", async () => {
    const dir = writeProject("cfg-verbatim", {
      type: "module",
      tsconfig: {
        compilerOptions: {
          target: "esnext",
          module: "nodenext",
          verbatimModuleSyntax: true,
          allowImportingTsExtensions: true,
          noEmit: true,
        },
      },
      files: {
        "src/side.ts": 'console.log("side effect runs");\nexport const unused = 1;\n',
        "src/main.ts":
          'import { unused } from "./side.ts";\nasync function main(): Promise<void> { await null; console.log("app"); }\nawait main();\n',
      },
    });
    const r = await runHooked(dir, "src/main.ts", { AWAIT_TREE_TRANSFORMER: '{"traceAll":true}' });
    expect(r.stdout, explain(r)).to.equal("side effect runs\napp\n");
  });

  it("ES modules with decorator metadata: an interface imported without `type` into a decorated signature loads, and the metadata is what tsc writes", async () => {
    // InversifyJS's pattern: `constructor(@inject(TYPES.Logger) logger: ILogger)` with
    // `import { ILogger, TYPES } from "./types.js"`. tsc, seeing the whole program, drops ILogger
    // from the import; one file at a time it was kept, and Node refused to link the module
    // ("does not provide an export named 'ILogger'"), with or without anything to trace in it
    // (found auditing InversifyJS 7, 2026-12-05).
    const decorated = (
      name: string,
      traced: boolean,
    ) => `${traced ? 'import { traced } from "@await-tree/runtime";\n' : ""}import { ILogger, TYPES, Db } from "./types.ts";
import Named from "./types.ts";
import { seen, inject } from "./meta.ts";
@inject
export class ${name} {
  constructor(@inject readonly logger: ILogger, readonly db: Db, readonly named: Named) {}
  ${traced ? "@traced\n  " : ""}async run(l: ILogger): Promise<string> { await null; return TYPES.ILogger + (typeof l); }
}
export const types = () => seen.get("${name}");
`;
    const dir = writeProject("esm-metadata-imports", {
      type: "module",
      tsconfig: metadataConfig(),
      files: {
        "src/types.ts":
          'export interface ILogger { log(m: string): void }\nexport default interface Named { n: string }\nexport class Db {}\nexport const TYPES = { ILogger: "logger:" };\n',
        "src/meta.ts": META_TS,
        "src/traced.ts": decorated("Traced", true),
        "src/plain.ts": decorated("Plain", false),
        "src/main.ts": `import * as t from "./traced.ts";
import * as p from "./plain.ts";
console.log(t.types(), p.types(), await new t.Traced(null!, null!, null!).run(null!));
`,
      },
    });
    const r = await runHooked(dir, "src/main.ts");
    expect(r.stdout, explain(r)).to.equal("Object,Db,Object Object,Db,Object logger:object\n");
  });

  it("ES modules with decorator metadata: a file that also declares the imported interface's name elsewhere (parameter, variable, function, class, catch) still loads", async () => {
    // The names are resolved by scope: a parameter `ILogger` in another function is not a use of the
    // import, so the import still moves to the namespace import. Until 2026-12-05 any such name kept
    // the import as written and the module did not link. A metadata reference that a local
    // declaration shadows (a class declared inside a function whose parameter has the name) is
    // left as TypeScript's one-file output writes it: it reads the local (the parameter's class).
    const dir = writeProject("esm-metadata-imports-shadowed", {
      type: "module",
      tsconfig: metadataConfig(),
      files: {
        "src/types.ts": "export interface ILogger { log(m: string): void }\nexport interface IDb { q: number }\n",
        "src/meta.ts": META_TS,
        "src/app.ts": `import { traced } from "@await-tree/runtime";
import { ILogger, IDb } from "./types.ts";
import { seen, inject } from "./meta.ts";
@inject
export class App {
  constructor(@inject readonly logger: ILogger, readonly db: IDb) {}
  @traced async run(): Promise<string> { await null; return "ran"; }
}
export function echo(ILogger: string): string { return ILogger; }
export function local(): string { const IDb = "db"; return IDb; }
export function hoisted(): string { { function ILogger() { return "fn"; } return ILogger(); } }
export function caught(): string { try { throw "caught"; } catch (IDb) { return String(IDb); } }
export const klass = class ILogger { static n = "class"; };
export function inner(ILogger: { new (): unknown; name: string }): string | undefined {
  @inject
  class Local { constructor(readonly l: ILogger) {} }
  void Local;
  return seen.get("Local");
}
export const types = () => seen.get("App");
`,
        "src/main.ts": `import * as a from "./app.ts";
class Custom {}
console.log(a.types(), a.echo("echo"), a.local(), a.hoisted(), a.caught(), a.klass.n, a.inner(Custom), await new a.App(null!, null!).run());
`,
      },
    });
    const r = await runHooked(dir, "src/main.ts");
    expect(r.stdout, explain(r)).to.equal("Object,Object echo db fn caught class Custom ran\n");
  });

  describe("configuration errors name the option and where it was read", () => {
    const program = usersProgram({ imports: "./db.ts", decorators: "standard" });

    it("an unknown option in the tsconfig plugin entry stops the start", async () => {
      const dir = writeProject("cfg-unknown", {
        type: "module",
        tsconfig: esmConfig([plugin({ tracAll: true })]),
        files: program,
      });
      const r = await runHooked(dir, "src/main.ts");
      expect(r.code).to.equal(1);
      expect(r.stderr).to.include(
        `${join(dir, "tsconfig.json")} (compilerOptions.plugins, "@await-tree/transformer"): unknown option "tracAll"`,
      );
      expect(r.stdout).to.equal("");
    });

    it("a base that `extends` names but that is missing or not valid JSON stops the start, naming it", async () => {
      const { plugins: _p, ...options } = esmConfig().compilerOptions;
      const missing = writeProject("cfg-extends-missing", {
        type: "module",
        tsconfig: { extends: "./nope.json", compilerOptions: options },
        files: program,
      });
      const r = await runHooked(missing, "src/main.ts");
      expect(r.code, explain(r)).to.equal(1);
      expect(r.stderr).to.include(`${join(missing, "tsconfig.json")} extends a file that cannot be read:`);
      expect(r.stderr).to.include("nope.json");
      expect(r.stdout).to.equal("");
      // A comma missing in the base that holds the plugin entry: its options must not be dropped silently.
      const broken = writeProject("cfg-extends-broken", {
        type: "module",
        tsconfig: { extends: "./base.json" },
        files: {
          ...program,
          "base.json": `{ "compilerOptions": ${JSON.stringify(esmConfig([plugin({ traceAll: true })]).compilerOptions).replace(',"plugins"', ' "plugins"')} }\n`,
        },
      });
      const b = await runHooked(broken, "src/main.ts");
      expect(b.code, explain(b)).to.equal(1);
      expect(b.stderr).to.include(
        `${join(broken, "base.json")} (extended by ${join(broken, "tsconfig.json")}) cannot be read: ',' expected.`,
      );
    });

    it("a bad option in a base's plugin entry is reported where it was read", async () => {
      const dir = writeProject("cfg-extends-option", {
        type: "module",
        tsconfig: { extends: "./base.json" },
        files: { ...program, "base.json": JSON.stringify(esmConfig([plugin({ traceAll: "no" })])) },
      });
      const r = await runHooked(dir, "src/main.ts");
      expect(r.code, explain(r)).to.equal(1);
      expect(r.stderr).to.include(
        `${join(dir, "base.json")} (compilerOptions.plugins, "@await-tree/transformer"; extended by ${join(dir, "tsconfig.json")}): option "traceAll" must be true or false`,
      );
    });

    it("a wrong type in AWAIT_TREE_TRANSFORMER stops the start", async () => {
      const dir = writeProject("cfg-env-type", { type: "module", tsconfig: esmConfig(), files: program });
      const r = await runHooked(dir, "src/main.ts", { AWAIT_TREE_TRANSFORMER: '{ "traceAll": "yes" }' });
      expect(r.code).to.equal(1);
      expect(r.stderr).to.include('AWAIT_TREE_TRANSFORMER (environment): option "traceAll" must be true or false');
    });

    it("AWAIT_TREE_TRANSFORMER that is not JSON, or names a file that cannot be read", async () => {
      const dir = writeProject("cfg-env-bad", { type: "module", tsconfig: esmConfig(), files: program });
      const bad = await runHooked(dir, "src/main.ts", { AWAIT_TREE_TRANSFORMER: "{ traceAll: true }" });
      expect(bad.code).to.equal(1);
      expect(bad.stderr).to.include("AWAIT_TREE_TRANSFORMER (environment) is not valid JSON");
      const missing = await runHooked(dir, "src/main.ts", { AWAIT_TREE_TRANSFORMER: "await-tree.json" });
      expect(missing.code).to.equal(1);
      expect(missing.stderr).to.include(
        `AWAIT_TREE_TRANSFORMER names ${join(dir, "await-tree.json")}, which cannot be read`,
      );
      // Valid JSON that is no options object: `null` was taken as no options, without a word.
      writeFileSync(join(dir, "null.json"), "null\n");
      const nothing = await runHooked(dir, "src/main.ts", { AWAIT_TREE_TRANSFORMER: "null.json" });
      expect(nothing.code).to.equal(1);
      expect(nothing.stderr).to.include(
        `${join(dir, "null.json")} (named by AWAIT_TREE_TRANSFORMER): the options must be an object, got null`,
      );
    });

    it("an options file named by AWAIT_TREE_TRANSFORMER is read, and wins over the tsconfig", async () => {
      const dir = writeProject("cfg-env-file", {
        type: "module",
        tsconfig: esmConfig([plugin({ tracAll: true })]),
        files: { ...program, "await-tree.json": '{ "maxLabelLength": 12 }\n' },
      });
      const r = await runHooked(dir, "src/main.ts", { AWAIT_TREE_TRANSFORMER: "await-tree.json" });
      expect(r.code, explain(r)).to.equal(0);
      expect(masked(r)).to.match(/\n {4}this\.db\.qu?e?…/);
      expect(masked(r)).to.not.include("select");
    });

    it("a plugin entry that a compiler would ignore (misspelt, or `name` instead of `transform`) is reported", async () => {
      const dir = writeProject("cfg-near-miss", {
        type: "module",
        tsconfig: esmConfig([{ transform: "@await-tree/transfomer" }, { name: "@await-tree/transformer" }]),
        files: program,
      });
      const r = await runHooked(dir, "src/main.ts");
      expect(r.code, explain(r)).to.equal(0);
      expect(r.stderr).to.include(
        'compilerOptions.plugins[0] has "transform": "@await-tree/transfomer", which is not "@await-tree/transformer" (misspelt?)',
      );
      expect(r.stderr).to.include('compilerOptions.plugins[1] uses "name": "@await-tree/transformer"');
      expect(masked(r)).to.equal(USERS_TREE); // the defaults still apply
    });

    it("a file the core cannot parse is reported once and loaded as it is, on a warm start too", async () => {
      const dir = writeProject("cfg-parse", {
        type: "module",
        tsconfig: esmConfig(),
        files: {
          ...program,
          "src/broken.js": 'import { traced } from "@await-tree/runtime";\nexport const ok = 1;\nlet a = <div>;\n',
          "src/entry.ts": 'import("./broken.js").catch((e) => console.log("node says:", e.name));\n',
        },
      });
      // The second start reads the cached outcome, and still says why the file was left.
      for (const start of ["cold", "warm"]) {
        const r = await runHooked(dir, "src/entry.ts");
        expect(r.stdout, start).to.equal("node says: SyntaxError\n");
        const lines = r.stderr.split("\n").filter((l) => l.includes("was not instrumented"));
        expect(lines, `${start}: ${r.stderr}`).to.have.length(1);
        expect(lines[0], start).to.include(join(dir, "src", "broken.js"));
      }
    });

    it("what the hooks say of an ES module reaches stderr even when the program exits at once", async () => {
      // Node < 22.15 runs the hooks in a thread of their own, whose `process.stderr` reaches the
      // terminal late, or never when the program ends first.
      const dir = writeProject("cfg-exit-at-once", {
        type: "module",
        tsconfig: esmConfig(),
        files: {
          "src/broken.js": 'import { traced } from "@await-tree/runtime";\nexport const ok = 1;\nlet a = <div>;\n',
          "src/entry.ts": 'import("./broken.js").catch(() => process.exit(0));\n',
        },
      });
      const r = await runHooked(dir, "src/entry.ts");
      expect(r.code, explain(r)).to.equal(0);
      expect(
        r.stderr.split("\n").filter((l) => l.includes("was not instrumented")),
        r.stderr,
      ).to.have.length(1);
    });

    it("a file the core cannot process (nesting deeper than TypeScript's parser goes) runs as written (and is reported when skipped)", async () => {
      // About 1,000 nested parentheses: V8 runs them, TypeScript's recursive parser overflows (on
      // the main thread, where `require` is compiled on every Node version; the ES module loader's
      // own thread of Node < 22.15 has a larger stack).
      const deep = `${"(".repeat(1000)}x${")".repeat(1000)}`;
      const dir = writeProject("cfg-deep", {
        type: "commonjs",
        files: {
          "src/deep.js": `exports.f = async function f(x) {\n  return await ${deep};\n};\n`,
          "src/entry.js":
            'const { f } = require("./deep.js");\nvoid (async () => console.log(await f(1), await f(2)))();\n',
        },
      });
      const r = await runHooked(dir, "src/entry.js", { AWAIT_TREE_TRANSFORMER: '{"traceAll":true}' });
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.equal("1 2\n");
      // Where the hook runs with more stack (Node 26 here), TypeScript gets through and the file is
      // instrumented; where it overflows, one line says so. Either way the program runs as written
      // (transform-source.test.ts checks the report itself, in this process).
      const lines = r.stderr.split("\n").filter((l) => l.includes("was not instrumented"));
      expect(lines.length, r.stderr).to.be.at.most(1);
      for (const line of lines) {
        expect(line).to.include(join(dir, "src", "deep.js"));
        expect(line).to.include("could not process it (RangeError: Maximum call stack size exceeded)");
      }
    });

    it("target esnext: `await using` runs natively where this Node can, lowered where it cannot (Node 20, 22)", async () => {
      // Disposals interleaved with a promise chain: native `await using` takes one microtask less
      // per disposal than TypeScript's lowering, and its error for a value without a dispose method
      // reads differently. The hook must give what tsc (target esnext) and Node's own type
      // stripping give on Node 24+, and still run on Node 20 and 22.
      const main = `const log: string[] = [];
const res = (n: string) => ({ async [Symbol.asyncDispose]() { log.push("dispose " + n); } });
async function f() { for (let i = 0; i < 2; i++) { await using r = res(String(i)); } }
let p = Promise.resolve(); for (let i = 0; i < 6; i++) p = p.then(() => { log.push("tick" + i); });
await f(); await p;
console.log(log.join(" "));
try { using x = {} as any; } catch (e) { console.log((e as Error).constructor.name); }
`;
      let native = true;
      try {
        new Function("return async () => { await using x = null; }");
      } catch {
        native = false;
      }
      for (const traceAll of [false, true]) {
        const dir = writeProject(`using-esnext-${traceAll}`, {
          type: "module",
          tsconfig: { compilerOptions: { target: "ESNext", module: "nodenext", strict: true } },
          files: { "src/main.ts": main },
        });
        const r = await runHooked(dir, "src/main.ts", {
          AWAIT_TREE_AUTO_INIT: "0",
          ...(traceAll ? { AWAIT_TREE_TRANSFORMER: '{"traceAll":true}' } : {}),
        });
        expect(r.code, explain(r)).to.equal(0);
        expect(r.stdout, `traceAll ${traceAll}`).to.equal(
          native
            ? "dispose 0 tick0 dispose 1 tick1 tick2 tick3 tick4 tick5\nTypeError\n"
            : "dispose 0 tick0 tick1 dispose 1 tick2 tick3 tick4 tick5\nTypeError\n",
        );
      }
    });

    it("a TypeScript file nested deeper than TypeScript's emitter follows is left to Node, and that outcome is not cached", async () => {
      // 200 nested async arrows, no await-tree code: on Node 22 and later, whose hooks run on the
      // main thread's stack, TypeScript's recursive emitter overflows even without instrumentation.
      // The file is then Node's to load (Node strips its types itself); the program crashed before.
      // The outcome depends on the stack, so the cache (shared by every Node version) keeps nothing.
      const n = 200;
      const body = `${"(async () => { await 0; return ".repeat(n)}1${"; })()".repeat(n)}`;
      const dir = writeProject("deep-ts", {
        type: "module",
        files: { "src/main.ts": `const depth: number = await ${body};\nconsole.log("value", depth);\n` },
      });
      for (const attempt of [1, 2]) {
        const r = await runHooked(dir, "src/main.ts");
        expect(r.code, `run ${attempt}: ${explain(r)}`).to.equal(0);
        expect(r.stdout).to.equal("value 1\n");
        const lines = r.stderr.split("\n").filter((l) => l.includes("was not instrumented"));
        expect(lines.length, r.stderr).to.be.at.most(1);
        for (const line of lines) expect(line).to.include("TypeScript could not compile it (RangeError:");
      }
      const cached = existsSync(join(dir, ".cache"))
        ? readdirSync(join(dir, ".cache"), { recursive: true, encoding: "utf8" })
        : [];
      for (const entry of cached) {
        const file = join(dir, ".cache", entry);
        if (statSync(file).isFile()) expect(readFileSync(file, "utf8")).to.not.include("could not compile");
      }
    });
  });
});
