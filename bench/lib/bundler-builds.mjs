// One build of a TypeScript entry by one bundler, with or without the await-tree plugin, in this
// process: what the bundler benchmark (bench/lib/bundle-one.mjs) and the bundler tests
// (test/bundlers/build-scenarios.ts) both run, so that they build the same way. Each bundler uses
// the TypeScript transform its users have: esbuild, Oxc (Rolldown, Vite 8), rollup-plugin-esbuild
// (Rollup), ts-loader with transpileOnly (webpack), builtin SWC (rspack). A bundler and the plugin
// are loaded on first use (a benchmark's child pays what a real build pays, and no more). The
// runtime stays external. The bundle is `<dir>/<outDir>/bundle.mjs` (ES module, with a source map).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

export const BUNDLERS = ["esbuild", "rollup", "rolldown", "vite", "webpack", "rspack"];

const require = createRequire(import.meta.url);
const RUNTIME = /^@await-tree\/runtime(?:\/|$)/;

/**
 * @typedef {{ dir: string, entry: string, outDir: string }} BuildJob the project directory (with
 *   its tsconfig.json), the entry and the output directory relative to it
 * @typedef {object} How
 * @property {Record<string, unknown>} [plugin] the plugin's options; absent: built without it
 * @property {string[]} [warnings] receives the warnings the bundler reported, as text
 * @property {boolean} [production] webpack and rspack in production mode (else "none")
 */

/** The plugin for `bundler` as a list of plugins: empty when built without it. */
async function ours(bundler, how) {
  if (how.plugin === undefined) return [];
  const { default: awaitTree } = await import(`@await-tree/transformer/${bundler}`);
  return [awaitTree(how.plugin)];
}

const paths = (job) => ({
  entry: join(job.dir, job.entry),
  outDir: join(job.dir, job.outDir),
  tsconfig: join(job.dir, "tsconfig.json"),
});

