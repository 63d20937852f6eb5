// Our own packages' files are never instrumented by the bundler plugin, wherever they are: a
// workspace links them from outside node_modules, where `traceAll` would rewrite an async function
// of the runtime's own to call the runtime's instrument module from inside the runtime (a bundle
// then fails as it loads; found by the streams audit, 2026-12-05). The Node hooks always skipped
// them by their package's name; the plugin now does the same. Real esbuild builds, a real run.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect } from "chai";
import * as esbuild from "esbuild";
import { explain, node, scratchDir } from "../transformer/helpers.js";
import { linkPackages } from "./support/links.js";
import { withoutDiskCache } from "./support/no-disk-cache.js";

const require = createRequire(import.meta.url);
const awaitTree = require("@await-tree/transformer/esbuild") as (options?: unknown) => esbuild.Plugin;
const jestEntry = require("@await-tree/transformer/jest") as {
  createTransformer(options?: unknown): { process(code: string, file: string, options: object): { code: string } };
};

/** A compiled CommonJS file with an async function, as the runtime's own `dist/cjs` files are. */
const OWN_CJS = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.made = (async () => {})();
`;

const WORK = `export async function ownWork(n: number): Promise<number> {
  await null;
  return n + 1;
}
`;

const MAIN = `import { ownWork } from "../linked/work.ts";
async function userWork(n: number): Promise<number> {
  return (await ownWork(n)) * 2;
}
console.log(await userWork(1));
`;

describe("bundlers: our own packages' files are left as written", function () {
  this.timeout(120_000);
  withoutDiskCache();

  for (const name of ["@await-tree/runtime", "@await-tree/cli", "some-workspace-lib"]) {
    it(`a file of a linked package named ${name}, outside node_modules (traceAll)`, async () => {
      const dir = join(scratchDir(), `own-packages-${name.replace(/\W/g, "-")}`);
      mkdirSync(join(dir, "src"), { recursive: true });
      mkdirSync(join(dir, "linked"), { recursive: true });
      linkPackages(dir, ["@await-tree/runtime"]);
      writeFileSync(join(dir, "package.json"), '{ "private": true, "type": "module" }\n');
      writeFileSync(join(dir, "tsconfig.json"), '{ "compilerOptions": { "target": "ES2022", "strict": true } }\n');
      writeFileSync(join(dir, "linked", "package.json"), `${JSON.stringify({ name, type: "module" })}\n`);
      writeFileSync(join(dir, "linked", "work.ts"), WORK);
      writeFileSync(join(dir, "src", "main.ts"), MAIN);
      const outfile = join(dir, "out", "bundle.mjs");
      await esbuild.build({
        absWorkingDir: dir,
        entryPoints: [join(dir, "src", "main.ts")],
        outfile,
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        external: ["@await-tree/runtime", "@await-tree/runtime/*"],
        logLevel: "silent",
        plugins: [awaitTree({ traceAll: true })],
      });
      const bundle = readFileSync(outfile, "utf8");
      const own = name.startsWith("@await-tree/");
      const ownWork = bundle.slice(bundle.indexOf("async function ownWork"), bundle.indexOf("async function userWork"));
      // The user's function is instrumented in every case; the linked one only when it is not ours.
      expect(ownWork.includes(".suspend("), ownWork).to.equal(!own);
      if (own) expect(ownWork, bundle).to.include("await null");
      expect(bundle.slice(bundle.indexOf("async function userWork"))).to.include(".suspend(");
      const r = await node([outfile], { cwd: dir, env: { AWAIT_TREE_AUTO_INIT: "0" } });
      expect(r.code, explain(r)).to.equal(0);
      expect(r.stdout).to.equal("4\n");
    });
  }

  // The jest entry: jest transforms what is not under node_modules, and a workspace's runtime
  // resolves to its real path outside it. With the runtime's first async function (its intrinsic
  // Promise, 2026-12-05), a jest run of the entry alone with traceAll failed as the runtime loaded:
  // `$at_1.site is not a function` (test/bundlers/jest-hoist.test.ts in CI).
  for (const name of ["@await-tree/runtime", "some-workspace-lib"]) {
    it(`the jest entry: a CommonJS file of a linked package named ${name} (traceAll)`, () => {
      const dir = join(scratchDir(), `own-packages-jest-${name.replace(/\W/g, "-")}`);
      mkdirSync(join(dir, "linked", "dist"), { recursive: true });
      writeFileSync(join(dir, "linked", "package.json"), `${JSON.stringify({ name })}\n`);
      const file = join(dir, "linked", "dist", "promise.js");
      writeFileSync(file, OWN_CJS);
      const out = jestEntry.createTransformer({ traceAll: true }).process(OWN_CJS, file, {}).code;
      if (name.startsWith("@await-tree/")) expect(out).to.equal(OWN_CJS);
      else expect(out).to.include("@await-tree/runtime/instrument");
    });
  }
});
