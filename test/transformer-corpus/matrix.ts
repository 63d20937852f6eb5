/**
 * The configurations of the differential corpus and which programs and runs each one gets.
 *
 * Each run is a Node.js process, and runs are most of the corpus's time: the matrix puts every
 * program in the two core configurations with both plugin variants (each variant with one registry
 * mode, paired the other way round in the other core configuration), and in the other configurations
 * compiles every program and runs each in one of the four target configurations (`share`: plain
 * and `traceAll`, with or without a registry, alternating), while the configurations that exist for
 * one class (decorator modes, sloppy scripts, `module: preserve`) compile only the programs of that
 * class and run them with both variants, paired as in the core. CORPUS_FULL=1 gives every
 * configuration every run (both variants, with and without a registry).
 */
import type { Program } from "./programs.js";

/** The two builds with the plugin: its default options (`@traced` and what is nested in it) and `traceAll`. */
export type PluginVariant = "default" | "traceAll";

export interface RunSpec {
  variant: PluginVariant;
  /** Run with a preloaded global registry (traced calls outside any task become automatic roots). */
  registry: boolean;
}

export interface Config {
  name: string;
  module: "commonjs" | "nodenext" | "preserve";
  target: "ES2015" | "ES2017" | "ES2020" | "ES2022" | "ESNext";
  decorators: "standard" | "legacy";
  /** `strict: false`, `alwaysStrict: false`, scripts stay scripts: compiles only `corpus-script` programs. */
  sloppy: boolean;
  /** Which programs the configuration compiles (besides skips and decorator modes). */
  scope: "all" | "decorators" | "scripts" | "module-formats";
  runs: RunSpec[];
  /** Also emit declarations and compare them with and without the plugin. */
  declaration: boolean;
  /** Also compile with the plugin listed twice, which must give the JavaScript of one pass. */
  twice: boolean;
  /** Also run the exported `createTransformer` on the emitted JavaScript and, twice, on the sources. */
  programmatic: boolean;
  /**
   * Runs only a share of the programs (those whose number is `index` modulo `of`); all are still
   * compiled and checked. The four target configurations share the programs between them, so that
   * each program runs in the two core configurations and one target configuration: CI's time.
   * CORPUS_FULL=1 runs every program everywhere.
   */
  share?: { index: number; of: number };
}

const EVERY_RUN: RunSpec[] = [
  { variant: "default", registry: true },
  { variant: "default", registry: false },
  { variant: "traceAll", registry: true },
  { variant: "traceAll", registry: false },
];
/** Both plugin variants, each in one registry mode; `SWAPPED` pairs them the other way round. */
const BOTH_VARIANTS: RunSpec[] = [
  { variant: "default", registry: true },
  { variant: "traceAll", registry: false },
];
const BOTH_VARIANTS_SWAPPED: RunSpec[] = [
  { variant: "default", registry: false },
  { variant: "traceAll", registry: true },
];
const TRACE_ALL_WITH_REGISTRY: RunSpec[] = [{ variant: "traceAll", registry: true }];
const TRACE_ALL_WITHOUT_REGISTRY: RunSpec[] = [{ variant: "traceAll", registry: false }];

const BASE = { decorators: "standard", sloppy: false, declaration: false, twice: false, programmatic: false } as const;

