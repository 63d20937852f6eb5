/**
 * The transformer's errors. Under `tspc` and a `ts-patch install`ed `tsc` they are
 * compile diagnostics; where emit diagnostics are not reported (ts-node, ts-jest, a programmatic
 * `emit`), the transform throws instead, so the build still fails with the same text.
 */
import type * as TS from "typescript";
import type { CompilerDiagnostic, CompilerModule } from "./compiler-api";

/** Stable codes, printed as `TS97301` / `TS97302`. */
export const DiagnosticCode = {
  /** A plugin option is unknown or has the wrong type. */
  InvalidOption: 97301,
  /** `@traced` on something that is not an async method (nor a method returning a promise). */
  TracedNotAsync: 97302,
  /** The `module` setting emits a format the runtime cannot be loaded from (AMD, SystemJS). */
  UnsupportedModule: 97303,
  /** The compiler that loaded the ts-patch plugin is older than TypeScript 5.0. */
  UnsupportedTypescript: 97304,
} as const;

export type Report = (d: TS.Diagnostic) => void;

export class TransformerError extends Error {
  /** TypeScript's `Diagnostic` (see compiler-api.ts). */
  declare readonly diagnostic: CompilerDiagnostic;

  constructor(message: string, diagnostic: CompilerDiagnostic) {
    super(message);
    this.name = "AwaitTreeTransformerError";
    // Not enumerable: printing the error must not dump a whole source file.
    Object.defineProperty(this, "diagnostic", { value: diagnostic, enumerable: false });
  }
}

/** `file:line:col - error TS97302: message`, as tsc prints it (without colours). */
export function formatDiagnostic(typescript: CompilerModule, diagnostic: CompilerDiagnostic): string {
  const ts = typescript as typeof TS;
  const d = diagnostic as TS.Diagnostic;
  const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  let where = "";
  if (d.file !== undefined && d.start !== undefined) {
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    where = `${d.file.fileName}:${line + 1}:${character + 1} - `;
  }
  return `${where}error TS${d.code}: ${text}`;
}

/** A reporter that throws: used where emit diagnostics would be dropped. */
export function throwingReport(ts: typeof TS): Report {
  return (d) => {
    throw new TransformerError(formatDiagnostic(ts, d), d);
  };
}

export function optionDiagnostic(
  ts: typeof TS,
  message: string,
  code: number = DiagnosticCode.InvalidOption,
): TS.Diagnostic {
  return {
    file: undefined,
    start: undefined,
    length: undefined,
    category: ts.DiagnosticCategory.Error,
    code,
    messageText: `@await-tree/transformer: ${message}`,
    source: "@await-tree/transformer",
  };
}

export function nodeDiagnostic(ts: typeof TS, node: TS.Node, code: number, message: string): TS.Diagnostic {
  const sf = node.getSourceFile();
  const start = node.getStart(sf);
  return {
    file: sf,
    start,
    length: node.getEnd() - start,
    category: ts.DiagnosticCategory.Error,
    code,
    messageText: message,
    source: "@await-tree/transformer",
  };
}
