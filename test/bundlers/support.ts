// What the bundler tests share: scenario projects with a static entry (a bundle has no files to
// import by name at run time), the build child process, and running what was built.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeProject, node, type Run } from "../transformer/helpers.js";
import { SCENARIO_PLUGIN, SCENARIOS, scenarioFiles } from "../transformer/scenario-support.js";
import type { BuildJob, Bundler } from "./build-scenarios.js";

const here = dirname(fileURLToPath(import.meta.url));
export const BUILD_SCRIPT = join(here, "build-scenarios.js");

export interface DecoratorConfig {
  id: "standard-decorators" | "experimental-decorators";
  compilerOptions: Record<string, unknown>;
}

const common = {
  strict: true,
  types: ["node"],
  lib: ["ES2022", "ESNext.Disposable"],
  skipLibCheck: true,
  // ts-loader (webpack) makes no source map without it, and drops the plugin's map with its own.
  sourceMap: true,
};

/** Both decorator modes; module settings as a bundler project has them. */
export const DECORATOR_CONFIGS: DecoratorConfig[] = [
  {
    id: "standard-decorators",
    compilerOptions: { ...common, module: "esnext", moduleResolution: "bundler", target: "ES2022" },
  },
  {
    id: "experimental-decorators",
    compilerOptions: {
      ...common,
      module: "esnext",
      moduleResolution: "bundler",
      target: "ES2022",
      experimentalDecorators: true,
    },
  },
];

/** An entry that imports every scenario statically and runs those named on the command line. */
export function bundleEntry(names: readonly string[]): string {
  const id = (n: string) => `s_${n.replace(/\W/g, "_")}`;
  return [
    `import { initGlobalRegistry } from "@await-tree/runtime";`,
    ...names.map((n) => `import * as ${id(n)} from "./${n}.js";`),
    `const scenarios: Record<string, { run: () => Promise<string> }> = { ${names.map((n) => `${JSON.stringify(n)}: ${id(n)}`).join(", ")} };`,
    `async function runScenariosOfBundle(): Promise<void> {`,
    `  initGlobalRegistry();`,
    `  let out = "";`,
    `  for (const name of process.argv.slice(2)) out += \`=== \${name}\\n\${await (scenarios[name] as { run: () => Promise<string> }).run()}\`;`,
    `  process.stdout.write(out);`,
    `  process.exit(0);`,
    `}`,
    `runScenariosOfBundle().catch((e) => {`,
    `  console.error(e);`,
    `  process.exit(1);`,
    `});`,
    ``,
  ].join("\n");
}

/** A scenario project for one decorator mode, with `src/_bundle.ts`. */
export function scenarioProject(name: string, config: DecoratorConfig, type: "module" | "commonjs" = "module"): string {
  const dir = makeProject(name, {
    from: "scenarios",
    type,
    compilerOptions: config.compilerOptions,
    plugin: SCENARIO_PLUGIN,
    files: [...scenarioFiles(SCENARIOS), "src/_bundle.ts"],
  });
  writeFileSync(join(dir, "src", "_bundle.ts"), bundleEntry(SCENARIOS));
  return dir;
}

/**
 * Builds each job with `bundler` in one child process (`options` null: without the plugin); the
 * warnings of each build, or the failed run.
 */
export async function buildAll(
  bundler: Bundler,
  options: Record<string, unknown> | null,
  jobs: BuildJob[],
): Promise<{ run: Run; warnings: string[][] | undefined }> {
  // No disk cache: every build compiles (a cache written by an older build of the plugin would hide it).
  const run = await node([BUILD_SCRIPT, bundler, JSON.stringify(options), JSON.stringify(jobs)], {
    env: { AWAIT_TREE_CACHE: "0" },
  });
  let warnings: string[][] | undefined;
  if (run.code === 0) {
    try {
      warnings = JSON.parse(run.stdout.trim().split("\n").pop() as string) as string[][];
    } catch {
      warnings = undefined;
    }
  }
  return { run, warnings };
}

/** Runs a bundle with the scenarios in order. */
export function runBundle(dir: string, outDir: string, args: string[] = SCENARIOS): Promise<Run> {
  return node(["--enable-source-maps", join(outDir, "bundle.mjs"), ...args], { cwd: dir });
}
