/**
 * The differential corpus: every program in corpus/programs is compiled per configuration by plain
 * `tsc` (the baseline) and by `tspc` with @await-tree/transformer, once with the plugin's default
 * options (`@traced` and what is nested in it) and once with `traceAll: true`, one compiler run per
 * build. Each build's output is run with `node --enable-source-maps`, with or without a preloaded
 * global registry, and every plugin run must behave exactly as the plain run with the same registry
 * mode: same stdout, same stderr (temp directories masked), same exit code. Which runs a program
 * gets where is matrix.ts's: by default one plugin run per program in each core configuration (the
 * two between them give it both variants and both registry modes), to keep CI's time; CORPUS_FULL=1
 * gives every program every run. The same compiles also check that the plugin really ran, that
 * default options leave files without `traced` byte for byte alone, and that `.d.ts` output is
 * untouched; `createTransformer` checks that the transformer leaves its own output alone and that
 * transforming twice in one pipeline (the plugin listed twice) gives the JavaScript of once.
 * Program headers: programs.ts.
 *
 * Environment: CORPUS_CONFIGS=cjs-es2020,esm-es2022 runs only those configurations; CORPUS_FULL=1
 * runs every program of every configuration in every run (five times the runs, for a
 * release or a change to one variant or registry mode); CORPUS_PROGRAMS=142,180 runs only those
 * programs; CORPUS_KEEP=1 keeps the temp directory (its path is printed). The wall time, runs and
 * CPU seconds (compiles, runs, this process) of each configuration are printed at the end.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect } from "chai";
import ts from "typescript";
import { tspcArgs } from "../support/live-tspc.js";
import {
  ALL_CONFIGS,
  type Config,
  exclusion,
  type PluginVariant,
  parseOnly,
  runsOf,
  selectedConfigs,
  sharedOut,
} from "./matrix.js";
import { type ProcResult, resetChildrenCpu, runNode } from "./processes.js";
import { loadPrograms, type Program } from "./programs.js";

/**
 * A program that runs longer than this is killed and reported (they all finish in a few seconds
 * alone). `npm test` runs the corpus at a low priority beside the rest of the suite, where a
 * program's run may wait long for the CPU: a CI run on a loaded machine saw one pass 30 s.
 */
const RUN_TIMEOUT_MS = 90_000;
const COMPILE_TIMEOUT_MS = 180_000;
const INSTRUMENT_MODULE = "@await-tree/runtime/instrument";

type BuildKind = "plain" | PluginVariant;

interface Build {
  kind: BuildKind;
  dir: string;
  outDir: string;
  compile: ProcResult;
}

function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "node_modules", "ts-patch")) && existsSync(join(dir, "test", "transformer-corpus"))) {
      return dir;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error("transformer corpus: cannot find the repository root above the test build");
    dir = up;
  }
}

const ROOT = findRepoRoot();
const PROGRAMS_DIR = join(ROOT, "test", "transformer-corpus", "corpus", "programs");
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
/** CORPUS_PROGRAMS=142,180 runs only the programs whose names start with these numbers. */
const ONLY = process.env.CORPUS_PROGRAMS?.split(",").filter((x) => x !== "");
const PROGRAMS = loadPrograms(PROGRAMS_DIR).filter(
  (p) => ONLY === undefined || ONLY.length === 0 || ONLY.some((n) => p.name.startsWith(`${n}-`)),
);
const CONFIGS = selectedConfigs(process.env);

/** The plugin entry as a user writes it; the package path when the workspace link is missing. */
function transformerSpecifier(): string {
  try {
    createRequire(join(ROOT, "package.json")).resolve("@await-tree/transformer");
    return "@await-tree/transformer";
  } catch {
    return join(ROOT, "packages", "transformer");
  }
}

/** What the transformer package exports for programmatic use (getCustomTransformers, transpileModule). */
interface TransformerModule {
  createTransformer(
    program?: ts.Program,
    options?: { traceAll?: boolean },
    typescript?: typeof ts,
  ): ts.TransformerFactory<ts.SourceFile>;
}

function loadTransformer(): TransformerModule {
  const mod = createRequire(join(ROOT, "package.json"))(transformerSpecifier()) as Partial<TransformerModule>;
  if (typeof mod.createTransformer !== "function") {
    throw new Error("@await-tree/transformer does not export createTransformer(program, options, ts)");
  }
  return mod as TransformerModule;
}

