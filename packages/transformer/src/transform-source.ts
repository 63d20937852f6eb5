/**
 * The compiler-neutral entry of the transformer: source text in, instrumented JavaScript out.
 *
 * Hosts that do not run TypeScript's transformer API (Node's module hooks, TypeScript 7, bundlers)
 * call this. It runs the very same transformer as the ts-patch plugin (detection, labels,
 * locations, joins, diagnostics, options) inside `transpileModule` of the TypeScript this package
 * depends on, so it works whatever compiler the user has, or none. Without a type checker every
 * decision is syntactic, as under ts-node's transpile-only mode (docs/transformer.md).
 */
import * as path from "node:path";
import type * as TS from "typescript";
import { bundledTypescript } from "./bundled-typescript";
import { formatDiagnostic, type Report } from "./diagnostics";
import { INSTRUMENT_MODULE } from "./imports";
import { describeValue, OptionError, resolveOptions, type TransformerOptions } from "./options";
import { chainMaps, OriginalPositions, readInputMap, type SourceMapJson, withoutMapComment } from "./source-maps";
import { createFactory } from "./transform";
import { compilerOptionsFor, isJavaScript, type OutputFormat, SLOPPY_SCRIPT_ONLY, transpile } from "./transpile";

export type { OutputFormat, SourceMapJson };

export interface TransformSourceOptions extends TransformerOptions {
  /**
   * `module` keeps `import`/`export` as written; `commonjs` turns them into `require`/`exports`
   * (and `import()` into a `require`, except in JavaScript without `import`/`export`, which Node
   * runs as CommonJS with its `import()`);
   * `bundler` keeps the module syntax as written whatever the extension (`import x = require()`
   * too), for a bundler to read: the runtime is imported with `import` but in a script that uses
   * `require`, and the tsconfig's `verbatimModuleSyntax` is honoured (the bundler plugins' choice).
   * Default: from the file name (`.mts`/`.mjs` module, `.cts`/`.cjs` commonjs), else `module`.
   */
  format?: OutputFormat;
  /**
   * Compiler options that shape the JavaScript (for example `experimentalDecorators`,
   * `emitDecoratorMetadata`, `useDefineForClassFields`, `jsx`, `target`), as in a tsconfig.
   * Options about files, type checking or output paths are ignored.
   */
  compilerOptions?: Record<string, unknown>;
  /** Emit a source map (default true). */
  sourceMap?: boolean;
  /**
   * The map of `code` to its own sources, when a host holds it in memory (a bundler's previous
   * transform): the output's map and the spans' locations then lead back through it. As an object
   * or its JSON text. Default: the map that `code`'s own `sourceMappingURL` comment names, if any.
   */
  inputSourceMap?: SourceMapJson | string;
}

export type TransformSourceResult =
  | {
      /** Nothing in the file is traced: the caller keeps its source as it was. */
      status: "unchanged";
      /** Why, for logs: `"nothing to trace"`, or a parse error's text. */
      reason: string;
    }
  | {
      status: "transformed";
      /** JavaScript, types removed; without a `sourceMappingURL` comment (the caller adds one). */
      code: string;
      map: SourceMapJson | undefined;
      /** Misplaced `@traced` and other findings, formatted as tsc prints them. */
      diagnostics: string[];
    };

/**
 * Whether the text can contain anything to trace, decided without parsing: a traced function
 * needs the runtime's module named in the file (or a `tracedModules` entry) and the word `traced`,
 * and `traceAll` needs an `async`. A file already instrumented is left alone.
 */
export function mayTrace(code: string, options: TransformerOptions = {}): boolean {
  if (code.includes(INSTRUMENT_MODULE)) return false;
  if (options.traceAll === true) return code.includes("async");
  if (!code.includes("traced")) return false;
  if (code.includes("@await-tree/runtime")) return true;
  return (options.tracedModules ?? []).some((m) => code.includes(m));
}

