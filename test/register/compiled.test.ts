// Compiled output through Node's module hooks: a project compiled by TypeScript 7 (no transformer
// API) or bundled by esbuild, run from dist/ with `--import @await-tree/transformer/register`,
// prints the await-level tree with the .ts locations (through the emitted source maps).
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import { explain, repoRoot } from "../transformer/helpers.js";
import { ts } from "../transformer/in-process.js";
import { masked, runHooked, USERS_TREE, usersProgram, writeProject } from "./support.js";

type CachedPackage = (name: string, version: string) => { dir?: string; skip?: string };
const cachedPackage = async (): Promise<CachedPackage> =>
  (
    (await import(pathToFileURL(join(repoRoot, "scripts", "cached-package.mjs")).href)) as {
      cachedPackage: CachedPackage;
    }
  ).cachedPackage;

/** TypeScript 7 is not a dev dependency: its `tsc` binary would shadow TypeScript 5's in node_modules/.bin. */
const TYPESCRIPT_7 = "7.0.2";
const ESBUILD = join(repoRoot, "node_modules", "esbuild", "bin", "esbuild");

const tsconfig = (module: "nodenext" | "commonjs", experimentalDecorators: boolean) => ({
  compilerOptions: {
    target: "ES2022",
    module,
    strict: true,
    experimentalDecorators,
    rewriteRelativeImportExtensions: true,
    allowImportingTsExtensions: true,
    sourceMap: true,
    outDir: "dist",
    rootDir: "src",
    types: [],
    plugins: [{ transform: "@await-tree/transformer" }],
  },
  include: ["src"],
});

