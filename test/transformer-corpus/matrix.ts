/**
 * The configurations of the differential corpus and which programs and runs each one gets.
 *
 * Each run is a Node.js process, and runs are most of the corpus's time (CI has two cores and the
 * whole suite must stay well under 15 minutes), so not every program gets every run:
 * - the two core configurations (`cjs-es2020`, `esm-es2022`) run every program ONCE with the plugin
 *   (and once plain, in the same registry mode): `cjs-es2020` the run of `CYCLE` chosen by the
 *   program's number (default options or `traceAll`, with or without a registry), `esm-es2022` the
 *   other variant with the other registry mode (`Config.pair`). Between them every program meets
 *   both variants and both registry modes, and each of the four runs is made by a quarter of the
 *   programs in each configuration. A program that the partner configuration leaves out (its
 *   header: `corpus-skip`, `corpus-configs`) gets both runs of the pair where it runs;
 * - the four target configurations (ES2022, ESNext, ES2017, ES2015) compile every program and each
 *   runs a quarter of them (`share`), with `traceAll` and the registry mode that the pair did not
 *   give that program with `traceAll`: every program of the core that its target configuration
 *   runs meets `traceAll` with and without a registry;
 * - the configurations of one class of programs: the legacy-decorator pair (`experimentalDecorators`
 *   at ES2020 CommonJS and ESNext ESM) pairs runs like the core; the sloppy-script pair and the
 *   `module: preserve` pair (8 programs each, their time is their compiles) run both variants, each
 *   in one registry mode, swapped in the other configuration of the pair.
 * Every plugin build (default options, `traceAll`) is still compiled with every program of its
 * configuration and checked (compiles, instruments, leaves untouched files alone, declarations);
 * the plain build of a target configuration only with the programs it runs (corpus.test.ts).
 * This halves the core's runs, which were over a third of the corpus's CPU (the corpus prints the
 * runs and CPU seconds of each configuration). A defect that shows in one variant and registry
 * mode only is still met by a quarter of the programs in each core configuration. CORPUS_FULL=1
 * gives every configuration every program and every run (both variants, with and without a
 * registry): for a release, or a change to the transformer that touches one variant or mode only.
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
  /**
   * One plugin run per program instead of all of `runs` (see `runsOf`): the configurations of a
   * pair (`partner`) give every program both variants and both registry modes between them, and
   * each of the four runs to a quarter of the programs in each: half the runs of giving every
   * program every run, for CI's time. The first of the pair takes the run of `CYCLE` chosen by the
   * program's number, the other (`complement`) the other variant with the other registry mode.
   * `runs` lists every run: both plugin builds are compiled for every program. CORPUS_FULL=1 gives
   * every program every run.
   */
  pair?: { partner: string; complement: boolean };
  /** Also emit declarations and compare them with and without the plugin. */
  declaration: boolean;
  /** Also run the exported `createTransformer` on the JavaScript this configuration emits with `traceAll`. */
  programmatic: boolean;
  /**
   * Also run `createTransformer` twice in one pipeline on every source (the plugin listed twice),
   * against once. It transpiles the sources with fixed options, whatever the configuration: one
   * configuration does it.
   */
  transformsSourcesTwice: boolean;
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

/**
 * The run a program gets in the first configuration of a pair (`Config.pair`), by its
 * number modulo 4; the second configuration ("complement") gives it the other variant with the
 * other registry mode. The order is chosen against the target configurations' share (by the same
 * number modulo 4: `traceAll` without a registry for 0 and 2, with one for 1 and 3), so that a
 * program also meets, in its target configuration, the `traceAll` run its pair does not give it:
 * every program (that its target configuration runs) meets `traceAll` with and without a registry,
 * and the default options in one mode.
 */
const CYCLE: readonly RunSpec[] = [
  { variant: "default", registry: false },
  { variant: "default", registry: true },
  { variant: "traceAll", registry: true },
  { variant: "traceAll", registry: false },
];
const TRACE_ALL_WITH_REGISTRY: RunSpec[] = [{ variant: "traceAll", registry: true }];
const TRACE_ALL_WITHOUT_REGISTRY: RunSpec[] = [{ variant: "traceAll", registry: false }];

const BASE = {
  decorators: "standard",
  sloppy: false,
  declaration: false,
  programmatic: false,
  transformsSourcesTwice: false,
} as const;
/** Both plugin variants, each in one registry mode; `SWAPPED` pairs them the other way round. */
const BOTH_VARIANTS: RunSpec[] = [
  { variant: "default", registry: true },
  { variant: "traceAll", registry: false },
];
const BOTH_VARIANTS_SWAPPED: RunSpec[] = [
  { variant: "default", registry: false },
  { variant: "traceAll", registry: true },
];

export const ALL_CONFIGS: Config[] = [
  // Core: every program, one plugin run each (see `Config.pair`), the other variant with the other
  // registry mode in the other core configuration. ES2020 CommonJS is where most defects of issue 9
  // were found.
  {
    ...BASE,
    name: "cjs-es2020",
    module: "commonjs",
    target: "ES2020",
    scope: "all",
    runs: EVERY_RUN,
    pair: { partner: "esm-es2022", complement: false },
  },
  {
    ...BASE,
    name: "esm-es2022",
    module: "nodenext",
    target: "ES2022",
    scope: "all",
    runs: EVERY_RUN,
    pair: { partner: "cjs-es2020", complement: true },
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
    programmatic: true,
    transformsSourcesTwice: true,
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
    runs: EVERY_RUN,
    pair: { partner: "esm-esnext-legacy", complement: false },
  },
  {
    ...BASE,
    name: "esm-esnext-legacy",
    module: "nodenext",
    target: "ESNext",
    decorators: "legacy",
    scope: "decorators",
    runs: EVERY_RUN,
    pair: { partner: "cjs-es2020-legacy", complement: true },
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
  return env.CORPUS_FULL === "1"
    ? picked.map((c) => ({ ...c, runs: EVERY_RUN, share: undefined, pair: undefined }))
    : picked;
}

/** The number a program's name starts with. */
function programNumber(program: Program): number {
  return Number(/^\d+/.exec(program.name)?.[0] ?? "0");
}

/** Whether `config` leaves `program` to another target configuration (see `Config.share`). */
export function sharedOut(program: Program, config: Config): boolean {
  if (config.share === undefined) return false;
  return programNumber(program) % config.share.of !== config.share.index;
}

/** The other variant with the other registry mode. */
function complementOf(run: RunSpec): RunSpec {
  return { variant: run.variant === "default" ? "traceAll" : "default", registry: !run.registry };
}

/**
 * The plugin runs of `program` in `config` (each compared with the plain run of its registry
 * mode). In a pair of configurations, one run (see `Config.pair`); both runs of the pair where
 * the partner does not run the program (its header leaves it out there, or keeps it to this one).
 */
export function runsOf(program: Program, config: Config): RunSpec[] {
  if (config.pair === undefined) return config.runs;
  const cycled = CYCLE[programNumber(program) % CYCLE.length] as RunSpec;
  const mine = config.pair.complement ? complementOf(cycled) : cycled;
  const partner = ALL_CONFIGS.find((c) => c.name === config.pair?.partner);
  const partnerRuns =
    partner !== undefined && exclusion(program, partner) === undefined && !parseOnly(program, partner);
  return partnerRuns ? [mine] : [cycled, complementOf(cycled)];
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
