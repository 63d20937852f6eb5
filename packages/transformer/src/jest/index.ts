/**
 * `@await-tree/transformer/jest`: a jest `transform` entry (docs/bundlers.md#jest).
 *
 *   transform: { "\\.[cm]?[jt]s$": ["@await-tree/transformer/jest", { traceAll: false }] }
 *
 * Alone, it compiles TypeScript (with the TypeScript this package depends on, as `tsc` would
 * with the nearest tsconfig's decorator and class-field options) and JavaScript's ES module
 * syntax to what jest loads (CommonJS, or ES modules under jest's ESM mode), instrumenting traced
 * code. With `chain`, another transformer (babel-jest, ts-jest, @swc/jest) runs on its output
 * afterwards: see `./chain.ts` for why in that order.
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import { bundledTypescript, bundledTypescriptVersion } from "../bundled-typescript";
import { forThisNode } from "../node-syntax";
import { isOwnPackage } from "../register/package-scope";
import { readInputMap, type SourceMapJson, withoutMapComment } from "../source-maps";
import { type OutputFormat, transformSourceWith } from "../transform-source";
import { compilerOptionsFor as compilerOptionsForFile, transpile } from "../transpile";
import { saveCodeCacheOnce } from "../typescript-code-cache";
import { compilerOptionsFor, TsconfigError } from "../unplugin/tsconfig";
import { type ChainedTransformer, loadChained } from "./chain";
import { jestHoist, mayHoist } from "./hoist";
import { checkJestOptions } from "./options";

export type { JestTransformerOptions } from "./options";

/** This package's version: part of jest's cache key, so an upgrade recompiles every file. */
const PACKAGE_VERSION = (require("../../package.json") as { version: string }).version;

/** What jest passes to `process` and `getCacheKey` (the parts used here). */
export interface JestTransformOptions {
  configString?: string;
  instrument?: boolean;
  supportsStaticESM?: boolean;
  supportsDynamicImport?: boolean;
  config?: { rootDir?: string };
  [key: string]: unknown;
}

export interface JestTransformResult {
  code: string;
  map?: SourceMapJson | string | null;
}

export interface AwaitTreeJestTransformer {
  canInstrument: boolean;
  process(sourceText: string, sourcePath: string, options: JestTransformOptions): JestTransformResult;
  processAsync(sourceText: string, sourcePath: string, options: JestTransformOptions): Promise<JestTransformResult>;
  getCacheKey(sourceText: string, sourcePath: string, options: JestTransformOptions): string;
  /**
   * What the cache key is made of: this package's version and its TypeScript's, the options, the
   * tsconfig's emit options, the file, jest's configuration and the chained transformer's key.
   */
  cacheKeyParts(sourceText: string, sourcePath: string, options: JestTransformOptions): string[];
}

