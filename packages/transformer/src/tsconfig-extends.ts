/**
 * A tsconfig whose `extends` names a base that is missing or is not valid JSON: tsc stops there,
 * and so do the hosts that read a tsconfig (Node's module hooks, the bundler plugins), since the
 * base's options (decorators, our plugin entry) would otherwise be lost without a word. Other
 * findings of TypeScript about a tsconfig (no input files, options this TypeScript does not know)
 * are the compiler's business.
 */
import type * as TS from "typescript";

/** `Cannot read file`, `File not found`: a base named by `extends` that is missing or unreadable. */
const UNREADABLE_BASE = new Set([5012, 5083, 6053]);

/** What to say when `errors` (of `parseJsonConfigFileContent` for `file`) hold a broken base, else undefined. */
export function unreadableBase(ts: typeof TS, errors: readonly TS.Diagnostic[], file: string): string | undefined {
  const broken = errors.find(
    (d) =>
      d.category === ts.DiagnosticCategory.Error &&
      (UNREADABLE_BASE.has(d.code) || (d.file !== undefined && d.code >= 1000 && d.code < 2000)),
  );
  if (broken === undefined) return undefined;
  const text = ts.flattenDiagnosticMessageText(broken.messageText, "\n");
  const base = broken.file?.fileName;
  return base !== undefined && base !== file
    ? `${base} (extended by ${file}) cannot be read: ${text}`
    : `${file} extends a file that cannot be read: ${text}`;
}
