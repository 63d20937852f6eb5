// Bundles `<project>/src/_bundle.ts` with one bundler and the await-tree plugin into one file,
// `<project>/dist-<bundler>/bundle.mjs` (ES module, with a source map). Run as a child process:
//   node build-scenarios.js <bundler> <plugin options JSON> <project>...
// Every bundler really runs, with the TypeScript transform a user of it has (its own, or the
// usual loader); the runtime stays external (bundling the runtime itself is tested elsewhere).
import { createRequire } from "node:module";
import { join } from "node:path";

export const BUNDLERS = ["esbuild", "rollup", "rolldown", "vite", "webpack", "rspack"] as const;
export type Bundler = (typeof BUNDLERS)[number];

const require = createRequire(import.meta.url);
const RUNTIME = /^@await-tree\/runtime(?:\/|$)/;

export interface BuildJob {
  /** The project directory (with its tsconfig.json). */
  dir: string;
  /** Entry, relative to `dir`. */
  entry: string;
  /** Output directory, relative to `dir`; the bundle is `bundle.mjs` in it. */
  outDir: string;
}

type Options = Record<string, unknown>;

/** Warnings the bundler reported, as text (the plugin's "not instrumented" warnings among them). */
export type Warnings = string[];

async function esbuildBuild(job: BuildJob, options: Options, warnings: Warnings): Promise<void> {
  const esbuild = await import("esbuild");
  const { default: awaitTree } = await import("@await-tree/transformer/esbuild");
  const result = await esbuild.build({
    absWorkingDir: job.dir,
    entryPoints: [join(job.dir, job.entry)],
    outfile: join(job.dir, job.outDir, "bundle.mjs"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: true,
    external: ["@await-tree/runtime", "@await-tree/runtime/*"],
    plugins: [awaitTree(options)],
    logLevel: "silent",
  });
  for (const w of result.warnings) warnings.push(w.text);
}

async function rollupBuild(job: BuildJob, options: Options, warnings: Warnings): Promise<void> {
  const { rollup } = await import("rollup");
  const { default: esbuildPlugin } = await import("rollup-plugin-esbuild");
  const { default: awaitTree } = await import("@await-tree/transformer/rollup");
  const bundle = await rollup({
    input: join(job.dir, job.entry),
    external: (id) => RUNTIME.test(id),
    plugins: [awaitTree(options), esbuildPlugin({ target: "node20", tsconfig: join(job.dir, "tsconfig.json") })],
    onwarn: (w) => {
      warnings.push(w.message);
    },
  });
  await bundle.write({ file: join(job.dir, job.outDir, "bundle.mjs"), format: "es", sourcemap: true });
  await bundle.close();
}

async function rolldownBuild(job: BuildJob, options: Options, warnings: Warnings): Promise<void> {
  const { rolldown } = await import("rolldown");
  const { default: awaitTree } = await import("@await-tree/transformer/rolldown");
  const bundle = await rolldown({
    cwd: job.dir,
    input: join(job.dir, job.entry),
    platform: "node",
    external: RUNTIME,
    tsconfig: join(job.dir, "tsconfig.json"),
    plugins: [awaitTree(options)],
    onwarn: (w) => {
      warnings.push(w.message);
    },
  });
  await bundle.write({ file: join(job.dir, job.outDir, "bundle.mjs"), format: "es", sourcemap: true });
  await bundle.close();
}

async function viteBuild(job: BuildJob, options: Options, warnings: Warnings): Promise<void> {
  const vite = await import("vite");
  const { default: awaitTree } = await import("@await-tree/transformer/vite");
  await vite.build({
    root: job.dir,
    configFile: false,
    logLevel: "silent",
    customLogger: {
      ...vite.createLogger("silent"),
      warn: (msg: string) => {
        warnings.push(msg);
      },
      warnOnce: (msg: string) => {
        warnings.push(msg);
      },
    },
    plugins: [awaitTree(options)],
    ssr: { external: ["@await-tree/runtime"] },
    build: {
      ssr: join(job.dir, job.entry),
      outDir: join(job.dir, job.outDir),
      emptyOutDir: true,
      target: "node20",
      minify: false,
      sourcemap: true,
      rollupOptions: {
        output: { entryFileNames: "bundle.mjs", format: "es" },
        onwarn: (w) => {
          warnings.push(w.message);
        },
      },
    },
  });
}

/** webpack and rspack share the configuration shape; only the TypeScript loader differs. */
function webpackLikeConfig(job: BuildJob, tsRule: Record<string, unknown>, plugin: unknown) {
  return {
    mode: "none" as const,
    context: job.dir,
    target: "node20",
    devtool: "source-map" as const,
    entry: join(job.dir, job.entry),
    output: {
      path: join(job.dir, job.outDir),
      filename: "bundle.mjs",
      module: true,
      chunkFormat: "module" as const,
      library: { type: "module" as const },
    },
    experiments: { outputModule: true },
    externalsType: "module" as const,
    externals: [/^@await-tree\/runtime(?:\/.*)?$/],
    resolve: { extensions: [".ts", ".js"], extensionAlias: { ".js": [".ts", ".js"] } },
    module: { rules: [tsRule] },
    plugins: [plugin],
    optimization: { minimize: false },
  };
}

function runCompiler(compiler: {
  run(cb: (err: Error | null, stats?: unknown) => void): void;
  close(cb: () => void): void;
}): Promise<{ errors: string[]; warnings: string[] }> {
  return new Promise((resolve, reject) => {
    compiler.run((err, stats) => {
      compiler.close(() => {
        if (err) return reject(err);
        const json = (
          stats as { toJson(o: unknown): { errors?: { message: string }[]; warnings?: { message: string }[] } }
        ).toJson({
          all: false,
          errors: true,
          warnings: true,
        });
        resolve({
          errors: (json.errors ?? []).map((e) => e.message),
          warnings: (json.warnings ?? []).map((w) => w.message),
        });
      });
    });
  });
}

async function webpackBuild(job: BuildJob, options: Options, warnings: Warnings): Promise<void> {
  const { default: webpack } = await import("webpack");
  const { default: awaitTree } = await import("@await-tree/transformer/webpack");
  const config = webpackLikeConfig(
    job,
    {
      test: /\.ts$/,
      loader: require.resolve("ts-loader"),
      options: { transpileOnly: true, configFile: join(job.dir, "tsconfig.json") },
    },
    awaitTree(options),
  );
  const out = await runCompiler(webpack(config as never) as never);
  warnings.push(...out.warnings);
  if (out.errors.length > 0) throw new Error(out.errors.join("\n"));
}

async function rspackBuild(job: BuildJob, options: Options, warnings: Warnings): Promise<void> {
  const { rspack } = await import("@rspack/core");
  const { default: awaitTree } = await import("@await-tree/transformer/rspack");
  const tsconfig = JSON.parse((await import("node:fs")).readFileSync(join(job.dir, "tsconfig.json"), "utf8")) as {
    compilerOptions: { experimentalDecorators?: boolean };
  };
  const legacy = tsconfig.compilerOptions.experimentalDecorators === true;
  const config = webpackLikeConfig(
    job,
    {
      test: /\.ts$/,
      loader: "builtin:swc-loader",
      options: {
        jsc: {
          parser: { syntax: "typescript", decorators: true },
          transform: legacy ? { legacyDecorator: true } : { decoratorVersion: "2022-03" },
          target: "es2022",
        },
      },
    },
    awaitTree(options),
  );
  const out = await runCompiler(rspack(config as never) as never);
  warnings.push(...out.warnings);
  if (out.errors.length > 0) throw new Error(out.errors.join("\n"));
}

export const BUILD: Record<Bundler, (job: BuildJob, options: Options, warnings: Warnings) => Promise<void>> = {
  esbuild: esbuildBuild,
  rollup: rollupBuild,
  rolldown: rolldownBuild,
  vite: viteBuild,
  webpack: webpackBuild,
  rspack: rspackBuild,
};

/** CLI: `<bundler> <options JSON> <jobs JSON>`; prints `{ warnings }` per job as JSON, exit 1 on a failed build. */
async function main(): Promise<void> {
  const [bundler, optionsJson, jobsJson] = process.argv.slice(2);
  const build = BUILD[bundler as Bundler];
  if (build === undefined) throw new Error(`unknown bundler ${bundler}`);
  const options = JSON.parse(optionsJson as string) as Options;
  const jobs = JSON.parse(jobsJson as string) as BuildJob[];
  const results: Warnings[] = [];
  for (const job of jobs) {
    const warnings: Warnings = [];
    await build(job, options, warnings);
    results.push(warnings);
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/"))) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
