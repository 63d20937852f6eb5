// Bundles `<project>/src/_bundle.ts` with one bundler and the await-tree plugin into one file,
// `<project>/<outDir>/bundle.mjs` (ES module, with a source map). Run as a child process:
//   node build-scenarios.js <bundler> <plugin options JSON, or null for none> <jobs JSON>
// Every bundler really runs, with the TypeScript transform a user of it has (its own, or the
// usual loader); the runtime stays external (bundling the runtime itself is tested elsewhere).
// How each bundler builds is bench/lib/bundler-builds.mjs, which the bundler benchmark runs too.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "../support/run-node.js";

export const BUNDLERS = ["esbuild", "rollup", "rolldown", "vite", "webpack", "rspack"] as const;
export type Bundler = (typeof BUNDLERS)[number];

export interface BuildJob {
  /** The project directory (with its tsconfig.json). */
  dir: string;
  /** Entry, relative to `dir`. */
  entry: string;
  /** Output directory, relative to `dir`; the bundle is `bundle.mjs` in it. */
  outDir: string;
}

/** Warnings the bundler reported, as text (the plugin's "not instrumented" warnings among them). */
export type Warnings = string[];

/** What bench/lib/bundler-builds.mjs exports (a JavaScript module outside the tests' project). */
interface BundlerBuilds {
  BUNDLERS: readonly string[];
  buildWith(
    bundler: Bundler,
    job: BuildJob,
    how: { plugin?: Record<string, unknown>; warnings?: Warnings; production?: boolean },
  ): Promise<void>;
}

export async function bundlerBuilds(): Promise<BundlerBuilds> {
  const url = pathToFileURL(join(repoRoot, "bench", "lib", "bundler-builds.mjs")).href;
  return (await import(url)) as BundlerBuilds;
}

/** CLI: `<bundler> <options JSON> <jobs JSON>`; prints `{ warnings }` per job as JSON, exit 1 on a failed build. */
async function main(): Promise<void> {
  const [bundler, optionsJson, jobsJson] = process.argv.slice(2);
  if (!(BUNDLERS as readonly string[]).includes(bundler as string)) throw new Error(`unknown bundler ${bundler}`);
  // `null`: the same build without the plugin (the differential tests' baseline).
  const plugin = (JSON.parse(optionsJson as string) as Record<string, unknown> | null) ?? undefined;
  const jobs = JSON.parse(jobsJson as string) as BuildJob[];
  const { buildWith } = await bundlerBuilds();
  const results: Warnings[] = [];
  for (const job of jobs) {
    const warnings: Warnings = [];
    await buildWith(bundler as Bundler, job, { plugin, warnings });
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