/** The options of `transformSource` beyond the plugin's (which `resolveOptions` checks). */
function checkOwnOptions(format: unknown, compilerOptions: unknown, sourceMap: unknown): void {
  if (format !== undefined && format !== "module" && format !== "commonjs" && format !== "bundler")
    throw new OptionError(
      "format",
      `option "format" must be "module", "commonjs" or "bundler", got ${describeValue(format)}`,
    );
  if (
    compilerOptions !== undefined &&
    (typeof compilerOptions !== "object" || compilerOptions === null || Array.isArray(compilerOptions))
  )
    throw new OptionError(
      "compilerOptions",
      `option "compilerOptions" must be an object, got ${describeValue(compilerOptions)}`,
    );
  if (sourceMap !== undefined && typeof sourceMap !== "boolean")
    throw new OptionError("sourceMap", `option "sourceMap" must be true or false, got ${describeValue(sourceMap)}`);
}

/** The `inputSourceMap` option as a map, checked (a map must have `mappings` and `sources`). */
function inputMapOption(raw: unknown): SourceMapJson | undefined {
  if (raw === undefined) return undefined;
  let map: unknown = raw;
  if (typeof raw === "string") {
    try {
      map = JSON.parse(raw);
    } catch (e) {
      throw new OptionError("inputSourceMap", `option "inputSourceMap" is not valid JSON: ${(e as Error).message}`);
    }
  }
  const m = map as { mappings?: unknown; sources?: unknown } | null;
  if (typeof m !== "object" || m === null || typeof m.mappings !== "string" || !Array.isArray(m.sources))
    throw new OptionError(
      "inputSourceMap",
      `option "inputSourceMap" must be a source map (an object with "mappings" and "sources", or its JSON text), got ${describeValue(raw)}`,
    );
  return m as SourceMapJson;
}

function formatFor(fileName: string, explicit: OutputFormat | undefined): OutputFormat {
  if (explicit !== undefined) return explicit;
  const ext = path.extname(fileName);
  return ext === ".cts" || ext === ".cjs" ? "commonjs" : "module";
}

/**
 * Instrument one file. `fileName` is the file's real path: locations are printed relative to the
 * project root (the nearest tsconfig.json above the file, or `projectRoot`). Invalid options
 * throw an `OptionError` naming the option.
 */
export function transformSource(
  code: string,
  fileName: string,
  options: TransformSourceOptions = {},
): TransformSourceResult {
  return transformSourceWith(code, fileName, options, []);
}

/**
 * `transformSource` for this package's own hosts, with transforms of the host's (the jest entry's
 * `jest.mock` hoisting) run in TypeScript's `before` stage after the instrumentation. Not part of
 * the public signature: its TypeScript types would tie the published declarations to the
 * TypeScript 5/6 API, which a consumer on TypeScript 7 does not have.
 */
