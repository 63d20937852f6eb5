/**
 * The differential corpus: every program in corpus/programs is compiled twice per configuration, once
 * with @await-tree/transformer (`traceAll: true`) and once without, in one tspc run each, and both
 * builds must behave exactly the same when run with `node --enable-source-maps`: same stdout, same
 * stderr (temp directories masked), same exit code. The same compiles also check that the plugin
 * really ran, that transforming twice gives the same JavaScript as once, and that `.d.ts` output is
 * untouched.
 *
 * Program headers (leading `//` lines):
 *   `// corpus-skip: <config> (reason)`  the program is not compiled in that configuration;
 *   `// corpus-exit: <n>`                the exit code the program is written to end with (default 0).
 *
 * Environment: CORPUS_CONFIGS=cjs-es2022,esm-es2022 runs only those configurations; CORPUS_KEEP=1
 * keeps the temp directory (its path is printed).
 */
import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect } from "chai";
import ts from "typescript";

interface Config {
  name: string;
  module: "commonjs" | "nodenext";
  target: string;
  /** Also emit declarations and compare them with and without the plugin. */
  declaration: boolean;
  /** Also compile with the plugin listed twice, which must give the JavaScript of one pass. */
  twice: boolean;
  /**
   * Run with a global registry (preloaded), so that every traced call records spans under an
   * automatic root, as in an application; without it the emitted hooks are a pass-through.
   */
  registry: boolean;
  /** Also run the exported `createTransformer` on the emitted JavaScript and, twice, on the sources. */
  programmatic: boolean;
}

const ALL_CONFIGS: Config[] = [
  {
    name: "cjs-es2022",
    module: "commonjs",
    target: "ES2022",
    declaration: true,
    twice: true,
    registry: true,
    programmatic: true,
  },
  {
    name: "esm-esnext",
    module: "nodenext",
    target: "ESNext",
    declaration: false,
    twice: false,
    registry: true,
    programmatic: true,
  },
  {
    name: "esm-es2022",
    module: "nodenext",
    target: "ES2022",
    declaration: true,
    twice: false,
    registry: true,
    programmatic: false,
  },
  {
    name: "cjs-es2017",
    module: "commonjs",
    target: "ES2017",
    declaration: false,
    twice: false,
    registry: false,
    programmatic: false,
  },
  {
    name: "cjs-es2015",
    module: "commonjs",
    target: "ES2015",
    declaration: false,
    twice: false,
    registry: true,
    programmatic: false,
  },
];

/** At most this many child processes (compiles and programs) at a time: CI machines have 2 cores. */
const PARALLEL = 2;
/** A program that runs longer than this is killed and reported (they all finish well under a second). */
const RUN_TIMEOUT_MS = 20_000;
const COMPILE_TIMEOUT_MS = 120_000;
const INSTRUMENT_MODULE = "@await-tree/runtime/instrument";

type Variant = "without" | "with" | "twice";

interface Program {
  name: string;
  file: string;
  /** Configuration name -> reason. */
  skip: Map<string, string>;
  exit: number;
}

interface ProcResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

interface Build {
  variant: Variant;
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
const TSPC = join(ROOT, "node_modules", "ts-patch", "bin", "tspc.js");

function loadPrograms(): Program[] {
  const out: Program[] = [];
  for (const f of readdirSync(PROGRAMS_DIR).sort()) {
    if (!/^\d\d+-[a-z0-9-]+\.ts$/.test(f)) continue;
    const file = join(PROGRAMS_DIR, f);
    const skip = new Map<string, string>();
    let exit = 0;
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (line.startsWith("#!")) continue;
      if (!line.startsWith("//")) break;
      const s = /^\/\/ corpus-skip: (\S+)\s*(.*)$/.exec(line);
      if (s) skip.set(s[1] as string, (s[2] as string).replace(/^\((.*)\)$/, "$1"));
      const e = /^\/\/ corpus-exit: (\d+)/.exec(line);
      if (e) exit = Number(e[1]);
    }
    out.push({ name: f.slice(0, -3), file, skip, exit });
  }
  return out;
}

