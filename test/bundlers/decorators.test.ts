// Decorators that a toolchain leaves in its output: what the user sees (docs/bundlers.md quotes
// it) and the fix. A file with `@traced` is compiled by the plugin, whose TypeScript lowers every
// decorator of that file, so it runs whatever the bundler's target; other files are the host's.
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect } from "chai";
import * as esbuild from "esbuild";
import { node, scratchDir } from "../transformer/helpers.js";
import { linkPackages } from "./support/links.js";
import { withoutDiskCache } from "./support/no-disk-cache.js";

const require = createRequire(import.meta.url);
const awaitTree = require("@await-tree/transformer/esbuild") as (options?: unknown) => esbuild.Plugin;

const LOGGED = `function logged<T>(value: T, _context: ClassMethodDecoratorContext): T {
  return value;
}
`;

function project(name: string, main: string, target = "ES2022"): string {
  const dir = join(scratchDir(), name);
  mkdirSync(join(dir, "src"), { recursive: true });
  linkPackages(dir, ["@await-tree/runtime"]);
  writeFileSync(join(dir, "package.json"), '{ "private": true, "type": "module" }\n');
  writeFileSync(join(dir, "tsconfig.json"), `{ "compilerOptions": { "target": "${target}", "strict": true } }\n`);
  writeFileSync(join(dir, "src", "main.ts"), main);
  return dir;
}

async function bundleAndRun(dir: string, options: esbuild.BuildOptions) {
  const outfile = join(dir, "out", `bundle-${String(options.target ?? "default")}.mjs`);
  await esbuild.build({
    absWorkingDir: dir,
    entryPoints: [join(dir, "src", "main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    external: ["@await-tree/runtime", "@await-tree/runtime/*"],
    logLevel: "silent",
    plugins: [awaitTree()],
    ...options,
  });
  return node([outfile], { cwd: dir });
}

describe("bundlers: decorators a toolchain leaves in its output", function () {
  this.timeout(120_000);
  withoutDiskCache();

  it("esbuild's default target keeps standard decorators, which Node cannot run; a target lowers them", async () => {
    const dir = project(
      "decorators-untraced",
      `${LOGGED}class Users {\n  @logged\n  load(): number {\n    return 1;\n  }\n}\nconsole.log(new Users().load());\n`,
    );
    const kept = await bundleAndRun(dir, {});
    expect(kept.code).to.equal(1);
    expect(kept.stderr).to.include("  @logged\n  ^\n\nSyntaxError: Invalid or unexpected token");
    const lowered = await bundleAndRun(dir, { target: "node20" });
    expect(lowered.stderr).to.equal("");
    expect(lowered.stdout).to.equal("1\n");
  });

  it("a file with @traced runs at esbuild's default target: the plugin lowered all its decorators", async () => {
    const dir = project(
      "decorators-traced",
      `import { initGlobalRegistry, traced } from "@await-tree/runtime";\ninitGlobalRegistry();\n${LOGGED}class Users {\n  @logged\n  @traced\n  async load(): Promise<number> {\n    return 1;\n  }\n}\nconsole.log(await new Users().load());\n`,
    );
    const r = await bundleAndRun(dir, {});
    expect(r.stderr).to.equal("");
    expect(r.stdout).to.equal("1\n");
  });

  it("a file whose only @traced method is not async runs at esbuild's default target too", async () => {
    // Found by running @tanstack/query-core's vitest suite under Vite 8 with @traced on
    // MutationCache.resumePausedMutations (not async, returns a promise): the file has no await to
    // rewrite, so the plugin returned it as written and Oxc left its standard decorator for Node.
    const dir = project(
      "decorators-traced-not-async",
      `import { initGlobalRegistry, traced } from "@await-tree/runtime";\ninitGlobalRegistry();\nclass Users {\n  @traced()\n  load(): Promise<number> {\n    return Promise.resolve(1);\n  }\n}\nconsole.log(await new Users().load());\n`,
    );
    const r = await bundleAndRun(dir, {});
    expect(r.stderr).to.equal("");
    expect(r.stdout).to.equal("1\n");
  });

  it("a traced file is not lowered to the tsconfig's target: esbuild's own target decides, as for untraced files", async () => {
    // TypeScript's ES2017 lowering of async generators does not close a `yield*` on `return()`,
    // and the generator is a plain object; esbuild at node20 keeps them native. The plugin used
    // to compile the traced file to the tsconfig's target first.
    const main = `import { initGlobalRegistry, traced } from "@await-tree/runtime";
initGlobalRegistry();
async function* inner() { yield 1; yield 2; }
async function* outer() { yield* inner(); yield "after"; }
const it = outer();
await it.next();
console.log(JSON.stringify(await it.return("R")), JSON.stringify(await it.next()));
console.log(Object.prototype.toString.call(it));
class Svc {
  @traced
  async load() { return 1; }
}
console.log(await new Svc().load());
`;
    const dir = project("target-es2017", main, "ES2017");
    const r = await bundleAndRun(dir, { target: "node20" });
    expect(r.stderr).to.equal("");
    expect(r.stdout).to.equal('{"value":"R","done":true} {"done":true}\n[object AsyncGenerator]\n1\n');
    const without = await bundleAndRun(dir, { target: "node20", plugins: [] });
    expect(without.stdout).to.equal(r.stdout);
  });
});
