// Compiles small inline projects in this process with the TypeScript API and the transformer's
// programmatic factory, to look at the emitted JavaScript (options, shapes, idempotence).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import type * as TS from "typescript";
import { makeProject, repoRoot, scratchDir } from "./helpers.js";

const require = createRequire(import.meta.url);
export const ts = require(join(repoRoot, "node_modules", "typescript")) as typeof TS;

export interface TransformerModule {
  default: (
    program: TS.Program,
    config: Record<string, unknown> | undefined,
    extras: { ts: typeof TS; library?: string; addDiagnostic?: (d: TS.Diagnostic) => number },
  ) => { before: TS.TransformerFactory<TS.SourceFile>[] };
  createTransformer: (
    program?: TS.Program,
    options?: Record<string, unknown>,
    ts?: typeof TS,
  ) => TS.TransformerFactory<TS.SourceFile>;
  OptionError: new (...args: never[]) => Error & { option: string };
  TransformerError: new (...args: never[]) => Error & { diagnostic: TS.Diagnostic };
  DiagnosticCode: { InvalidOption: number; TracedNotAsync: number };
}

export const transformer = require(join(repoRoot, "packages", "transformer", "dist", "index.js")) as TransformerModule;

export const baseOptions: TS.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  strict: true,
  skipLibCheck: true,
  types: [],
  lib: ["lib.es2022.d.ts"],
};

let counter = 0;

/** Writes `files` (paths relative to the project, e.g. "src/a.ts") into a fresh project directory. */
export function project(files: Record<string, string>): string {
  const dir = makeProject(`inproc-${++counter}`, { from: "options", compilerOptions: {}, plugin: false });
  rmSync(join(dir, "src"), { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

export interface Emitted {
  /** Output file (relative to the project) -> text. */
  files: Map<string, string>;
  diagnostics: readonly TS.Diagnostic[];
}

/**
 * Compile `rootNames` of `dir`. `before` builds the transformers from the program (none: no plugin).
 * Outputs go to memory, keyed like "src/a.js".
 */
export function emit(
  dir: string,
  rootNames: string[],
  before: ((program: TS.Program) => TS.TransformerFactory<TS.SourceFile>[]) | undefined,
  options: TS.CompilerOptions = {},
): Emitted {
  const opts: TS.CompilerOptions = {
    ...baseOptions,
    rootDir: dir,
    outDir: join(dir, "out"),
    configFilePath: join(dir, "tsconfig.json"),
    ...options,
  };
  const program = ts.createProgram(
    rootNames.map((f) => join(dir, f)),
    opts,
  );
  const files = new Map<string, string>();
  const result = program.emit(
    undefined,
    (name, text) => files.set(relative(join(dir, "out"), name).replace(/\\/g, "/"), text),
    undefined,
    false,
    before === undefined ? undefined : { before: before(program) },
  );
  return { files, diagnostics: [...ts.getPreEmitDiagnostics(program), ...result.diagnostics] };
}

/** `ts.transpileModule` of one file with the factory (no program, no type checker). */
export function transpile(dir: string, file: string, text: string, options: Record<string, unknown> = {}): string {
  return ts.transpileModule(text, {
    compilerOptions: { ...baseOptions },
    fileName: join(dir, file),
    transformers: { before: [transformer.createTransformer(undefined, options, ts)] },
  }).outputText;
}

export function withPlugin(options: Record<string, unknown> = {}) {
  return (program: TS.Program) => [transformer.createTransformer(program, options, ts)];
}

export { scratchDir };
