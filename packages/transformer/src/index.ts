/**
 * @await-tree/transformer: a TypeScript transformer that turns every suspension point of traced
 * code into an await-tree span.
 *
 * - As a ts-patch plugin (default export): `"plugins": [{ "transform": "@await-tree/transformer" }]`.
 * - Programmatically: `createTransformer(program, options)` for `getCustomTransformers`
 *   (ts-loader, ts-jest, `program.emit`, `ts.transpileModule`).
 * - Compiler-neutral: `transformSource(code, fileName, options)` (source in, JavaScript out) for
 *   hosts without TypeScript's transformer API; Node's module hooks are `./register`.
 */
// biome-ignore-start assist/source/organizeImports: the default export must be the first one (below)
// First of the exports: the default export is the plugin function, which is also `module.exports`
// (the end of this file). TypeScript lists the first export last in its `exports.x = ... = void 0`
// line, the only order in which publint sees that `exports.default` is not a plain CommonJS default.
export { default, type PluginExtras } from "./plugin";
// biome-ignore-end assist/source/organizeImports: -
import type * as TS from "typescript";
import type { CompilerModule, CompilerProgram, SourceFileTransformerFactory } from "./compiler-api";
import { DiagnosticCode, formatDiagnostic, optionDiagnostic, throwingReport } from "./diagnostics";
import { resolveOptions, type TransformerOptions } from "./options";
import awaitTreePlugin from "./plugin";
import { createFactory } from "./transform";
import { unsupportedTypescript } from "./typescript-version";

export type {
  CompilerDiagnostic,
  CompilerModule,
  CompilerProgram,
  SourceFileTransformerFactory,
} from "./compiler-api";
export { DiagnosticCode, TransformerError } from "./diagnostics";
export { OptionError, type TransformerOptions } from "./options";
export {
  mayTrace,
  type OutputFormat,
  type TransformSourceOptions,
  type TransformSourceResult,
  transformSource,
} from "./transform-source";

/**
 * A transformer for `before` in `getCustomTransformers` / `program.emit(..., { before: [...] })`.
 * `program` may be undefined (transpile-only builds). Invalid options throw an `OptionError`; a
 * misplaced `@traced` throws a `TransformerError` whose message is the diagnostic tsc would print.
 * Pass `ts` when the TypeScript that compiles is not the one `require("typescript")` finds.
 */
export function createTransformer(
  program?: CompilerProgram,
  options?: TransformerOptions,
  ts: CompilerModule = require("typescript") as CompilerModule,
): SourceFileTransformerFactory {
  const resolved = resolveOptions(options);
  const compiler = ts as typeof TS;
  const unsupported = unsupportedTypescript(compiler);
  if (unsupported !== undefined) {
    throwingReport(compiler)(optionDiagnostic(compiler, `${unsupported}.`, DiagnosticCode.UnsupportedTypescript));
  }
  return createFactory({
    ts: compiler,
    program: program as TS.Program | undefined,
    options: resolved,
    report: throwingReport(compiler),
  });
}

export { formatDiagnostic };

// The module itself is the plugin function, carrying every named export: ts-patch takes a module
// that is a function as the plugin, and Node's `import plugin from "@await-tree/transformer"` (an
// ES module importing CommonJS gets `module.exports`) gets the function, not `{ default }`.
// `require(...).default` and TypeScript's interop helpers keep working (`default` is one of them).
module.exports = Object.assign(awaitTreePlugin, module.exports);