function tsc7(dir: string, tsc: string): void {
  try {
    execFileSync(process.execPath, [tsc, "-p", dir], { cwd: dir, encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    // Type errors do not stop the emit; only a missing output would.
    if (!/error TS/.test(`${err.stdout}${err.stderr}`)) throw e;
  }
}

describe("register: compiled output (TypeScript 7, esbuild) with source maps", function () {
  this.timeout(180_000);
  let tsc = "";

  before(async function () {
    const ts7 = (await cachedPackage())("typescript", TYPESCRIPT_7);
    if (ts7.skip !== undefined) {
      // Said in the output, never silently: TypeScript 7 comes from the registry on first use.
      console.log(`    TypeScript ${TYPESCRIPT_7} cannot be had here: ${ts7.skip}`);
      this.skip();
    }
    tsc = join(ts7.dir as string, "bin", "tsc");
  });

  for (const [type, module, legacy] of [
    ["module", "nodenext", false],
    ["commonjs", "commonjs", true],
    ["commonjs", "commonjs", false],
    ["module", "nodenext", true],
  ] as const) {
    it(`tsc 7, ${type}, ${legacy ? "experimentalDecorators" : "standard decorators"}: the tree of the sources`, async () => {
      const dir = writeProject(`tsc7-${type}-${legacy}`, {
        type,
        tsconfig: tsconfig(module, legacy),
        files: usersProgram({ imports: "./db.ts", decorators: legacy ? "legacy" : "standard" }),
      });
      tsc7(dir, tsc);
      const r = await runHooked(dir, join("dist", "main.js"));
      expect(r.code, explain(r)).to.equal(0);
      expect(masked(r)).to.equal(USERS_TREE);
    });
  }

  // A `@traced` method that is not async, in output whose decorators another compiler lowered: its
  // frame was counted as a call that ran without the transformer, and the dump of a fully
  // instrumented program ended with the "Frames only" note.
  const QUEUE = `import { dump, initGlobalRegistry, traced } from "@await-tree/runtime";

class Queue {
  @traced()
  next(): Promise<number> {
    return new Promise(() => {}); // never settles
  }
}

initGlobalRegistry();
void new Queue().next();
setTimeout(() => console.log(dump({ locations: true })), 20);
`;
  const notAsyncMarked = async (dir: string): Promise<void> => {
    const r = await runHooked(dir, join("dist", "main.js"));
    expect(r.code, explain(r)).to.equal(0);
    // Its location is the method's, through the emitted source map.
    expect(r.stdout).to.match(/\nQueue\.next\(\) \[[^\]]+\] at src\/main\.ts:5:3\n/);
    expect(r.stdout).to.not.contain("Frames only");
  };
  for (const legacy of [true, false]) {
    it(`tsc 7, ${legacy ? "experimentalDecorators" : "standard decorators"}: a @traced method that is not async is marked (no "Frames only" note)`, async () => {
      const dir = writeProject(`tsc7-not-async-${legacy}`, {
        type: "commonjs",
        tsconfig: tsconfig("commonjs", legacy),
        files: { "src/main.ts": QUEUE },
      });
      tsc7(dir, tsc);
      await notAsyncMarked(dir);
    });
  }
  it('esbuild bundle (standard decorators lowered): a @traced method that is not async is marked (no "Frames only" note)', async () => {
    const dir = writeProject("esbuild-not-async", {
      type: "commonjs",
      tsconfig: tsconfig("commonjs", false),
      files: { "src/main.ts": QUEUE },
    });
    const flags = [
      "--bundle",
      "--platform=node",
      "--format=cjs",
      "--target=es2022",
      "--sourcemap",
      "--packages=external",
    ];
    execFileSync(ESBUILD, ["src/main.ts", ...flags, "--outfile=dist/main.js"], { cwd: dir, stdio: "pipe" });
    await notAsyncMarked(dir);
  });

  for (const format of ["esm", "cjs"] as const) {
    it(`esbuild bundle (${format}, standard decorators lowered): the tree of the sources`, async () => {
      const dir = writeProject(`esbuild-${format}`, {
        type: format === "esm" ? "module" : "commonjs",
        tsconfig: tsconfig(format === "esm" ? "nodenext" : "commonjs", false),
        files: usersProgram({ imports: "./db.ts", decorators: "standard" }),
      });
      execFileSync(
        ESBUILD,
        [
          "src/main.ts",
          "--bundle",
          "--platform=node",
          `--format=${format}`,
          "--target=es2022",
          "--sourcemap",
          "--packages=external",
          "--outfile=dist/main.js",
        ],
        { cwd: dir, stdio: "pipe" },
      );
      const r = await runHooked(dir, join("dist", "main.js"));
      expect(r.code, explain(r)).to.equal(0);
      expect(masked(r)).to.equal(USERS_TREE);
    });
  }
});

describe("register: a package's source map naming sources it does not ship", function () {
  this.timeout(60_000);

  // Found tracing TypeORM 0.3's JavaScript: its maps resolve to `src/...` beside `node_modules`
  // (not shipped, no `sourcesContent`), and its spans read `at src/entity-manager/...ts`, a file
  // that looks like the project's own and does not exist.
  it("locates its spans in the package's JavaScript, unless the map carries the source's text", async () => {
    const source = "export async function hang(id: number) {\n  await new Promise(() => {});\n  return id;\n}\n";
    const compiled = ts.transpileModule(source, {
      fileName: "index.ts",
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, sourceMap: true },
    });
    const map = JSON.parse(compiled.sourceMapText as string) as { sources: string[]; sourcesContent?: string[] };
    const js = `${compiled.outputText.replace(/\/\/# sourceMappingURL=.*\n?$/, "")}//# sourceMappingURL=index.js.map\n`;
    const pkg = (name: string, withText: boolean): Record<string, string> => ({
      [`node_modules/${name}/package.json`]: JSON.stringify({ name, main: "dist/index.js" }),
      [`node_modules/${name}/dist/index.js`]: js,
      [`node_modules/${name}/dist/index.js.map`]: JSON.stringify({
        ...map,
        sources: ["../src/index.ts"],
        ...(withText ? { sourcesContent: [source] } : {}),
      }),
    });
    const main = [
      'const { initGlobalRegistry } = require("@await-tree/runtime");',
      "const registry = initGlobalRegistry();",
      'void registry.register("bare", "bare").run(() => require("bare").hang(1));',
      'void registry.register("text", "text").run(() => require("text").hang(2));',
      "setTimeout(() => {",
      '  for (const k of ["bare", "text"]) console.log(registry.get(k)?.toString({ locations: true }));',
      "  process.exit(0);",
      "}, 20);",
      "",
    ].join("\n");
    const dir = writeProject("map-unshipped-sources", {
      type: "commonjs",
      files: { "src/main.js": main, ...pkg("bare", false), ...pkg("text", true) },
    });
    const r = await runHooked(dir, "src/main.js", {
      AWAIT_TREE_AUTO_INIT: "0",
      AWAIT_TREE_TRANSFORMER: JSON.stringify({ traceAll: true, exclude: [] }),
    });
    expect(r.code, explain(r)).to.equal(0);
    const out = masked(r);
    expect(out).to.include("hang(1) [T] at node_modules/bare/dist/index.js:");
    expect(out).to.include("new Promise(() => { }) [T] at node_modules/bare/dist/index.js:");
    expect(out).to.not.include("bare/src/index.ts");
    // Its text is in the map: the source is named, as a debugger would show it.
    expect(out).to.include("hang(2) [T] at node_modules/text/src/index.ts:1:");
    expect(out).to.include("new Promise(() => { }) [T] at node_modules/text/src/index.ts:2:");
  });
});