/** A maker of fresh `traceAll` transformers from the package's `createTransformer`. */
function traceAllTransformer(): () => ts.TransformerFactory<ts.SourceFile> {
  const { createTransformer } = loadTransformer();
  return () => createTransformer(undefined, { traceAll: true }, ts);
}

/** JavaScript of `text` through TypeScript's transpiler, with the given `before` transformers. */
function transpile(text: string, fileName: string, before: ts.TransformerFactory<ts.SourceFile>[]): string {
  return ts.transpileModule(text, {
    fileName,
    compilerOptions: { target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.ESNext, sourceMap: false },
    transformers: { before },
  }).outputText;
}

/** The first line where two texts differ, for a short failure message. */
function firstDifference(a: string, b: string): string {
  const x = a.split("\n");
  const y = b.split("\n");
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i])
      return `line ${i + 1}: ${JSON.stringify(x[i] ?? "<none>")} vs ${JSON.stringify(y[i] ?? "<none>")}`;
  }
  return "same";
}

function pluginEntries(kind: BuildKind): Record<string, unknown>[] {
  const entry = { transform: transformerSpecifier() };
  switch (kind) {
    case "plain":
      return [];
    case "default":
      return [entry];
    case "traceAll":
      return [{ ...entry, traceAll: true }];
  }
}

function tsconfigFor(config: Config, kind: BuildKind, files: string[]): object {
  const resolution = { commonjs: "node10", nodenext: "nodenext", preserve: "bundler" } as const;
  return {
    compilerOptions: {
      target: config.target,
      module: config.module,
      moduleResolution: resolution[config.module],
      lib: ["ESNext"],
      // @types/node is read only for types: without it the JavaScript and source maps of every
      // build of the corpus are the same byte for byte (compared build by build), and a compile
      // takes half a second less CPU. The declarations (inferred types) need it.
      types: config.declaration ? ["node"] : [],
      strict: !config.sloppy,
      ...(config.sloppy ? { alwaysStrict: false, moduleDetection: "legacy" } : { moduleDetection: "force" }),
      experimentalDecorators: config.decorators === "legacy",
      sourceMap: true,
      declaration: config.declaration,
      // One program that does not type-check must not hide the others: "compiles ..." reports it.
      noEmitOnError: false,
      // Type-checking is nine tenths of a compile's CPU and changes no byte of the output: the
      // JavaScript (with and without the plugin) and the declarations were compared on the whole
      // corpus with and without it. What the corpus checks is behaviour, not types.
      noCheck: true,
      skipLibCheck: true,
      rootDir: PROGRAMS_DIR,
      outDir: "out",
      plugins: pluginEntries(kind),
    },
    files,
  };
}

async function compile(
  tmp: string,
  config: Config,
  kind: BuildKind,
  files: string[],
  group: string,
  background: boolean,
): Promise<Build> {
  const dir = join(tmp, group === "" ? `${config.name}-${kind}` : `${config.name}-${kind}-${group}`);
  const outDir = join(dir, "out");
  mkdirSync(outDir, { recursive: true });
  // Node decides the module format of the emitted .js files from the nearest package.json.
  const type = config.module === "commonjs" ? "commonjs" : "module";
  writeFileSync(join(outDir, "package.json"), `${JSON.stringify({ type, private: true })}\n`);
  const tsconfig = join(dir, "tsconfig.json");
  writeFileSync(tsconfig, `${JSON.stringify(tsconfigFor(config, kind, files), null, 2)}\n`);
  // tspc as ts-patch runs it, with its start-up done once per run (see support/live-tspc.ts).
  const compiler = kind === "plain" ? [TSC] : tspcArgs(process.env);
  let result = await runNode([...compiler, "-p", tsconfig], ROOT, COMPILE_TIMEOUT_MS, background);
  if (result.code !== 0 && !result.timedOut && STACK_OVERFLOW.test(`${result.stdout}${result.stderr}`)) {
    // How deep TypeScript's recursive walkers get before the stack runs out depends on whether V8
    // has optimized them by then (an interpreted frame is larger), which the machine's other load
    // decides: once in CI (2026-12-05) plain `tsc` itself died in `collectLinkedAliases` on the
    // isolated group's 1,100-term concatenation, which it compiles in every other run. A compile
    // that dies of it is run once more, whichever compiler it is: a limit of ours dies twice.
    result = await runNode([...compiler, "-p", tsconfig], ROOT, COMPILE_TIMEOUT_MS, background);
  }
  return { kind, dir, outDir, compile: result };
}

