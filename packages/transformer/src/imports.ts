/**
 * The import of `@await-tree/runtime/instrument` that emitted code calls. It is added before
 * TypeScript's own transforms run, so TypeScript turns it into `require` or keeps `import` as the
 * file's output format requires. A file that is not a module gets a `require` (CommonJS output) so
 * that it stays a script (an added `import` would make it a strict-mode module).
 */
import type * as TS from "typescript";

export const INSTRUMENT_MODULE = "@await-tree/runtime/instrument";

function isRequireOfInstrument(ts: typeof TS, e: TS.Expression | undefined): boolean {
  return (
    e !== undefined &&
    ts.isCallExpression(e) &&
    ts.isIdentifier(e.expression) &&
    e.expression.text === "require" &&
    e.arguments.length === 1 &&
    ts.isStringLiteral(e.arguments[0] as TS.Expression) &&
    (e.arguments[0] as TS.StringLiteral).text === INSTRUMENT_MODULE
  );
}

/** Already transformed (by an earlier run of this plugin, or emitted code compiled again): left alone. */
export function importsInstrument(ts: typeof TS, sf: TS.SourceFile): boolean {
  for (const s of sf.statements) {
    if (
      ts.isImportDeclaration(s) &&
      ts.isStringLiteral(s.moduleSpecifier) &&
      s.moduleSpecifier.text === INSTRUMENT_MODULE
    ) {
      return true;
    }
    if (ts.isImportEqualsDeclaration(s) && ts.isExternalModuleReference(s.moduleReference)) {
      const e = s.moduleReference.expression;
      if (ts.isStringLiteral(e) && e.text === INSTRUMENT_MODULE) return true;
    }
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) if (isRequireOfInstrument(ts, d.initializer)) return true;
    }
  }
  return false;
}

/** Whether the output of `sf` is an ES module (so an `import` may be added to it). */
function emitsEsm(ts: typeof TS, sf: TS.SourceFile, options: TS.CompilerOptions): boolean {
  const M = ts.ModuleKind;
  const target = options.target ?? ts.ScriptTarget.ES5;
  const mod = options.module ?? (target >= ts.ScriptTarget.ES2015 ? M.ES2015 : M.CommonJS);
  if (mod >= M.Node16 && mod <= M.NodeNext) {
    return (sf as { impliedNodeFormat?: TS.ModuleKind }).impliedNodeFormat === M.ESNext;
  }
  return !(mod === M.CommonJS || mod === M.AMD || mod === M.UMD || mod === M.System || mod === M.None);
}

/** The statement that binds `name` to the instrument module. */
export function instrumentImport(
  ts: typeof TS,
  f: TS.NodeFactory,
  sf: TS.SourceFile,
  options: TS.CompilerOptions,
  name: TS.Identifier,
): TS.Statement {
  if (ts.isExternalModule(sf) || emitsEsm(ts, sf, options)) {
    return f.createImportDeclaration(
      undefined,
      // `undefined`: not type-only (TS 5.0) and no phase modifier (TS 5.9+).
      f.createImportClause(undefined, undefined, f.createNamespaceImport(name)),
      f.createStringLiteral(INSTRUMENT_MODULE),
      undefined,
    );
  }
  const req = f.createCallExpression(f.createIdentifier("require"), undefined, [
    f.createStringLiteral(INSTRUMENT_MODULE),
  ]);
  return f.createVariableStatement(
    undefined,
    f.createVariableDeclarationList([f.createVariableDeclaration(name, undefined, undefined, req)], ts.NodeFlags.None),
  );
}