describe("register: names in labels from a source the map carries", function () {
  this.timeout(60_000);

  // Found tracing drizzle-orm's CommonJS build: its maps resolve to `node_modules/src/...`, not
  // shipped, with the text in `sourcesContent`. Locations followed the map into that text, but
  // labels kept the compiled names (`import_tracing.tracer.startActiveSpan(...)` where its ES
  // module build, and the source, read `tracer.startActiveSpan(...)`): names were looked up in
  // the original file on disk only.
  it("labels imported names as the carried source wrote them", async () => {
    const source = [
      'import { api, wait } from "./dep";',
      "export async function hang(id: number) {",
      "  await wait(id);",
      "  return id;",
      "}",
      "export async function hangApi(id: number) {",
      "  await api.wait(id);",
      "  return id;",
      "}",
      // Not an import: an optional call on a parameter keeps its label as written.
      "export async function hangOptional(o: { wait(id: number): Promise<void> } | undefined) {",
      "  await o?.wait(3);",
      "}",
      "",
    ].join("\n");
    const compiled = ts.transpileModule(source, {
      fileName: "index.ts",
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, sourceMap: true },
    });
    const map = JSON.parse(compiled.sourceMapText as string) as { sources: string[] };
    const js = `${compiled.outputText.replace(/\/\/# sourceMappingURL=.*\n?$/, "")}//# sourceMappingURL=index.js.map\n`;
    expect(js).to.include("(0, dep_1.wait)(id)");
    const main = [
      'const { initGlobalRegistry } = require("@await-tree/runtime");',
      "const registry = initGlobalRegistry();",
      'void registry.register("wait", "wait").run(() => require("carried").hang(1));',
      'void registry.register("api", "api").run(() => require("carried").hangApi(2));',
      'void registry.register("optional", "optional").run(() => require("carried").hangOptional(require("carried/dist/dep.js").api));',
      "setTimeout(() => {",
      '  for (const k of ["wait", "api", "optional"]) console.log(registry.get(k)?.toString({ locations: true }));',
      "  process.exit(0);",
      "}, 20);",
      "",
    ].join("\n");
    const dir = writeProject("map-carried-names", {
      type: "commonjs",
      files: {
        "src/main.js": main,
        "node_modules/carried/package.json": JSON.stringify({ name: "carried", main: "dist/index.js" }),
        "node_modules/carried/dist/index.js": js,
        "node_modules/carried/dist/index.js.map": JSON.stringify({
          ...map,
          sources: ["../../src/index.ts"],
          sourcesContent: [source],
        }),
        "node_modules/carried/dist/dep.js":
          "const wait = () => new Promise(() => {});\nexports.wait = wait;\nexports.api = { wait };\n",
      },
    });
    const r = await runHooked(dir, "src/main.js", {
      AWAIT_TREE_AUTO_INIT: "0",
      AWAIT_TREE_TRANSFORMER: JSON.stringify({ traceAll: true, exclude: [] }),
    });
    expect(r.code, explain(r)).to.equal(0);
    const out = masked(r);
    expect(out, out).to.include("wait(1) [T] at node_modules/src/index.ts:3:3");
    expect(out).to.include("api.wait(2) [T] at node_modules/src/index.ts:7:3");
    expect(out, out).to.include("o?.wait(3) [T] at node_modules/src/index.ts:11:3");
    expect(out).to.not.include("dep_1");
  });
});

describe("register: names in labels from esbuild's CommonJS maps", function () {
  this.timeout(60_000);

  // esbuild maps `const params = (0, import_dep.fill)(id)` at `params` and `import_dep` but not at
  // the `(`: looked up there, the nearest earlier mapping gave `params`, and drizzle-orm's
  // CommonJS build read `const params = params(this.params, …)` for `fillPlaceholders(...)`.
  it("labels a call of an import by the imported name, not a neighbouring one", async () => {
    const source = [
      'import { fill, run } from "./dep";',
      "export async function hang(id: number) {",
      "  await run(async () => {",
      "    const params = fill(id);",
      "    return params;",
      "  });",
      "}",
      "",
    ].join("\n");
    const main = [
      'const { initGlobalRegistry } = require("@await-tree/runtime");',
      "const registry = initGlobalRegistry();",
      'void registry.register("run", "run").run(() => require("bundled").hang(1));',
      "setTimeout(() => {",
      '  console.log(registry.get("run")?.toString({ locations: true }));',
      "  process.exit(0);",
      "}, 20);",
      "",
    ].join("\n");
    const dir = writeProject("map-esbuild-names", {
      type: "commonjs",
      files: {
        "src/main.js": main,
        "lib/index.ts": source,
        "node_modules/bundled/package.json": JSON.stringify({ name: "bundled", main: "dist/index.js" }),
        "node_modules/bundled/dist/dep.js":
          "exports.fill = (x) => [x];\nexports.run = (f) => { f(); return new Promise(() => {}); };\n",
      },
    });
    execFileSync(
      ESBUILD,
      ["lib/index.ts", "--format=cjs", "--sourcemap", "--outfile=node_modules/bundled/dist/index.js"],
      { cwd: dir, stdio: "pipe" },
    );
    rmSync(join(dir, "lib"), { recursive: true });
    const r = await runHooked(dir, "src/main.js", {
      AWAIT_TREE_AUTO_INIT: "0",
      AWAIT_TREE_TRANSFORMER: JSON.stringify({ traceAll: true, exclude: [] }),
    });
    expect(r.code, explain(r)).to.equal(0);
    const out = masked(r);
    expect(out, out).to.include("run(async () => { const params = fill(id); return params; }) [T] at lib/index.ts:3:3");
  });
});