const PROGRAMS = loadPrograms();
const CONFIGS = (() => {
  const only = process.env.CORPUS_CONFIGS?.split(",").filter((s) => s !== "");
  return only === undefined || only.length === 0 ? ALL_CONFIGS : ALL_CONFIGS.filter((c) => only.includes(c.name));
})();

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

class Pool {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // the slot is handed over
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next !== undefined) next();
      else this.active--;
    }
  }
}

const pool = new Pool(PARALLEL);

function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.FORCE_COLOR;
  delete env.NODE_V8_COVERAGE;
  return env;
}

function exec(args: string[], cwd: string, timeoutMs: number): Promise<ProcResult> {
  return pool.run(
    () =>
      new Promise<ProcResult>((resolve) => {
        const child = spawn(process.execPath, args, { cwd, env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          child.kill("SIGKILL");
        }, timeoutMs);
        child.stdout.on("data", (b: Buffer) => out.push(b));
        child.stderr.on("data", (b: Buffer) => err.push(b));
        child.on("error", (e) => err.push(Buffer.from(String(e))));
        child.on("close", (code, signal) => {
          clearTimeout(timer);
          resolve({
            code,
            signal,
            stdout: Buffer.concat(out).toString("utf8"),
            stderr: Buffer.concat(err).toString("utf8"),
            timedOut,
          });
        });
      }),
  );
}

function pluginEntry(): Record<string, unknown> {
  return { transform: transformerSpecifier(), traceAll: true };
}

function tsconfigFor(config: Config, variant: Variant, files: string[]): object {
  const plugins = variant === "without" ? [] : variant === "with" ? [pluginEntry()] : [pluginEntry(), pluginEntry()];
  return {
    compilerOptions: {
      target: config.target,
      module: config.module,
      moduleResolution: config.module === "nodenext" ? "nodenext" : "node10",
      lib: ["ESNext"],
      types: ["node"],
      strict: true,
      moduleDetection: "force",
      sourceMap: true,
      declaration: config.declaration,
      noEmitOnError: true,
      skipLibCheck: true,
      rootDir: PROGRAMS_DIR,
      outDir: "out",
      plugins,
    },
    files,
  };
}

async function compile(tmp: string, config: Config, variant: Variant, files: string[]): Promise<Build> {
  const dir = join(tmp, `${config.name}-${variant}`);
  const outDir = join(dir, "out");
  mkdirSync(outDir, { recursive: true });
  // Node decides the module format of the emitted .js files from the nearest package.json.
  const type = config.module === "nodenext" ? "module" : "commonjs";
  writeFileSync(join(outDir, "package.json"), `${JSON.stringify({ type, private: true })}\n`);
  const tsconfig = join(dir, "tsconfig.json");
  writeFileSync(tsconfig, `${JSON.stringify(tsconfigFor(config, variant, files), null, 2)}\n`);
  const result = await exec([TSPC, "-p", tsconfig], ROOT, COMPILE_TIMEOUT_MS);
  return { variant, dir, outDir, compile: result };
}

function compiled(b: Build | undefined): boolean {
  return b !== undefined && b.compile.code === 0 && !b.compile.timedOut;
}

function compileReport(b: Build): string {
  const c = b.compile;
  const text = `${c.stdout}${c.stderr}`.trim().split("\n").slice(0, 40).join("\n");
  return `tspc (${b.variant}) exited with ${c.timedOut ? "a timeout" : (c.code ?? c.signal)}:\n${text}`;
}

/** One line for the per-program tests; the full report is on the "compiles ..." test. */
function compileSummary(b: Build): string {
  const c = b.compile;
  const lines = `${c.stdout}${c.stderr}`.split("\n").filter((l) => /error|Error/.test(l));
  return `not compiled ${b.variant === "without" ? "without" : "with"} the plugin (see "compiles ${b.variant === "without" ? "without" : "with"} the plugin"): ${lines[0]?.trim() ?? `exit ${c.code}`}`;
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

/** Masks the machine- and variant-specific directories so that the two runs can be compared. */
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
  return out;
}

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

const PRELOAD = "registry-preload.cjs";

