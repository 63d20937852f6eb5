/**
 * The ts-patch entry point (the package's default export): `"plugins": [{ "transform":
 * "@await-tree/transformer" }]`.
 */
import type * as TS from "typescript";
import type { CompilerDiagnostic, CompilerModule, CompilerProgram, SourceFileTransformerFactory } from "./compiler-api";
import { DiagnosticCode, optionDiagnostic, type Report, throwingReport } from "./diagnostics";
import { OptionError, type ResolvedOptions, resolveOptions } from "./options";
import { createFactory } from "./transform";
import { unsupportedTypescript } from "./typescript-version";

/** What ts-patch passes as the third argument of a "program" plugin. */
export interface PluginExtras {
  /** The `typescript` module that compiles. */
  ts: CompilerModule;
  library?: string;
  addDiagnostic?: (d: CompilerDiagnostic) => number;
}

/** Compilers that report the diagnostics a plugin adds (the tsc command line, the language server). */
const REPORTING_LIBRARIES = new Set(["tsc", "tsserver", "tsserverlibrary"]);

function identity(): TS.TransformerFactory<TS.SourceFile> {
  return () => (sf) => sf;
}

/** The ts-patch entry point. */
export default function awaitTreePlugin(
  program: CompilerProgram,
  config: Record<string, unknown> | undefined,
  extras: PluginExtras,
): { before: SourceFileTransformerFactory[] } {
  const ts = (extras?.ts ?? require("typescript")) as typeof TS;
  const add = extras?.addDiagnostic;
  const report: Report =
    add !== undefined && REPORTING_LIBRARIES.has(extras.library ?? "")
      ? (d) => {
          add(d);
        }
      : throwingReport(ts);
  // A project on TypeScript 4 may have this package installed (its `typescript` peer is `*`).
  const unsupported = unsupportedTypescript(ts);
  if (unsupported !== undefined) {
    report(
      optionDiagnostic(
        ts,
        `${unsupported}; the files were compiled without instrumentation.`,
        DiagnosticCode.UnsupportedTypescript,
      ),
    );
    return { before: [identity()] };
  }
  let options: ResolvedOptions;
  try {
    options = resolveOptions(config);
  } catch (e) {
    if (!(e instanceof OptionError)) throw e;
    report(optionDiagnostic(ts, e.message));
    return { before: [identity()] };
  }
  // Only ts-patch's default "program" entry type passes a Program; other types get none.
  const prog =
    typeof (program as Partial<TS.Program> | undefined)?.getTypeChecker === "function"
      ? (program as TS.Program)
      : undefined;
  return { before: [createFactory({ ts, program: prog, options, report })] };
}