async function esbuildBuild(job, how, warnings) {
  const esbuild = await import("esbuild");
  const p = paths(job);
  const result = await esbuild.build({
    absWorkingDir: job.dir,
    entryPoints: [p.entry],
    outfile: join(p.outDir, "bundle.mjs"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: true,
    external: ["@await-tree/runtime", "@await-tree/runtime/*"],
    plugins: await ours("esbuild", how),
    logLevel: "silent",
  });
  for (const w of result.warnings) warnings.push(w.text);
}

async function rollupBuild(job, how, warnings) {
  const { rollup } = await import("rollup");
  const { default: esbuildPlugin } = await import("rollup-plugin-esbuild");
  const p = paths(job);
  const bundle = await rollup({
    input: p.entry,
    external: (id) => RUNTIME.test(id),
    plugins: [...(await ours("rollup", how)), esbuildPlugin({ target: "node20", tsconfig: p.tsconfig })],
    onwarn: (w) => {
      warnings.push(w.message);
    },
  });
  await bundle.write({ file: join(p.outDir, "bundle.mjs"), format: "es", sourcemap: true });
  await bundle.close();
}

async function rolldownBuild(job, how, warnings) {
  const { rolldown } = await import("rolldown");
  const p = paths(job);
  const bundle = await rolldown({
    cwd: job.dir,
    input: p.entry,
    platform: "node",
    external: RUNTIME,
    tsconfig: p.tsconfig,
    plugins: await ours("rolldown", how),
    checks: { pluginTimings: false },
    onwarn: (w) => {
      warnings.push(w.message);
    },
  });
  await bundle.write({ file: join(p.outDir, "bundle.mjs"), format: "es", sourcemap: true });
  await bundle.close();
}

async function viteBuild(job, how, warnings) {
  const vite = await import("vite");
  const p = paths(job);
  const warn = (msg) => {
    warnings.push(msg);
  };
  await vite.build({
    root: job.dir,
    configFile: false,
    logLevel: "silent",
    customLogger: { ...vite.createLogger("silent"), warn, warnOnce: warn },
    plugins: await ours("vite", how),
    ssr: { external: ["@await-tree/runtime"] },
    build: {
      ssr: p.entry,
      outDir: p.outDir,
      emptyOutDir: true,
      target: "node20",
      minify: false,
      sourcemap: true,
      rollupOptions: {
        output: { entryFileNames: "bundle.mjs", format: "es" },
        checks: { pluginTimings: false },
        onwarn: (w) => warn(w.message),
      },
    },
  });
}

/** webpack and rspack share the configuration shape; only the TypeScript loader differs. */
function webpackLikeConfig(job, how, tsRule, plugins) {
  const p = paths(job);
  return {
    mode: how.production === true ? "production" : "none",
    context: job.dir,
    target: "node20",
    devtool: "source-map",
    entry: p.entry,
    output: {
      path: p.outDir,
      filename: "bundle.mjs",
      module: true,
      chunkFormat: "module",
      library: { type: "module" },
    },
    experiments: { outputModule: true },
    externalsType: "module",
    externals: [/^@await-tree\/runtime(?:\/.*)?$/],
    // TypeScript's own extensions, and its imports of them by their output names (`./a.cjs` for a.cts).
    resolve: {
      extensions: [".ts", ".tsx", ".cts", ".mts", ".js"],
      extensionAlias: { ".js": [".ts", ".tsx", ".js"], ".cjs": [".cts", ".cjs"], ".mjs": [".mts", ".mjs"] },
    },
    module: { rules: Array.isArray(tsRule) ? tsRule : [tsRule] },
    plugins,
    optimization: { minimize: false },
  };
}

/** Runs a webpack-like compiler; its errors fail the build, its warnings are collected. */
function runCompiler(compiler, warnings) {
  return new Promise((resolve, reject) => {
    compiler.run((err, stats) => {
      compiler.close(() => {
        if (err) return reject(err);
        const json = stats.toJson({ all: false, errors: true, warnings: true });
        for (const w of json.warnings ?? []) warnings.push(w.message);
        const errors = (json.errors ?? []).map((e) => e.message);
        if (errors.length > 0) reject(new Error(errors.join("\n")));
        else resolve();
      });
    });
  });
}

async function webpackBuild(job, how, warnings) {
  const { default: webpack } = await import("webpack");
  const rule = {
    test: /\.[cm]?tsx?$/,
    loader: require.resolve("ts-loader"),
    options: { transpileOnly: true, configFile: paths(job).tsconfig },
  };
  await runCompiler(webpack(webpackLikeConfig(job, how, rule, await ours("webpack", how))), warnings);
}

async function rspackBuild(job, how, warnings) {
  const { rspack } = await import("@rspack/core");
  const tsconfig = JSON.parse(readFileSync(paths(job).tsconfig, "utf8"));
  const legacy = tsconfig.compilerOptions?.experimentalDecorators === true;
  // SWC parses `.tsx` as TSX and the rest as TypeScript (in TSX, `<T>(x) => x` is an element).
  const swc = (tsx) => ({
    loader: "builtin:swc-loader",
    options: {
      jsc: {
        parser: { syntax: "typescript", tsx, decorators: true },
        transform: legacy ? { legacyDecorator: true } : { decoratorVersion: "2022-03" },
        target: "es2022",
      },
    },
  });
  const rule = [
    { test: /\.[cm]?ts$/, ...swc(false) },
    { test: /\.tsx$/, ...swc(true) },
  ];
  await runCompiler(rspack(webpackLikeConfig(job, how, rule, await ours("rspack", how))), warnings);
}

const BUILDS = {
  esbuild: esbuildBuild,
  rollup: rollupBuild,
  rolldown: rolldownBuild,
  vite: viteBuild,
  webpack: webpackBuild,
  rspack: rspackBuild,
};

/**
 * Builds `job` with `bundler`.
 * @param {string} bundler one of BUNDLERS
 * @param {BuildJob} job
 * @param {How} [how]
 * @returns {Promise<void>}
 */
export async function buildWith(bundler, job, how = {}) {
  const build = BUILDS[bundler];
  if (build === undefined)
    throw new Error(`unknown bundler ${JSON.stringify(bundler)} (one of ${BUNDLERS.join(", ")})`);
  await build(job, how, how.warnings ?? []);
}
