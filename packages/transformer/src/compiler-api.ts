/**
 * The compiler API types of this package's public signatures, written without TypeScript's own
 * declarations: `typescript` 7.x ships none, and a project on it (or on no compiler at all) must
 * still type-check its use of this package without `skipLibCheck`. TypeScript 5.x/6.x's own
 * objects fit them (`ts.Program`, `ts.Diagnostic`, `ts.TransformerFactory<ts.SourceFile>`, the
 * `typescript` module), so code written against those keeps compiling. Internally the package
 * uses TypeScript's types (of the TypeScript it bundles or is given).
 */

/** A TypeScript 5.x/6.x `Program`. */
export type CompilerProgram = object;

/** The `typescript` module (5.x/6.x) whose factory and helpers the transformer uses. */
export type CompilerModule = object;

/** A TypeScript `Diagnostic`, as this package reports and throws them. */
export interface CompilerDiagnostic {
  readonly category: number;
  readonly code: number;
  /** A string, or TypeScript's `DiagnosticMessageChain`. */
  readonly messageText: string | object;
  /** TypeScript's `SourceFile`, when the diagnostic has a place. */
  readonly file?: object | undefined;
  readonly start?: number | undefined;
  readonly length?: number | undefined;
}

/**
 * A `TransformerFactory<SourceFile>` for `before` in `getCustomTransformers` or `program.emit`:
 * TypeScript's own parameter and result types, which this declaration cannot name, are `any` here
 * so that it fits wherever TypeScript's type is expected.
 */
// biome-ignore lint/suspicious/noExplicitAny: TypeScript's TransformationContext and SourceFile, unnamed here (see above)
export type SourceFileTransformerFactory = (context: any) => (sourceFile: any) => any;
