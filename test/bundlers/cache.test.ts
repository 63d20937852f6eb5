// The plugin's disk cache (AWAIT_TREE_CACHE, shared with the Node hooks): a rebuild of unchanged
// files reads them from it and gives the same output and the same warnings; an edited file or
// other options compile again; `0` writes nothing. With the real esbuild, in process.
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect } from "chai";
import * as esbuild from "esbuild";
import { node, repoRoot, scratchDir } from "../transformer/helpers.js";

const require = createRequire(import.meta.url);
const awaitTree = require("@await-tree/transformer/esbuild") as (options?: unknown) => esbuild.Plugin;

const MAIN = `import { initGlobalRegistry, register, traced } from "@await-tree/runtime";
initGlobalRegistry();
class Users {
  @traced
  async load(id: number) {
    await new Promise<void>(() => {});
    return id;
  }
}
const root = register("main", "main");
void root.run(() => new Users().load(1));
setImmediate(() => {
  process.stdout.write(root.tree()?.toString({ locations: true }) ?? "");
  process.exit(0);
});
`;
const LEGACY =
  'const { traced } = require("@await-tree/runtime");\n<!-- a legacy HTML comment\nvar mode = 493;\nexports.f = traced(async function f() { await null; return mode; });\n';

/** Compiled files' entries (in two-letter folders; the compiler's code cache sits beside them). */
function entries(dir: string): number {
  if (!existsSync(dir)) return 0;
  const folders = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
  return folders.reduce((n, sub) => n + readdirSync(join(dir, sub.name)).length, 0);
}

describe("bundlers: the plugin's disk cache", function () {
  this.timeout(120_000);
  const dir = join(scratchDir(), "bundler-cache");
  const cacheDir = join(dir, "cache");
  let saved: string | undefined;

  before(() => {
    saved = process.env.AWAIT_TREE_CACHE;
    mkdirSync(join(dir, "src"), { recursive: true });
    mkdirSync(join(dir, "node_modules", "@await-tree"), { recursive: true });
    symlinkSync(join(repoRoot, "packages", "runtime"), join(dir, "node_modules", "@await-tree", "runtime"), "junction");
    writeFileSync(join(dir, "package.json"), '{ "private": true }\n');
    writeFileSync(join(dir, "tsconfig.json"), '{ "compilerOptions": { "target": "ES2022" } }\n');
    writeFileSync(join(dir, "src", "main.ts"), MAIN);
    writeFileSync(join(dir, "src", "legacy.cjs"), LEGACY);
    writeFileSync(join(dir, "src", "entry.ts"), 'import "./legacy.cjs";\nimport "./main";\n');
  });
  after(() => {
    if (saved === undefined) delete process.env.AWAIT_TREE_CACHE;
    else process.env.AWAIT_TREE_CACHE = saved;
  });

  async function build(cache: string, options: unknown = {}) {
    process.env.AWAIT_TREE_CACHE = cache;
    const outfile = join(dir, "out", "bundle.cjs");
    const r = await esbuild.build({
      absWorkingDir: dir,
      entryPoints: [join(dir, "src", "entry.ts")],
      outfile,
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      external: ["@await-tree/runtime", "@await-tree/runtime/*"],
      plugins: [awaitTree(options)],
      logLevel: "silent",
    });
    return { code: readFileSync(outfile, "utf8"), warnings: r.warnings.map((w) => w.text) };
  }

  it("a rebuild reads unchanged files from the cache: same bundle, same warnings", async () => {
    const first = await build(cacheDir);
    // main.ts (transformed), legacy.cjs (not parsable: remembered too), the tsconfig's options.
    expect(entries(cacheDir)).to.equal(3);
    const second = await build(cacheDir);
    expect(second.code).to.equal(first.code);
    expect(second.warnings).to.deep.equal(first.warnings);
    expect(second.warnings.filter((w) => w.includes("was not instrumented"))).to.have.length(1);
    expect(entries(cacheDir)).to.equal(3);
    const r = await node([join(dir, "out", "bundle.cjs")], { cwd: dir });
    expect(r.stderr).to.equal("");
    expect(r.stdout).to.match(
      /^main \[.+\]\n {2}Users\.load\(1\) \[.+\] at src\/main\.ts:5:9\n {4}new Promise\(\(\) => \{\}\) \[.+\] at src\/main\.ts:6:5\n$/,
    );
  });

  it("an edited file or other options are compiled again", async () => {
    await build(cacheDir);
    const before = entries(cacheDir);
    writeFileSync(join(dir, "src", "main.ts"), MAIN.replace("load(1)", "load(2)"));
    const edited = await build(cacheDir);
    expect(edited.code).to.include("load(2)");
    expect(entries(cacheDir)).to.equal(before + 1);
    await build(cacheDir, { maxLabelLength: 40 });
    expect(entries(cacheDir)).to.be.greaterThan(before + 1);
  });

  it("AWAIT_TREE_CACHE=0 writes nothing", async () => {
    const off = join(dir, "cache-off");
    await build("0");
    expect(existsSync(off)).to.equal(false);
    expect(existsSync(join(dir, "node_modules", ".cache"))).to.equal(false);
  });
});