export function transformSourceWith(
  code: string,
  fileName: string,
  options: TransformSourceOptions,
  hostTransforms: readonly ((ts: typeof TS) => TS.TransformerFactory<TS.SourceFile>)[],
): TransformSourceResult {
  const { format: explicitFormat, compilerOptions, sourceMap, inputSourceMap, ...pluginOptions } = options;
  checkOwnOptions(explicitFormat, compilerOptions, sourceMap);
  const givenMap = inputMapOption(inputSourceMap);
  const resolved = resolveOptions(pluginOptions);
  if (!mayTrace(code, resolved)) return { status: "unchanged", reason: "nothing to trace" };

  const ts = bundledTypescript();
  const format = formatFor(fileName, explicitFormat);
  const findings: TS.Diagnostic[] = [];
  const report: Report = (d) => {
    findings.push(d);
  };
  const user = compilerOptionsFor(ts, compilerOptions, fileName);
  // Compiled input (TypeScript 7, esbuild, ...): its own map leads back to the original source.
  const inputMap = givenMap ?? readInputMap(code, fileName);
  const positions = inputMap === undefined ? undefined : new OriginalPositions(inputMap, fileName);
  const original =
    positions === undefined
      ? undefined
      : () => (l: number, c: number, exact?: boolean) => positions.locate(l, c, exact);
  let out: TS.TranspileOutput;
  try {
    const input = inputMap === undefined ? code : withoutMapComment(code);
    out = transpile(ts, input, fileName, user, format, sourceMap === false ? "none" : "separate", {
      before: [
        createFactory({ ts, program: undefined, options: resolved, report, original, bundler: format === "bundler" }),
        ...hostTransforms.map((t) => t(ts)),
      ],
    });
  } catch (e) {
    // TypeScript's parser overflows its stack on deeply nested code that V8 still runs (about
    // 1,000 nested parentheses); neither that nor a defect of ours may stop the user's program or
    // build: the file stays as written, and the caller reports why.
    const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { status: "unchanged", reason: `the transformer could not process it (${why})` };
  }
  // Syntax errors only (they have a file); option diagnostics say nothing about this file.
  // A CommonJS JavaScript file is a sloppy script: what only strict code forbids (legacy octal
  // literals and escapes) is no error there. Only where no code of the file can be strict (no
  // "use strict", no class body): otherwise V8 may refuse the file, and it must still refuse it.
  const script = format === "commonjs" && isJavaScript(fileName) && !/use strict|\bclass\b/.test(code);
  const syntax = (out.diagnostics ?? []).filter(
    (d) =>
      d.category === ts.DiagnosticCategory.Error && d.file !== undefined && !(script && SLOPPY_SCRIPT_ONLY.has(d.code)),
  );
  if (syntax.length > 0) {
    return { status: "unchanged", reason: formatDiagnostic(ts, syntax[0] as TS.Diagnostic) };
  }
  let js = out.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
  if (format === "bundler") js = helpersWithoutTopLevelThis(js);
  if (!js.includes(INSTRUMENT_MODULE)) {
    // Nothing was instrumented after all (a `traced` that is not the runtime's, or only misplaced
    // ones): keep the source. A misplaced `@traced` is the reason, which the caller reports.
    if (findings.length > 0) {
      return { status: "unchanged", reason: findings.map((d) => formatDiagnostic(ts, d)).join("; ") };
    }
    return { status: "unchanged", reason: "nothing to trace" };
  }
  let map: SourceMapJson | undefined;
  if (out.sourceMapText !== undefined) {
    map = JSON.parse(out.sourceMapText) as SourceMapJson;
    map.sources = [fileName];
    map.sourcesContent = [code];
    delete map.sourceRoot;
    if (inputMap !== undefined) map = chainMaps(map, inputMap, fileName);
  }
  js = js.endsWith("\n") ? js : `${js}\n`;
  return { status: "transformed", code: js, map, diagnostics: findings.map((d) => formatDiagnostic(ts, d)) };
}

/**
 * TypeScript's helpers (`__decorate`, `__metadata`, `__awaiter`, ...) start with `var __decorate =
 * (this && this.__decorate) || function ...`, for scripts that share them through `this`. At the top
 * level of an ES module `this` is `undefined`, so that test is always false, and Rollup warns once
 * per file that it rewrote `this` to `undefined` (THIS_IS_UNDEFINED), for code the user never
 * wrote. In an ES module output (the runtime imported with `import`) the test is dropped: the same
 * function, without the warning. A CommonJS one keeps it (`this` is its `exports` there). The
 * helpers' lines carry no source mappings, so the map is unchanged.
 */
function helpersWithoutTopLevelThis(js: string): string {
  if (!ES_MODULE_RUNTIME_IMPORT.test(js)) return js;
  return js.replace(HELPER_THIS_TEST, "var $1 = ");
}

const ES_MODULE_RUNTIME_IMPORT = new RegExp(
  `^import \\* as \\$at_\\d+ from "${INSTRUMENT_MODULE.replace(/[/.]/g, "\\$&")}";$`,
  "m",
);
const HELPER_THIS_TEST = /^var (__\w+) = \(this && this\.\1\) \|\| /gm;