const STACK_OVERFLOW = /RangeError: Maximum call stack size exceeded/;

function compiled(b: Build | undefined): boolean {
  return b !== undefined && b.compile.code === 0 && !b.compile.timedOut;
}

function compileReport(b: Build): string {
  const c = b.compile;
  const text = `${c.stdout}${c.stderr}`.trim().split("\n").slice(0, 40).join("\n");
  const compiler = b.kind === "plain" ? "tsc" : `tspc (${b.kind})`;
  return `${compiler} exited with ${c.timedOut ? "a timeout" : (c.code ?? c.signal)}:\n${text}`;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Masks the machine- and build-specific directories so that two runs can be compared. */
function normalize(text: string, build: Build, tmp: string): string {
  const pairs: [string, string][] = [
    [pathToFileURL(build.outDir).href, "<out>"],
    [build.outDir, "<out>"],
    [pathToFileURL(PROGRAMS_DIR).href, "<programs>"],
    [PROGRAMS_DIR, "<programs>"],
    [pathToFileURL(tmp).href, "<tmp>"],
    [tmp, "<tmp>"],
  ];
  let out = text;
  for (const [from, to] of pairs) out = out.replace(new RegExp(escapeRegExp(from), "g"), to);
  return out.replace(RUNTIME_FRAME, "").replace(STACK_BLOCK, (block) => block.split("\n").slice(0, 8).join("\n"));
}

/**
 * A stack frame of await-tree's own runtime: the `@traced` wrapper's, which the plain build has
 * and a decorated method without a wrapper (transformed) does not. Not the program's: dropped from
 * both sides. A trace holds at most 10 frames (Node's default limit), so the side without that
 * frame may show one more of the ones below: each trace is compared on its first 8 frames.
 */
const RUNTIME_FRAME =
  /^ {4}at [^\n]*[/\\](?:packages[/\\]runtime|node_modules[/\\]@await-tree[/\\]runtime)[/\\][^\n]*\n/gm;
const STACK_BLOCK = /(?:^ {4}at [^\n]*(?:\n|$))+/gm;

interface Observed {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

function observe(r: ProcResult, build: Build, tmp: string): Observed {
  return {
    exitCode: r.code,
    signal: r.signal,
    timedOut: r.timedOut,
    stdout: normalize(r.stdout, build, tmp),
    stderr: normalize(r.stderr, build, tmp),
  };
}

/** What differs between two runs, in one line per field. */
function describeDifference(base: Observed, other: Observed): string[] {
  const out: string[] = [];
  if (base.exitCode !== other.exitCode || base.signal !== other.signal || base.timedOut !== other.timedOut) {
    out.push(
      `exit ${base.exitCode ?? base.signal}${base.timedOut ? " (timeout)" : ""} vs ${other.exitCode ?? other.signal}${other.timedOut ? " (timeout)" : ""}`,
    );
  }
  if (base.stdout !== other.stdout) out.push(`stdout ${firstDifference(base.stdout, other.stdout)}`);
  if (base.stderr !== other.stderr) out.push(`stderr ${firstDifference(base.stderr, other.stderr)}`);
  return out;
}

const PRELOAD = "registry-preload.cjs";

function runProgram(build: Build, p: Program, registry: boolean): Promise<ProcResult> {
  const preload = registry ? ["--require", join(tmpRoot, PRELOAD)] : [];
  const script = join(build.outDir, `${p.name}${p.outExt}`);
  return runNode(["--enable-source-maps", ...p.nodeOptions, ...preload, script], build.outDir, RUN_TIMEOUT_MS);
}

/** Programs without an output file ending with `suffix` in `dir`. */
function missingOutputs(dir: string, programs: readonly Program[], suffix: (p: Program) => string): string[] {
  return programs.filter((p) => !existsSync(join(dir, `${p.name}${suffix(p)}`))).map((p) => p.name);
}

/** Programs whose output file ending with `suffix` differs between two builds. */
function differingOutputs(a: string, b: string, programs: readonly Program[], suffix: (p: Program) => string) {
  return programs.filter((p) => read(join(a, `${p.name}${suffix(p)}`)) !== read(join(b, `${p.name}${suffix(p)}`)));
}

const dtsOf = (p: Program): string => ({ ".js": ".d.ts", ".cjs": ".d.cts", ".mjs": ".d.mts" })[p.outExt];
const jsOf = (p: Program): string => p.outExt;

/**
 * Codes of the grammar errors (TS1xxx) TypeScript reports when it reads `files` again as
 * JavaScript: invalid syntax such as `@(a)(b)` as a decorator, which Node.js cannot check for us
 * where it cannot parse decorators at all.
 */
function grammarErrors(files: string[]): Map<string, number[]> {
  const program = ts.createProgram(files, {
    allowJs: true,
    checkJs: true,
    noEmit: true,
    noLib: true,
    types: [],
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
  });
  const out = new Map<string, number[]>();
  for (const f of files) {
    const sf = program.getSourceFile(f);
    const diagnostics =
      sf === undefined ? [] : [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    out.set(
      f,
      diagnostics
        .map((d) => d.code)
        // 1320 ("Type of 'await' operand must either be a valid promise or must not contain a
        // callable 'then' member") is a check of the operand's inferred type, not of the grammar:
        // an operand handed to the instrumentation's hook is inferred as its result instead.
        .filter((c) => c >= 1000 && c < 2000 && c !== 1320)
        .sort(),
    );
  }
  return out;
}

/** The builds of one configuration: its shared compiler runs, and those of its `corpus-isolate` programs. */
interface ConfigBuilds {
  builds: Map<BuildKind, Build>;
  isolatedBuilds: Map<BuildKind, Build>;
}

const configBuilds = new Map<string, Promise<ConfigBuilds>>();

/**
 * The programs a build of `config` compiles. A target configuration's plain build compiles only the
 * programs it runs (its share), unless it compares declarations: the plain output of a program
 * that does not run there would only be compared with the `traceAll` output, which must import
 * the instrumentation module that no plain output imports (checked for every program).
 */
function programsOfBuild(config: Config, kind: BuildKind, programs: readonly Program[]): Program[] {
  if (kind !== "plain" || config.share === undefined || config.declaration) return [...programs];
  return programs.filter((p) => !sharedOut(p, config));
}

/**
 * Starts the compiles of `config` once (later calls get the same promise). The configuration that
 * runs next is compiled in the background while this one's programs run: its compiles take only
 * the slots that the runs leave idle, so the compiler's start-up no longer waits behind the last
 * runs of the configuration before.
 */
function compileConfig(config: Config, background: boolean): Promise<ConfigBuilds> {
  const started = configBuilds.get(config.name);
  if (started !== undefined) return started;
  const programs = PROGRAMS.filter((p) => exclusion(p, config) === undefined);
  const variants = [...new Set(config.runs.map((r) => r.variant))];
  const kinds: BuildKind[] = ["plain", ...variants];
  /** The builds of `group` (its programs chosen by `isolate`); a build with no program is not compiled. */
  const compileAll = async (isolate: boolean, group: string): Promise<Map<BuildKind, Build>> => {
    const done = await Promise.all(
      kinds.map((k) => {
        const files = programsOfBuild(config, k, programs)
          .filter((p) => p.isolate === isolate)
          .map((p) => p.file);
        return files.length === 0 ? undefined : compile(tmpRoot, config, k, files, group, background);
      }),
    );
    return new Map(done.filter((b) => b !== undefined).map((b) => [b.kind, b]));
  };
  const result = Promise.all([compileAll(false, ""), compileAll(true, "isolated")]).then(
    ([builds, isolatedBuilds]) => ({ builds, isolatedBuilds }),
  );
  result.catch(() => {}); // awaited by the configuration's before hook, which reports it
  configBuilds.set(config.name, result);
  return result;
}

let tmpRoot = "";
interface ConfigTime {
  config: string;
  programs: number;
  runs: number;
  /** Node.js processes started for the runs (a plugin build identical to the plain one reuses its run). */
  processes: number;
  seconds: number;
  /** CPU seconds of the configuration's compiler runs and of its program runs (undefined off Linux). */
  compileCpu: number | undefined;
  runCpu: number | undefined;
}
const wallTimes: ConfigTime[] = [];

/** The sum of CPU seconds, or undefined when the system did not tell one of them. */
function cpuSum(seconds: readonly (number | undefined)[]): number | undefined {
  let sum = 0;
  for (const s of seconds) {
    if (s === undefined) return undefined;
    sum += s;
  }
  return sum;
}

const seconds = (cpu: number | undefined): string => (cpu === undefined ? "?" : cpu.toFixed(1));

describe("transformer differential corpus", function () {
  this.timeout(COMPILE_TIMEOUT_MS);

  /** This process's CPU when the corpus starts: the report gives the corpus's share, not the suite's. */
  let ownCpuAtStart = 0;

  before(() => {
    const own = process.cpuUsage();
    ownCpuAtStart = own.user + own.system;
    resetChildrenCpu();
    tmpRoot = mkdtempSync(join(tmpdir(), "await-tree-corpus-"));
    // Compiled programs import @await-tree/runtime (and the plugin's emitted code its /instrument entry)
    // as packages: resolve them through the repository's node_modules, as an installed project would.
    symlinkSync(join(ROOT, "node_modules"), join(tmpRoot, "node_modules"), "dir");
    writeFileSync(
      join(tmpRoot, PRELOAD),
      '// What an application does at startup: traced calls outside any task become automatic roots.\nrequire("@await-tree/runtime").initGlobalRegistry();\n',
    );
    if (process.env.CORPUS_KEEP === "1") console.log(`      corpus temp directory: ${tmpRoot}`);
  });

  after(() => {
    if (tmpRoot !== "" && process.env.CORPUS_KEEP !== "1") rmSync(tmpRoot, { recursive: true, force: true });
    if (wallTimes.length > 0) {
      const total = wallTimes.reduce((s, t) => s + t.seconds, 0);
      const runs = wallTimes.reduce((s, t) => s + t.runs, 0);
      const processes = wallTimes.reduce((s, t) => s + t.processes, 0);
      const compileCpu = cpuSum(wallTimes.map((t) => t.compileCpu));
      const runCpu = cpuSum(wallTimes.map((t) => t.runCpu));
      console.log("      corpus wall time per configuration (CPU seconds of its compiles and of its runs):");
      for (const t of wallTimes) {
        console.log(
          `        ${t.config}: ${t.programs} programs, ${t.runs} runs (${t.processes} processes), ${t.seconds.toFixed(1)} s` +
            ` (CPU: compiles ${seconds(t.compileCpu)} s, runs ${seconds(t.runCpu)} s)`,
        );
      }
      const own = process.cpuUsage();
      console.log(
        `        total: ${runs} runs (${processes} processes), ${total.toFixed(1)} s (CPU: compiles ${seconds(compileCpu)} s,` +
          ` runs ${seconds(runCpu)} s, this test process ${((own.user + own.system - ownCpuAtStart) / 1e6).toFixed(1)} s)`,
      );
    }
  });

  it(`has at least 190 programs (found ${PROGRAMS.length})`, function () {
    if (ONLY !== undefined) this.skip(); // CORPUS_PROGRAMS chose a few
    expect(PROGRAMS.length).to.be.at.least(190);
    const orderingProbes = PROGRAMS.filter((p) => /-order-/.test(p.name));
    expect(orderingProbes.length, "microtask-ordering probes").to.be.at.least(10);
    const known = new Set(ALL_CONFIGS.map((c) => c.name));
    const typos = PROGRAMS.flatMap((p) =>
      [...p.skip.keys(), ...(p.only ?? [])].filter((k) => !known.has(k)).map((k) => `${p.name}: ${k}`),
    );
    expect(typos, "corpus-skip or corpus-configs names an unknown configuration").to.deep.equal([]);
    const nowhere = PROGRAMS.filter((p) => ALL_CONFIGS.every((c) => exclusion(p, c) !== undefined || parseOnly(p, c)));
    expect(
      nowhere.map((p) => p.name),
      "programs that no configuration runs",
    ).to.deep.equal([]);
  });

  it("each pair of configurations gives every program both plugin variants and both registry modes", function () {
    if (ONLY !== undefined) this.skip();
    const runsIn = (p: Program, c: Config) =>
      exclusion(p, c) === undefined && !parseOnly(p, c) && !sharedOut(p, c) ? runsOf(p, c) : [];
    const problems: string[] = [];
    for (const config of ALL_CONFIGS.filter((c) => c.pair !== undefined && !c.pair.complement)) {
      const partner = ALL_CONFIGS.find((c) => c.name === config.pair?.partner) as Config;
      const perRun = new Map<string, number>();
      for (const p of PROGRAMS) {
        const here = runsIn(p, config);
        for (const r of here)
          perRun.set(`${r.variant}|${r.registry}`, (perRun.get(`${r.variant}|${r.registry}`) ?? 0) + 1);
        const both = [...here, ...runsIn(p, partner)];
        const variants = new Set(both.map((r) => r.variant));
        const modes = new Set(both.map((r) => r.registry));
        if (both.length > 0 && (variants.size !== 2 || modes.size !== 2)) {
          problems.push(`${p.name} in ${config.name} and ${partner.name}: ${JSON.stringify(both)}`);
        }
      }
      const counts = [...perRun.values()];
      if (counts.length !== 4 || Math.max(...counts) > 2 * Math.min(...counts)) {
        problems.push(`${config.name}: the four runs are not shared out evenly: ${JSON.stringify([...perRun])}`);
      }
    }
    // With its target configuration (`share`), a program of the core meets `traceAll` in both modes.
    for (const p of PROGRAMS) {
      const target = ALL_CONFIGS.find((c) => c.share !== undefined && runsIn(p, c).length > 0);
      const core = ALL_CONFIGS.filter((c) => c.scope === "all" && c.share === undefined && runsIn(p, c).length > 0);
      if (target === undefined || core.length < 2) continue;
      const modes = new Set(
        [target, ...core].flatMap((c) =>
          runsIn(p, c)
            .filter((r) => r.variant === "traceAll")
            .map((r) => r.registry),
        ),
      );
      if (modes.size !== 2) problems.push(`${p.name}: traceAll only ${[...modes].join()} with ${target.name}`);
    }
    expect(problems, problems.join("\n")).to.deep.equal([]);
  });

  for (const [index, config] of CONFIGS.entries()) {
    describe(config.name, function () {
      this.timeout(COMPILE_TIMEOUT_MS * 2);
      const programs = PROGRAMS.filter((p) => exclusion(p, config) === undefined);
      const running = programs.filter((p) => !parseOnly(p, config) && !sharedOut(p, config));
      const variants = [...new Set(config.runs.map((r) => r.variant))];
      /** The registry modes of a program's plugin runs: those of its plain runs. */
      const registryModes = (p: Program): boolean[] => [...new Set(runsOf(p, config).map((r) => r.registry))];
      /** The builds of the shared compiler runs; `isolatedBuilds` those of the `corpus-isolate` programs. */
      const builds = new Map<BuildKind, Build>();
      const isolatedBuilds = new Map<BuildKind, Build>();
      const buildOf = (p: Program, kind: BuildKind): Build => (p.isolate ? isolatedBuilds : builds).get(kind) as Build;
      /** Program name -> run key (`plain|true`, `traceAll|false`, ...) -> result. */
      const runs = new Map<string, Promise<Map<string, ProcResult>>>();
      const shared = programs.filter((p) => !p.isolate);

      before(async () => {
        const started = Date.now();
        const mine = compileConfig(config, false);
        const next = CONFIGS[index + 1];
        if (next !== undefined) compileConfig(next, true);
        const done = await mine;
        for (const [kind, b] of done.builds) builds.set(kind, b);
        for (const [kind, b] of done.isolatedBuilds) isolatedBuilds.set(kind, b);
        // Start every run now (the pool keeps two at a time); each `it` awaits its own program.
        const all: Promise<unknown>[] = [];
        /** The processes started (a reused plain run is not one more). */
        const startedRuns: Promise<ProcResult>[] = [];
        for (const p of running) {
          const jobs: [string, Promise<ProcResult>][] = [];
          const plainRuns = new Map<boolean, Promise<ProcResult>>();
          for (const registry of registryModes(p)) {
            const r = runProgram(buildOf(p, "plain"), p, registry);
            startedRuns.push(r);
            plainRuns.set(registry, r);
            jobs.push([`plain|${registry}`, r]);
          }
          const plainJs = read(join(buildOf(p, "plain").outDir, `${p.name}${p.outExt}`));
          for (const spec of runsOf(p, config)) {
            // A plugin build whose JavaScript is the plain build's, byte for byte (default options
            // on a program without `traced`), runs as the plain build does: its run is not repeated.
            const js = read(join(buildOf(p, spec.variant).outDir, `${p.name}${p.outExt}`));
            const same = js !== undefined && js === plainJs ? plainRuns.get(spec.registry) : undefined;
            const r = same ?? runProgram(buildOf(p, spec.variant), p, spec.registry);
            if (same === undefined) startedRuns.push(r);
            jobs.push([`${spec.variant}|${spec.registry}`, r]);
          }
          const run = Promise.all(jobs.map(async ([k, r]) => [k, await r] as const)).then((e) => new Map(e));
          run.catch(() => {});
          runs.set(p.name, run);
          all.push(run);
        }
        const compiles = [...done.builds.values(), ...done.isolatedBuilds.values()].map((b) => b.compile.cpuSeconds);
        void Promise.allSettled(all).then(async () =>
          wallTimes.push({
            config: config.name,
            programs: programs.length,
            runs: running.reduce((n, p) => n + registryModes(p).length + runsOf(p, config).length, 0),
            processes: startedRuns.length,
            seconds: (Date.now() - started) / 1000,
            compileCpu: cpuSum(compiles),
            runCpu: cpuSum((await Promise.all(startedRuns)).map((r) => r.cpuSeconds)),
          }),
        );
      });

      for (const kind of ["plain", ...variants] as BuildKind[]) {
        it(kind === "plain" ? "compiles with plain tsc" : `compiles with tspc and the plugin (${kind})`, () => {
          const compiledHere = programsOfBuild(config, kind, shared);
          const b = builds.get(kind);
          // No compiler run for a build without programs (CORPUS_PROGRAMS chose none of them here).
          if (b !== undefined || compiledHere.length > 0) {
            expect(b, "not compiled").to.not.equal(undefined);
            expect(compiled(b), compileReport(b as Build)).to.equal(true);
            expect(missingOutputs((b as Build).outDir, compiledHere, jsOf), "programs without output").to.deep.equal(
              [],
            );
          }
          // The isolated programs' compile is reported here too, and again on each of their tests.
          const isolatedBuild = isolatedBuilds.get(kind);
          if (isolatedBuild !== undefined) expect(compiled(isolatedBuild), compileReport(isolatedBuild)).to.equal(true);
        });
      }

      if (variants.includes("traceAll")) {
        it("the plugin instrumented every program (traceAll)", () => {
          const problems: string[] = [];
          for (const p of programs.filter((x) => !x.uninstrumented)) {
            const a = read(join(buildOf(p, "traceAll").outDir, `${p.name}${p.outExt}`));
            // Undefined where the plain build leaves the program out (see programsOfBuild).
            const plainBuild = buildOf(p, "plain") as Build | undefined;
            const b = plainBuild && read(join(plainBuild.outDir, `${p.name}${p.outExt}`));
            if (a === undefined) problems.push(`${p.name}: no output with the plugin`);
            else if (!a.includes(INSTRUMENT_MODULE)) problems.push(`${p.name}: does not import ${INSTRUMENT_MODULE}`);
            else if (a === b) problems.push(`${p.name}: same JavaScript as without the plugin`);
          }
          expect(problems, problems.join("\n")).to.deep.equal([]);
        });
      }

      if (variants.includes("default")) {
        it("default options leave every program that does not mention `traced` byte for byte alone", function () {
          const plain = builds.get("plain");
          const defaults = builds.get("default");
          // CORPUS_PROGRAMS may choose no program that one of the two builds compiles.
          if (ONLY !== undefined && (plain === undefined || defaults === undefined)) this.skip();
          const untouched = shared.filter((p) => !readFileSync(p.file, "utf8").includes("traced"));
          const differing = differingOutputs((plain as Build).outDir, (defaults as Build).outDir, untouched, jsOf);
          expect(differing.map((p) => p.name)).to.deep.equal([]);
        });
      }

      if (config.programmatic) {
        it("createTransformer leaves its own output alone", async () => {
          const w = builds.get("traceAll") as Build;
          const transformer = traceAllTransformer();
          const problems: string[] = [];
          for (const p of shared) {
            // The emitted JavaScript (already instrumented) compiled again with the transformer.
            const file = join(w.outDir, `${p.name}${p.outExt}`);
            const js = read(file) ?? "";
            const plain = transpile(js, file, []);
            const again = transpile(js, file, [transformer()]);
            if (again !== plain) problems.push(`${p.name}.js transformed again: ${firstDifference(plain, again)}`);
            // Seconds of compiling in this process: let the pool start the next runs between programs.
            await new Promise((resolve) => setImmediate(resolve));
          }
          expect(problems, problems.join("\n")).to.deep.equal([]);
        });
      }

      if (config.transformsSourcesTwice) {
        it("createTransformer twice in one pipeline gives the JavaScript of once (the plugin listed twice)", async () => {
          const transformer = traceAllTransformer();
          const problems: string[] = [];
          // The sources are transpiled with the same options whatever the configuration: every
          // program that a configuration checking its own output compiles, once.
          const sources = PROGRAMS.filter(
            (p) => !p.isolate && ALL_CONFIGS.some((c) => c.programmatic && exclusion(p, c) === undefined),
          );
          for (const p of sources) {
            const src = readFileSync(p.file, "utf8");
            const once = transpile(src, p.file, [transformer()]);
            const twice = transpile(src, p.file, [transformer(), transformer()]);
            if (!p.uninstrumented && once === transpile(src, p.file, [])) {
              problems.push(`${p.name}.ts: createTransformer changed nothing`);
            }
            if (twice !== once) problems.push(`${p.name}.ts transformed twice: ${firstDifference(once, twice)}`);
            await new Promise((resolve) => setImmediate(resolve));
          }
          expect(problems, problems.join("\n")).to.deep.equal([]);
        });
      }

      if (config.declaration) {
        it(".d.ts output is byte-identical with and without the plugin", () => {
          const found = builds.get("plain");
          // No compiler run in a configuration without programs (CORPUS_PROGRAMS=380 chose only
          // legacy-decorator programs): nothing to compare, where it failed reading `outDir`.
          if (found === undefined && shared.length === 0) return;
          const plain = found as Build;
          for (const variant of variants) {
            const w = builds.get(variant) as Build;
            expect(missingOutputs(plain.outDir, shared, dtsOf)).to.deep.equal([]);
            expect(
              differingOutputs(plain.outDir, w.outDir, shared, dtsOf).map((p) => p.name),
              variant,
            ).to.deep.equal([]);
          }
        });
      }

      for (const p of PROGRAMS) {
        const reason = exclusion(p, config);
        if (reason !== undefined || sharedOut(p, config)) continue;
        if (parseOnly(p, config)) {
          it(`${p.name} output is valid JavaScript (not run: Node.js cannot parse standard decorators)`, () => {
            const file = (b: Build): string => join(b.outDir, `${p.name}${p.outExt}`);
            const plain = buildOf(p, "plain");
            const others = variants.map((v) => buildOf(p, v));
            const errors = grammarErrors([plain, ...others].map(file));
            for (const b of others) {
              expect(errors.get(file(b)), `grammar errors with the plugin (${b.kind})`).to.deep.equal(
                errors.get(file(plain)),
              );
            }
          });
          continue;
        }
        it(`${p.name} behaves the same`, async () => {
          const results = await (runs.get(p.name) as Promise<Map<string, ProcResult>>);
          const problems: string[] = [];
          for (const kind of ["plain", ...variants] as BuildKind[]) {
            const b = buildOf(p, kind);
            if (!compiled(b) && p.isolate) problems.push(compileReport(b));
          }
          expect(problems, problems.join("\n")).to.deep.equal([]);
          for (const registry of registryModes(p)) {
            const plainBuild = buildOf(p, "plain");
            const base = observe(results.get(`plain|${registry}`) as ProcResult, plainBuild, tmpRoot);
            const mode = registry ? "with a registry" : "without a registry";
            // The fixture itself must be sound: it ran to its intended end without the plugin.
            expect(base.timedOut, `${p.name} timed out (plain tsc, ${mode})`).to.equal(false);
            expect(base.exitCode, `${p.name} (plain tsc, ${mode}):\n${base.stderr}`).to.equal(p.exit);
            expect(base.stdout, "the program prints nothing").to.not.equal("");
            for (const text of p.expect) expect(base.stdout, `plain tsc, ${mode}`).to.include(text);
            if (p.name.includes("-stack-")) {
              expect(`${base.stdout}${base.stderr}`, "source-mapped locations").to.include(`${basename(p.file)}:`);
            }
            for (const spec of runsOf(p, config).filter((s) => s.registry === registry)) {
              const result = results.get(`${spec.variant}|${registry}`) as ProcResult;
              // A run reused from the plain build (the same JavaScript: see \`before\`) ran in the
              // plain build's folder, which its stack traces name where no source map applies.
              const ranIn = result === results.get(`plain|${registry}`) ? plainBuild : buildOf(p, spec.variant);
              const traced = observe(result, ranIn, tmpRoot);
              for (const d of describeDifference(base, traced)) problems.push(`${spec.variant}, ${mode}: ${d}`);
            }
          }
          expect(problems, problems.join("\n")).to.deep.equal([]);
        });
      }
    });
  }
});
