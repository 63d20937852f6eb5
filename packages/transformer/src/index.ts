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
import type * as TS from "typescript";
import { formatDiagnostic, optionDiagnostic, type Report, throwingReport } from "./diagnostics";
import { OptionError, type ResolvedOptions, resolveOptions, type TransformerOptions } from "./options";
import { createFactory } from "./transform";

export { DiagnosticCode, TransformerError } from "./diagnostics";
export { OptionError, type TransformerOptions } from "./options";
export {
  mayTrace,
  type OutputFormat,
  type TransformSourceOptions,
  type TransformSourceResult,
  transformSource,
} from "./transform-source";

/** What ts-patch passes as the third argument of a "program" plugin. */
export interface PluginExtras {
  ts: typeof TS;
  library?: string;
  addDiagnostic?: (d: TS.Diagnostic) => number;
}

/** Compilers that report the diagnostics a plugin adds (the tsc command line, the language server). */
const REPORTING_LIBRARIES = new Set(["tsc", "tsserver", "tsserverlibrary"]);

function identity(): TS.TransformerFactory<TS.SourceFile> {
  return () => (sf) => sf;
}

/** The ts-patch entry point. */
export default function awaitTreePlugin(
  program: TS.Program,
  config: Record<string, unknown> | undefined,
  extras: PluginExtras,
): { before: TS.TransformerFactory<TS.SourceFile>[] } {
  const ts = extras?.ts ?? (require("typescript") as typeof TS);
  const add = extras?.addDiagnostic;
  const report: Report =
    add !== undefined && REPORTING_LIBRARIES.has(extras.library ?? "")
      ? (d) => {
          add(d);
        }
      : throwingReport(ts);
  let options: ResolvedOptions;
  try {
    options = resolveOptions(config);
  } catch (e) {
    if (!(e instanceof OptionError)) throw e;
    report(optionDiagnostic(ts, e.message));
    return { before: [identity()] };
  }
  // Only ts-patch's default "program" entry type passes a Program; other types get none.
  const prog = typeof (program as Partial<TS.Program> | undefined)?.getTypeChecker === "function" ? program : undefined;
  return { before: [createFactory({ ts, program: prog, options, report })] };
}

/**
 * A transformer for `before` in `getCustomTransformers` / `program.emit(..., { before: [...] })`.
 * `program` may be undefined (transpile-only builds). Invalid options throw an `OptionError`; a
 * misplaced `@traced` throws a `TransformerError` whose message is the diagnostic tsc would print.
 * Pass `ts` when the TypeScript that compiles is not the one `require("typescript")` finds.
 */
export function createTransformer(
  program?: TS.Program,
  options?: TransformerOptions,
  ts: typeof TS = require("typescript") as typeof TS,
): TS.TransformerFactory<TS.SourceFile> {
  const resolved = resolveOptions(options);
  return createFactory({ ts, program, options: resolved, report: throwingReport(ts) });
}

export { formatDiagnostic };