const TS_FILE = /\.[cm]?tsx?$/;
const ESM_SYNTAX = /(?:^|[\s;])(?:import\s*[\w*{"'$]|export\s|import\.meta)/;

function formatFor(file: string, options: JestTransformOptions): OutputFormat {
  if (file.endsWith(".cts") || file.endsWith(".cjs")) return "commonjs";
  return options.supportsStaticESM === true ? "module" : "commonjs";
}

/** TypeScript or ES module syntax to what jest loads, without instrumentation. */
function compileOnly(
  code: string,
  file: string,
  format: OutputFormat,
  compilerOptions: Record<string, unknown>,
  hoist: boolean,
): JestTransformResult {
  const ts = bundledTypescript();
  const user = ts.convertCompilerOptionsFromJson(compilerOptions, path.dirname(file)).options;
  const out = ts.transpileModule(code, {
    fileName: file,
    compilerOptions: {
      ...user,
      target: user.target !== undefined && user.target < ts.ScriptTarget.ESNext ? user.target : ts.ScriptTarget.ES2022,
      module: format === "commonjs" ? ts.ModuleKind.CommonJS : ts.ModuleKind.ESNext,
      sourceMap: true,
      inlineSources: true,
      declaration: false,
      isolatedModules: true,
      verbatimModuleSyntax: false,
    },
    transformers: hoist ? { before: [jestHoist(ts)] } : undefined,
  });
  saveCodeCacheOnce();
  const map = out.sourceMapText !== undefined ? (JSON.parse(out.sourceMapText) as SourceMapJson) : undefined;
  if (map !== undefined) {
    map.sources = [file];
    map.sourcesContent = [code];
  }
  return { code: out.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n"), map };
}

/** CommonJS JavaScript with its `jest.mock` calls hoisted; a script stays a sloppy script. */
function hoistedScript(code: string, file: string, compilerOptions: Record<string, unknown>): JestTransformResult {
  const ts = bundledTypescript();
  const user = compilerOptionsForFile(ts, compilerOptions, file);
  const out = transpile(ts, code, file, user, "commonjs", "separate", { before: [jestHoist(ts)] });
  const map = out.sourceMapText !== undefined ? (JSON.parse(out.sourceMapText) as SourceMapJson) : undefined;
  if (map !== undefined) {
    map.sources = [file];
    map.sourcesContent = [code];
  }
  return { code: out.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n"), map };
}

// Loaded by `require` with a local type: the package's own CommonJS declarations do not parse.
const remapping = require("@jridgewell/remapping") as (
  map: SourceMapJson,
  loader: (source: string) => SourceMapJson | null | undefined,
) => { toString(): string };

/**
 * The chained transformer's map (of our output) followed by ours (of the source). Both name the
 * same file, so only the first level loads our map: its own source is the original.
 */
function chainSameFile(theirs: SourceMapJson, ours: SourceMapJson): SourceMapJson {
  let depth = 0;
  const chained = remapping(theirs, () => (depth++ === 0 ? ours : null));
  return JSON.parse(chained.toString()) as SourceMapJson;
}

/** The options a chained transformer gets: jest instruments after the whole chain (`canInstrument`). */
function notInstrumenting(options: JestTransformOptions): JestTransformOptions {
  return options.instrument === true ? { ...options, instrument: false } : options;
}

export function createTransformer(rawOptions?: unknown): AwaitTreeJestTransformer {
  const { plugin, chain: chainSpec } = checkJestOptions(rawOptions);
  const chained: ChainedTransformer | undefined = chainSpec !== undefined ? loadChained(chainSpec) : undefined;
  const warned = new Set<string>();
  const warn = (message: string): void => {
    if (warned.has(message)) return;
    warned.add(message);
    process.stderr.write(`${message}\n`);
  };

  /** Our step: instrumented (or just compiled) JavaScript, with a map to the source. */
  const ours = (code: string, file: string, options: JestTransformOptions): JestTransformResult => {
    let compilerOptions: Record<string, unknown> = {};
    try {
      // The output runs in this process: an ESNext target keeps only what this Node runs.
      compilerOptions = forThisNode(compilerOptionsFor(file));
    } catch (e) {
      if (!(e instanceof TsconfigError)) throw e;
      warn(`@await-tree/transformer/jest: ${e.message} (TypeScript's defaults are used)`);
    }
    // A chained transformer compiles JSX its own way; alone, JSX is TypeScript's `react-jsx`.
    compilerOptions = { ...compilerOptions, jsx: chained !== undefined ? "preserve" : "react-jsx" };
    const format = formatFor(file, options);
    // Alone, the entry is the file's only transformer and hoists `jest.mock` calls as the others
    // do (./hoist.ts); chained, the other transformer does (babel-jest, ts-jest, @swc/jest).
    const hoist = chained === undefined && format === "commonjs";
    let result: ReturnType<typeof transformSourceWith> | undefined;
    // Our own packages are never instrumented, as by the hooks and the bundler plugin
    // (register/package-scope.ts): a workspace links the runtime from outside node_modules, where
    // jest transforms it, and with `traceAll` an async function of the runtime's own was rewritten
    // to call the runtime's instrument module while the runtime loads (`$at_1.site is not a
    // function`). They go on as files with nothing to trace.
    if (!isOwnPackage(file)) {
      try {
        result = transformSourceWith(code, file, { ...plugin, compilerOptions, format }, hoist ? [jestHoist] : []);
      } catch (e) {
        warn(`@await-tree/transformer/jest: ${file} was not instrumented: ${(e as Error).message}`);
      }
    }
    if (result?.status === "transformed") {
      for (const d of result.diagnostics) warn(`@await-tree/transformer/jest: ${d}`);
      return { code: result.code, map: result.map };
    }
    if (result !== undefined && result.reason !== "nothing to trace") {
      warn(`@await-tree/transformer/jest: ${file} was not instrumented: ${result.reason}`);
    }
    // Nothing traced: TypeScript, and ES module syntax jest cannot load, are still compiled (a
    // chained transformer always gets JavaScript in jest's module format); other JavaScript is
    // left as it is.
    if (TS_FILE.test(file) || (format === "commonjs" && ESM_SYNTAX.test(code))) {
      return compileOnly(code, file, format, compilerOptions, hoist);
    }
    // CommonJS JavaScript (`const { load } = require("./dep"); jest.mock("./dep")`) is left as
    // it is unless it has a call to hoist, which babel-jest would have hoisted had the user's
    // transform not sent the file here.
    if (hoist && mayHoist(code)) return hoistedScript(code, file, compilerOptions);
    return { code };
  };

  /**
   * Their map (of our output) followed by ours (of the source). A transformer that inlines its map
   * in the code instead (ts-jest, @swc/jest's default) has it read from there: left in, it would
   * send stack traces to our output's lines.
   */
  const combine = (mine: JestTransformResult, theirs: JestTransformResult, file: string): JestTransformResult => {
    let code = theirs.code;
    let theirMap = typeof theirs.map === "string" ? (JSON.parse(theirs.map) as SourceMapJson) : theirs.map;
    if (mine.map == null || typeof mine.map === "string") return theirs;
    if (theirMap == null) {
      theirMap = readInputMap(code, file);
      if (theirMap !== undefined) code = withoutMapComment(code);
    }
    if (theirMap == null) return { code, map: null };
    return { code, map: chainSameFile(theirMap, mine.map) };
  };

  return {
    // Never: jest instruments the final code itself for coverage, through the map chained back to
    // the source. A chained transformer that can (babel-jest) would instrument what we gave it, the
    // JavaScript TypeScript compiled, whose map it does not have: the report named the compiled
    // file's lines (the coverage audit of 2026-12-06; test/bundlers/jest-coverage.test.ts).
    canInstrument: false,
    process(sourceText, sourcePath, options) {
      const mine = ours(sourceText, sourcePath, options);
      if (chained === undefined) return mine;
      return combine(mine, chained.process(mine.code, sourcePath, notInstrumenting(options)), sourcePath);
    },
    async processAsync(sourceText, sourcePath, options) {
      const mine = ours(sourceText, sourcePath, options);
      if (chained === undefined) return mine;
      return combine(mine, await chained.processAsync(mine.code, sourcePath, notInstrumenting(options)), sourcePath);
    },
    cacheKeyParts(sourceText, sourcePath, options) {
      let compilerOptions: Record<string, unknown> = {};
      try {
        compilerOptions = forThisNode(compilerOptionsFor(sourcePath));
      } catch {
        // Reported when the file is transformed.
      }
      return [
        PACKAGE_VERSION,
        bundledTypescriptVersion(),
        JSON.stringify(plugin),
        JSON.stringify(compilerOptions),
        sourcePath,
        sourceText,
        options.configString ?? "",
        String(options.instrument === true),
        String(options.supportsStaticESM === true),
        chained?.cacheKey(sourceText, sourcePath, notInstrumenting(options)) ?? "",
      ];
    },
    getCacheKey(sourceText, sourcePath, options) {
      const hash = createHash("sha256");
      for (const part of this.cacheKeyParts(sourceText, sourcePath, options)) hash.update(part).update("\0");
      return hash.digest("hex");
    },
  };
}

const entry = { createTransformer };
export default entry;

// The module itself is its default export (`{ createTransformer }`) and carries the named ones, as
// the package's main entry does: jest (the `.default` of a module marked `__esModule`, else the
// module), `require`, and an ES module's default import (which is `module.exports`) all find
// `createTransformer`, and the types' `export default` is what each of them gets.
module.exports = Object.assign(entry, module.exports);