export const ALL_CONFIGS: Config[] = [
  // Core: every program, both plugin variants, each variant with one registry mode; the two core
  // configurations pair them the other way round, so that every program meets all four runs.
  // ES2020 CommonJS is where most defects of issue 9 were found.
  { ...BASE, name: "cjs-es2020", module: "commonjs", target: "ES2020", scope: "all", runs: BOTH_VARIANTS },
  {
    ...BASE,
    name: "esm-es2022",
    module: "nodenext",
    target: "ES2022",
    scope: "all",
    runs: BOTH_VARIANTS_SWAPPED,
    declaration: true,
  },
  // Targets and formats: every program compiled; each runs in one of the four (plain against
  // traceAll), shared by program number.
  {
    ...BASE,
    name: "cjs-es2022",
    share: { index: 0, of: 4 },
    module: "commonjs",
    target: "ES2022",
    scope: "all",
    runs: TRACE_ALL_WITHOUT_REGISTRY,
    declaration: true,
    twice: true,
    programmatic: true,
  },
  {
    ...BASE,
    name: "esm-esnext",
    share: { index: 1, of: 4 },
    module: "nodenext",
    target: "ESNext",
    scope: "all",
    runs: TRACE_ALL_WITH_REGISTRY,
    programmatic: true,
  },
  {
    ...BASE,
    name: "cjs-es2017",
    share: { index: 2, of: 4 },
    module: "commonjs",
    target: "ES2017",
    scope: "all",
    runs: TRACE_ALL_WITHOUT_REGISTRY,
  },
  {
    ...BASE,
    name: "cjs-es2015",
    share: { index: 3, of: 4 },
    module: "commonjs",
    target: "ES2015",
    scope: "all",
    runs: TRACE_ALL_WITH_REGISTRY,
  },
  // Class-specific: experimentalDecorators, sloppy scripts, `module: preserve` (and .cts/.mts); the
  // two configurations of each class pair variants and registry modes the other way round.
  {
    ...BASE,
    name: "cjs-es2020-legacy",
    module: "commonjs",
    target: "ES2020",
    decorators: "legacy",
    scope: "decorators",
    runs: BOTH_VARIANTS,
  },
  {
    ...BASE,
    name: "esm-esnext-legacy",
    module: "nodenext",
    target: "ESNext",
    decorators: "legacy",
    scope: "decorators",
    runs: BOTH_VARIANTS_SWAPPED,
  },
  {
    ...BASE,
    name: "sloppy-es2020",
    module: "commonjs",
    target: "ES2020",
    sloppy: true,
    scope: "scripts",
    runs: BOTH_VARIANTS,
  },
  {
    ...BASE,
    name: "sloppy-es2015",
    module: "commonjs",
    target: "ES2015",
    sloppy: true,
    scope: "scripts",
    runs: BOTH_VARIANTS_SWAPPED,
  },
  {
    ...BASE,
    name: "preserve-es2022",
    module: "preserve",
    target: "ES2022",
    scope: "module-formats",
    runs: BOTH_VARIANTS,
  },
  {
    ...BASE,
    name: "preserve-esnext",
    module: "preserve",
    target: "ESNext",
    scope: "module-formats",
    runs: BOTH_VARIANTS_SWAPPED,
  },
];

/** The configurations to run: CORPUS_CONFIGS=a,b picks some; CORPUS_FULL=1 gives each every run. */
export function selectedConfigs(env: NodeJS.ProcessEnv): Config[] {
  const only = env.CORPUS_CONFIGS?.split(",").filter((s) => s !== "");
  const picked =
    only === undefined || only.length === 0 ? ALL_CONFIGS : ALL_CONFIGS.filter((c) => only.includes(c.name));
  return env.CORPUS_FULL === "1" ? picked.map((c) => ({ ...c, runs: EVERY_RUN, share: undefined })) : picked;
}

/** Whether `config` leaves `program` to another target configuration (see `Config.share`). */
export function sharedOut(program: Program, config: Config): boolean {
  if (config.share === undefined) return false;
  const n = Number(/^\d+/.exec(program.name)?.[0] ?? "0");
  return n % config.share.of !== config.share.index;
}

/** Why `program` is not compiled in `config`, or undefined when it is. */
export function exclusion(program: Program, config: Config): string | undefined {
  const skip = program.skip.get(config.name);
  if (skip !== undefined) return skip;
  if (program.only !== undefined && !program.only.has(config.name)) return "not one of its configurations";
  if (program.script !== config.sloppy) return program.script ? "a sloppy script" : "a module (not sloppy)";
  if (program.usesDecorators && program.decorators !== "any" && program.decorators !== config.decorators) {
    return `written for ${program.decorators} decorators`;
  }
  if (program.outExt !== ".js" && config.module === "commonjs") return "a .cts/.mts file needs nodenext or preserve";
  switch (config.scope) {
    case "all":
    case "scripts":
      return undefined;
    case "decorators":
      return program.usesDecorators ? undefined : "no decorators";
    case "module-formats":
      return program.outExt !== ".js" || program.only !== undefined ? undefined : "runs in the other module formats";
  }
}

/**
 * Node.js (20 to 24) cannot parse standard decorators, which TypeScript keeps as they are for
 * target ESNext: such programs are compiled and their output parsed, not run.
 */
export function parseOnly(program: Program, config: Config): boolean {
  return program.usesDecorators && config.decorators === "standard" && config.target === "ESNext";
}
