// One build of `<dir>/src/m0.ts` (which imports the whole generated project) by one bundler, with
// or without the await-tree plugin, in this process; run by bench/bundlers-build.mjs as a child so
// that each build pays what a real `vite build` pays (loading the bundler, and with the plugin,
// TypeScript). Each bundler uses the TypeScript transform its users have: esbuild, Oxc (Rolldown,
// Vite 8), rollup-plugin-esbuild (Rollup), ts-loader with transpileOnly (webpack), builtin SWC (rspack).
// Usage: node bench/lib/bundle-one.mjs <bundler> <dir> <with|without>
import { createRequire } from "node:module";
import { join } from "node:path";

const [bundler, dir, variant] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const withPlugin = variant === "with";
const entry = join(dir, "src", "m0.ts");
const outDir = join(dir, `out-${bundler}-${variant}`);
const external = /^@await-tree\/runtime(?:\/|$)/;
const plugin = (name) => (withPlugin ? [require(`@await-tree/transformer/${name}`)()] : []);

function webpackLike(tsRule, plugins) {
  return {
    mode: "production",
    context: dir,
    target: "node20",
    entry,
    output: { path: outDir, filename: "bundle.mjs", module: true, chunkFormat: "module", library: { type: "module" } },
    experiments: { outputModule: true },
    externalsType: "module",
    externals: [external],
    resolve: { extensions: [".ts", ".js"], extensionAlias: { ".js": [".ts", ".js"] } },
    module: { rules: [tsRule] },
    plugins,
    optimization: { minimize: false },
    devtool: "source-map",
  };
}

const run = (compiler) =>
  new Promise((resolve, reject) =>
    compiler.run((err, stats) =>
      compiler.close(() => (err ? reject(err) : stats.hasErrors() ? reject(new Error(stats.toString())) : resolve())),
    ),
  );

const builds = {
  async esbuild() {
    await require("esbuild").build({
      entryPoints: [entry],
      outfile: join(outDir, "bundle.mjs"),
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      sourcemap: true,
      external: ["@await-tree/runtime", "@await-tree/runtime/*"],
      plugins: plugin("esbuild"),
      logLevel: "silent",
    });
  },
  async rollup() {
    const { rollup } = await import("rollup");
    const esbuildPlugin = require("rollup-plugin-esbuild").default;
    const b = await rollup({
      input: entry,
      external: (id) => external.test(id),
      plugins: [...plugin("rollup"), esbuildPlugin({ target: "node20" })],
      onwarn() {},
    });
    await b.write({ file: join(outDir, "bundle.mjs"), format: "es", sourcemap: true });
    await b.close();
  },
  async rolldown() {
    const { rolldown } = await import("rolldown");
    const b = await rolldown({
      cwd: dir,
      input: entry,
      platform: "node",
      external,
      plugins: plugin("rolldown"),
      checks: { pluginTimings: false },
    });
    await b.write({ file: join(outDir, "bundle.mjs"), format: "es", sourcemap: true });
    await b.close();
  },
  async vite() {
    const vite = await import("vite");
    await vite.build({
      root: dir,
      configFile: false,
      logLevel: "silent",
      plugins: plugin("vite"),
      ssr: { external: ["@await-tree/runtime"] },
      build: {
        ssr: entry,
        outDir,
        target: "node20",
        minify: false,
        sourcemap: true,
        rollupOptions: { output: { entryFileNames: "bundle.mjs" }, checks: { pluginTimings: false } },
      },
    });
  },
  async webpack() {
    const webpack = require("webpack");
    const rule = { test: /\.ts$/, loader: require.resolve("ts-loader"), options: { transpileOnly: true } };
    await run(webpack(webpackLike(rule, plugin("webpack"))));
  },
  async rspack() {
    const { rspack } = require("@rspack/core");
    const rule = {
      test: /\.ts$/,
      loader: "builtin:swc-loader",
      options: {
        jsc: { parser: { syntax: "typescript", decorators: true }, transform: { decoratorVersion: "2022-03" } },
      },
    };
    await run(rspack(webpackLike(rule, plugin("rspack"))));
  },
};

await builds[bundler]();
