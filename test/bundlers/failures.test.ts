// What goes wrong, and what the user sees: bad options stop the build with a message naming the
// option (every adapter, jest too); a file the plugin cannot transform is bundled as it is with
// one warning; an unreadable tsconfig is reported and the defaults apply. In process, with the
// real esbuild (the fastest bundler) where a build is needed.
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect } from "chai";
import * as esbuild from "esbuild";
import { node, scratchDir } from "../transformer/helpers.js";
import { linkPackages } from "./support/links.js";
import { withoutDiskCache } from "./support/no-disk-cache.js";

const require = createRequire(import.meta.url);
const ADAPTERS = ["vite", "rollup", "rolldown", "esbuild", "webpack", "rspack"] as const;

type PluginFn = (options?: unknown) => unknown;
const adapter = (name: string): PluginFn => require(`@await-tree/transformer/${name}`) as PluginFn;

const BAD: Array<[unknown, string]> = [
  [{ traceAl: true }, 'unknown option "traceAl"'],
  [{ maxLabelLength: 3 }, 'option "maxLabelLength" must be an integer of at least 8'],
  [{ include: "src/**" }, 'option "include" must be an array of non-empty strings'],
  [{ traceAll: "yes" }, 'option "traceAll" must be true or false'],
  ["traceAll", "the plugin options must be an object"],
  // ts-patch's keys of a tsconfig plugin entry: accepted by the core for tspc, meaningless here.
  [
    { transform: "@await-tree/transformer" },
    'unknown option "transform" (a ts-patch option of a tsconfig plugin entry',
  ],
  [{ after: true }, 'unknown option "after" (a ts-patch option'],
];

function project(name: string, files: Record<string, string>): string {
  const dir = join(scratchDir(), name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

async function bundle(dir: string, entry: string, options: unknown = {}) {
  const awaitTree = adapter("esbuild");
  return esbuild.build({
    absWorkingDir: dir,
    entryPoints: [join(dir, entry)],
    outfile: join(dir, "out", "bundle.cjs"),
    bundle: true,
    platform: "node",
    format: "cjs",
    external: ["@await-tree/runtime", "@await-tree/runtime/*"],
    plugins: [awaitTree(options) as esbuild.Plugin],
    logLevel: "silent",
  });
}

describe("bundlers: failure modes", () => {
  withoutDiskCache();

  for (const name of ADAPTERS) {
    it(`${name}: bad options fail with a message naming the option`, () => {
      const awaitTree = adapter(name);
      for (const [options, message] of BAD) {
        expect(() => awaitTree(options), JSON.stringify(options)).to.throw(`@await-tree/transformer: ${message}`);
      }
      // The CommonJS and ES module forms are the same function.
      expect((awaitTree as unknown as { default: PluginFn }).default).to.equal(awaitTree);
    });
  }

  it("webpack: a bad option stops the compiler before it builds", async () => {
    const { default: webpack } = await import("webpack");
    const awaitTree = adapter("webpack");
    expect(() => webpack({ entry: "./x.js", plugins: [awaitTree({ nested: 1 }) as never] })).to.throw(
      'option "nested" must be true or false',
    );
  });

  it("a file the transformer cannot parse is bundled as it is, with one warning naming it", async () => {
    // A legacy HTML comment (Annex B): fine in a CommonJS script for Node and esbuild, refused by
    // TypeScript. (Legacy octal literals were the example until the core accepted them in scripts.)
    const legacy =
      'const { traced } = require("@await-tree/runtime");\n' +
      "<!-- a legacy HTML comment\nvar mode = 493;\n" +
      "exports.load = traced(async function load() { await null; return mode; });\n" +
      "exports.again = traced(async function again() { await null; return mode; });\n";
    const dir = project("failures-unparsable", {
      "src/legacy.cjs": legacy,
      "src/main.js":
        'const { load, again } = require("./legacy.cjs");\nload().then(async (m) => console.log(m, await again()));\n',
    });
    writeFileSync(join(dir, "package.json"), '{ "private": true }\n');
    linkPackages(dir, ["@await-tree/runtime"]);
    const result = await bundle(dir, "src/main.js");
    const ours = result.warnings.filter((w) => w.text.includes("was not instrumented"));
    expect(ours, JSON.stringify(result.warnings)).to.have.length(1);
    expect(ours[0]?.text).to.include(join(dir, "src", "legacy.cjs"));
    expect(ours[0]?.text).to.include("TS1109");
    const r = await node([join(dir, "out", "bundle.cjs")], { cwd: dir });
    expect(r.stdout).to.equal("493 493\n");
    expect(r.code).to.equal(0);
  });
});
