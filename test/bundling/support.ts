/**
 * Bundling a traced program that includes @await-tree/runtime with real bundlers (esbuild, Rollup,
 * webpack), each in ES module and CommonJS output. The program is TypeScript compiled first by the
 * transformer's compiler-neutral core (transformSource), so the bundles hold await-level code.
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { rollup } from "rollup";
import type { Stats } from "webpack";
import { repoRoot } from "../support/run-node.js";
import { tempFolder } from "../support/scratch.js";

// CommonJS packages whose named exports Node's ES module loader cannot see (webpack's are getters
// added at run time; the plugins' default export is `module.exports.default`).
const load = createRequire(import.meta.url);
const { webpack } = load("webpack") as typeof import("webpack");
const commonjs = load("@rollup/plugin-commonjs") as typeof import("@rollup/plugin-commonjs").default;
const { nodeResolve } = load("@rollup/plugin-node-resolve") as typeof import("@rollup/plugin-node-resolve");

interface TransformResult {
  status: string;
  code?: string;
  diagnostics?: string[];
}
const transformer = load(join(repoRoot, "packages", "transformer")) as {
  transformSource(code: string, fileName: string, options?: Record<string, unknown>): TransformResult;
};

export type Format = "esm" | "cjs";
export type Bundler = "esbuild" | "rollup" | "webpack";

/** A folder under the repository's build/ (so that `@await-tree/runtime` resolves to the workspace). */
export function workDir(prefix: string): string {
  return tempFolder(join(repoRoot, "build"), `tmp-${prefix}-`);
}

/** TypeScript through transformSource into JavaScript of the given module format. */
export function compileTraced(source: string, fileName: string, format: Format): string {
  const r = transformer.transformSource(source, fileName, {
    format: format === "esm" ? "module" : "commonjs",
    projectRoot: repoRoot,
  });
  if (r.status !== "transformed" || r.code === undefined) throw new Error(`transformSource: ${JSON.stringify(r)}`);
  if (r.diagnostics !== undefined && r.diagnostics.length > 0) throw new Error(r.diagnostics.join("\n"));
  return r.code;
}

const builtin = (id: string): boolean => id.startsWith("node:") || builtinModules.includes(id);

/** Bundle `entry` into `outFile`; `external` modules stay imports (or requires) of the bundle. */
export async function bundle(
  bundler: Bundler,
  format: Format,
  entry: string,
  outFile: string,
  external: string[] = [],
): Promise<void> {
  if (bundler === "esbuild") {
    buildSync({
      entryPoints: [entry],
      bundle: true,
      platform: "node",
      format,
      outfile: outFile,
      external,
      logLevel: "error",
    });
    return;
  }
  if (bundler === "rollup") {
    const build = await rollup({
      input: entry,
      external: (id) => builtin(id) || external.includes(id),
      plugins: [nodeResolve({ preferBuiltins: true }), commonjs()],
      onwarn: (w) => {
        // TypeScript's decorator helpers (`this && this.__esDecorate`) in the user's compiled file.
        if (w.code === "THIS_IS_UNDEFINED") return;
        throw new Error(`rollup: ${w.message}`);
      },
    });
    await build.write({ file: outFile, format: format === "esm" ? "es" : "cjs" });
    await build.close();
    return;
  }
  const outDir = join(outFile, "..");
  const filename = outFile.slice(outDir.length + 1);
  const stats = await new Promise<Stats | undefined>((resolve, reject) => {
    webpack(
      {
        mode: "none",
        target: "node20",
        entry,
        externals: Object.fromEntries(external.map((e) => [e, `${format === "esm" ? "module" : "commonjs"} ${e}`])),
        externalsType: format === "esm" ? "module" : "commonjs",
        output:
          format === "esm"
            ? { path: outDir, filename, module: true, chunkFormat: "module", library: { type: "module" } }
            : { path: outDir, filename, library: { type: "commonjs2" } },
        experiments: { outputModule: format === "esm" },
        optimization: { minimize: false },
        devtool: false,
        infrastructureLogging: { level: "error" },
      },
      (err, s) => (err ? reject(err) : resolve(s)),
    );
  });
  if (stats?.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  // A bundle that includes the runtime builds without a word (webpack once warned on every build:
  // "module.createRequire failed parsing argument").
  if (stats?.hasWarnings()) throw new Error(stats.toString({ all: false, warnings: true }));
}

/** Write files under `dir` (paths relative to it, folders created). */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = join(dir, name);
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, text);
  }
}

/** Durations in a tree vary from run to run. */
export const maskTimes = (text: string): string => text.replace(/\[\d+(\.\d+)?(ns|µs|ms|s)\]/g, "[t]");