function runProgram(build: Build, p: Program, config: Config): Promise<ProcResult> {
  const preload = config.registry ? ["--require", join(tmpRoot, PRELOAD)] : [];
  return exec(["--enable-source-maps", ...preload, join(build.outDir, `${p.name}.js`)], build.outDir, RUN_TIMEOUT_MS);
}

/** Files of `dir` (recursively) whose names end with `suffix`, relative to it. */
function listFiles(dir: string, suffix: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...listFiles(join(dir, e.name), suffix, `${prefix}${e.name}/`));
    else if (e.name.endsWith(suffix)) out.push(`${prefix}${e.name}`);
  }
  return out.sort();
}

/** Programs without an output file ending with `suffix` in `dir`. */
function missingOutputs(dir: string, programs: readonly Program[], suffix: string): string[] {
  return programs.filter((p) => !existsSync(join(dir, `${p.name}${suffix}`))).map((p) => p.name);
}

/** Names of the files that differ (or exist on one side only) between two output trees. */
function differingFiles(a: string, b: string, suffix: string): string[] {
  const names = new Set([...listFiles(a, suffix), ...listFiles(b, suffix)]);
  return [...names].filter((n) => read(join(a, n)) !== read(join(b, n)));
}

let tmpRoot = "";

describe("transformer differential corpus", function () {
  this.timeout(COMPILE_TIMEOUT_MS);

  before(() => {
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
  });

  it(`has at least 64 programs (found ${PROGRAMS.length})`, () => {
    expect(PROGRAMS.length).to.be.at.least(64);
    const orderingProbes = PROGRAMS.filter((p) => /-order-/.test(p.name));
    expect(orderingProbes.length, "microtask-ordering probes").to.be.at.least(10);
    const known = new Set(ALL_CONFIGS.map((c) => c.name));
    const typos = PROGRAMS.flatMap((p) =>
      [...p.skip.keys()].filter((k) => !known.has(k)).map((k) => `${p.name}: ${k}`),
    );
    expect(typos, "corpus-skip names an unknown configuration").to.deep.equal([]);
  });

  for (const config of CONFIGS) {
    describe(config.name, function () {
      this.timeout(COMPILE_TIMEOUT_MS * 2);
      const programs = PROGRAMS.filter((p) => !p.skip.has(config.name));
      const builds = new Map<Variant, Build>();
      const runs = new Map<string, Promise<{ without?: ProcResult; with?: ProcResult }>>();

      before(async () => {
        const files = programs.map((p) => p.file);
        const variants: Variant[] = config.twice ? ["without", "with", "twice"] : ["without", "with"];
        const done = await Promise.all(variants.map((v) => compile(tmpRoot, config, v, files)));
        for (const b of done) builds.set(b.variant, b);
        const without = builds.get("without");
        const withPlugin = builds.get("with");
        // Start every run now (the pool keeps two at a time); each `it` awaits its own program.
        for (const p of programs) {
          const run = (async () => {
            const [a, b] = await Promise.all([
              compiled(without) ? runProgram(without as Build, p, config) : undefined,
              compiled(withPlugin) ? runProgram(withPlugin as Build, p, config) : undefined,
            ]);
            return { without: a, with: b };
          })();
          run.catch(() => {});
          runs.set(p.name, run);
        }
      });

      it("compiles without the plugin", () => {
        const b = builds.get("without") as Build;
        expect(compiled(b), compileReport(b)).to.equal(true);
      });

      it("compiles with the plugin (traceAll)", () => {
        const b = builds.get("with") as Build;
        expect(compiled(b), compileReport(b)).to.equal(true);
      });

      it("the plugin instrumented every program", () => {
        const w = builds.get("with") as Build;
        const wo = builds.get("without") as Build;
        expect(compiled(w), compileReport(w)).to.equal(true);
        const problems: string[] = [];
        for (const p of programs) {
          const a = read(join(w.outDir, `${p.name}.js`));
          const b = read(join(wo.outDir, `${p.name}.js`));
          if (a === undefined) problems.push(`${p.name}: no output with the plugin`);
          else if (!a.includes(INSTRUMENT_MODULE)) problems.push(`${p.name}: does not import ${INSTRUMENT_MODULE}`);
          else if (a === b) problems.push(`${p.name}: same JavaScript as without the plugin`);
        }
        expect(problems, problems.join("\n")).to.deep.equal([]);
      });

      if (config.twice) {
        it("transforming twice gives the JavaScript of one pass", () => {
          const once = builds.get("with") as Build;
          const twice = builds.get("twice") as Build;
          expect(compiled(once), compileReport(once)).to.equal(true);
          expect(compiled(twice), compileReport(twice)).to.equal(true);
          expect(missingOutputs(once.outDir, programs, ".js")).to.deep.equal([]);
          expect(differingFiles(once.outDir, twice.outDir, ".js")).to.deep.equal([]);
        });
      }

      if (config.programmatic) {
        it("createTransformer leaves its own output alone and is idempotent on the sources", () => {
          const w = builds.get("with") as Build;
          expect(compiled(w), compileReport(w)).to.equal(true);
          const { createTransformer } = loadTransformer();
          const transformer = (): ts.TransformerFactory<ts.SourceFile> =>
            createTransformer(undefined, { traceAll: true }, ts);
          const problems: string[] = [];
          for (const p of programs) {
            // 1. The emitted JavaScript (already instrumented) compiled again with the transformer.
            const file = join(w.outDir, `${p.name}.js`);
            const js = read(file) ?? "";
            const plain = transpile(js, file, []);
            const again = transpile(js, file, [transformer()]);
            if (again !== plain) problems.push(`${p.name}.js transformed again: ${firstDifference(plain, again)}`);
            // 2. The source through the transformer twice in one pipeline, against once.
            const src = readFileSync(p.file, "utf8");
            const once = transpile(src, p.file, [transformer()]);
            const twice = transpile(src, p.file, [transformer(), transformer()]);
            if (once === transpile(src, p.file, [])) problems.push(`${p.name}.ts: createTransformer changed nothing`);
            if (twice !== once) problems.push(`${p.name}.ts transformed twice: ${firstDifference(once, twice)}`);
          }
          expect(problems, problems.join("\n")).to.deep.equal([]);
        });
      }

      if (config.declaration) {
        it(".d.ts output is byte-identical with and without the plugin", () => {
          const w = builds.get("with") as Build;
          const wo = builds.get("without") as Build;
          expect(compiled(wo), compileReport(wo)).to.equal(true);
          expect(compiled(w), compileReport(w)).to.equal(true);
          expect(missingOutputs(wo.outDir, programs, ".d.ts")).to.deep.equal([]);
          expect(differingFiles(wo.outDir, w.outDir, ".d.ts")).to.deep.equal([]);
        });
      }

      for (const p of PROGRAMS) {
        const reason = p.skip.get(config.name);
        if (reason !== undefined) {
          it.skip(`${p.name} (skipped: ${reason})`);
          continue;
        }
        it(`${p.name} behaves the same`, async () => {
          const r = await (runs.get(p.name) as Promise<{ without?: ProcResult; with?: ProcResult }>);
          const wo = builds.get("without") as Build;
          const w = builds.get("with") as Build;
          expect(r.without, compileSummary(wo)).to.not.equal(undefined);
          const base = observe(r.without as ProcResult, wo, tmpRoot);
          // The fixture itself must be sound: it ran to its intended end without the plugin.
          expect(base.timedOut, `${p.name} timed out without the plugin`).to.equal(false);
          expect(base.exitCode, `${p.name} without the plugin:\n${base.stderr}`).to.equal(p.exit);
          expect(base.stdout, "the program prints nothing").to.not.equal("");
          if (p.name.includes("-stack-")) {
            expect(`${base.stdout}${base.stderr}`, "source-mapped locations").to.include(`${p.name}.ts:`);
          }
          expect(r.with, compileSummary(w)).to.not.equal(undefined);
          const traced = observe(r.with as ProcResult, w, tmpRoot);
          expect(traced).to.deep.equal(base);
        });
      }
    });
  }
});
