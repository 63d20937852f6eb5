/**
 * The import of `@await-tree/runtime/instrument` that emitted code calls, in the form the output
 * module format of THAT file needs. It is added before TypeScript's own transforms run:
 * - a module compiled to CommonJS, UMD, or by `node16`/`nodenext` (either format): an ES `import`,
 *   which TypeScript turns into `require` where the file's format asks for it;
 * - `es2015` ... `esnext`: an ES `import`, kept;
 * - `preserve` (TypeScript keeps the module syntax as written): an ES `import` in a file written
 *   with ES module syntax (or `.mts`), `import $at = require(...)` (emitted as `const ... =
 *   require(...)`) in a file written as CommonJS (`import x = require()`, `export =`, or `.cts`);
 * - a script (not a module: adding an `import` would make it a strict-mode module): `var $at =
 *   require(...)`, unless it runs as an ES module (`.mts`, the `nodenext` ESM format, or a nearest
 *   package.json with `"type": "module"`), where only an `import` can load anything.
 * AMD and SystemJS output are not supported (`unsupportedModuleKind`).
 */
import * as path from "node:path";
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

function moduleKind(ts: typeof TS, options: TS.CompilerOptions): TS.ModuleKind {
  const target = options.target ?? ts.ScriptTarget.ES5;
  return options.module ?? (target >= ts.ScriptTarget.ES2015 ? ts.ModuleKind.ES2015 : ts.ModuleKind.CommonJS);
}

/** The `module` setting, when its output cannot load the runtime (AMD, SystemJS); else undefined. */
export function unsupportedModuleKind(ts: typeof TS, options: TS.CompilerOptions): string | undefined {
  const mod = moduleKind(ts, options);
  if (mod === ts.ModuleKind.AMD) return "amd";
  if (mod === ts.ModuleKind.System) return "system";
  return undefined;
}

/** `"type"` of the nearest package.json above a directory (they do not change during a build). */
const packageTypes = new Map<string, string | undefined>();

function packageTypeAbove(ts: typeof TS, file: string): string | undefined {
  const seen: string[] = [];
  let found: string | undefined;
  for (let dir = path.dirname(file); ; ) {
    if (packageTypes.has(dir)) {
      found = packageTypes.get(dir);
      break;
    }
    seen.push(dir);
    const pj = path.join(dir, "package.json");
    const text = ts.sys.fileExists(pj) ? ts.sys.readFile(pj) : undefined;
    if (text !== undefined) {
      try {
        const t = (JSON.parse(text) as { type?: unknown }).type;
        found = typeof t === "string" ? t : undefined;
      } catch {
        found = undefined;
      }
      break;
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  for (const d of seen) packageTypes.set(d, found);
  return found;
}

const ESM_EXTENSIONS = /\.m[tj]sx?$/;
const CJS_EXTENSIONS = /\.c[tj]sx?$/;

/**
 * Whether the file runs as an ES module, judged from its name, TypeScript's format, and the
 * package.json that Node reads for it: the one above the emitted file (`outDir`, relative to
 * `rootDir`), which is what Node loads, else above the source.
 */
function runsAsEsm(ts: typeof TS, sf: TS.SourceFile, options: TS.CompilerOptions): boolean {
  if (ESM_EXTENSIONS.test(sf.fileName)) return true;
  if (CJS_EXTENSIONS.test(sf.fileName)) return false;
  const implied = (sf as { impliedNodeFormat?: TS.ModuleKind }).impliedNodeFormat;
  if (implied !== undefined) return implied === ts.ModuleKind.ESNext;
  let where = sf.fileName;
  if (options.outDir !== undefined && options.rootDir !== undefined) {
    const rel = path.relative(options.rootDir, sf.fileName);
    if (!rel.startsWith("..") && !path.isAbsolute(rel)) where = path.join(options.outDir, rel);
  }
  return packageTypeAbove(ts, where) === "module";
}

/** ES module syntax written in the file (what `module: preserve` keeps as is). */
function writesEsSyntax(ts: typeof TS, sf: TS.SourceFile): boolean {
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s)) {
      if (s.importClause?.isTypeOnly !== true) return true;
    } else if (ts.isExportDeclaration(s)) {
      if (!s.isTypeOnly) return true;
    } else if (ts.isExportAssignment(s)) {
      if (s.isExportEquals !== true) return true;
    } else if (!ts.isInterfaceDeclaration(s) && !ts.isTypeAliasDeclaration(s)) {
      const mods = ts.canHaveModifiers(s) ? ts.getModifiers(s) : undefined;
      if (
        mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) === true &&
        !mods.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)
      ) {
        return true;
      }
    }
  }
  return false;
}

/** CommonJS syntax written in the file (`import x = require()`, `export =`). */
function writesCommonJsSyntax(ts: typeof TS, sf: TS.SourceFile): boolean {
  return sf.statements.some(
    (s) =>
      (ts.isImportEqualsDeclaration(s) && ts.isExternalModuleReference(s.moduleReference)) ||
      (ts.isExportAssignment(s) && s.isExportEquals === true),
  );
}

type Form = "import" | "import-require" | "var-require";

/** CommonJS written in a script: `require(...)`, `module.exports`, `exports.x`. */
const REQUIRES = /\brequire\s*\(|\bmodule\.exports\b|\bexports\.[A-Za-z_$]/;

function importForm(ts: typeof TS, sf: TS.SourceFile, options: TS.CompilerOptions, bundler: boolean): Form {
  const mod = moduleKind(ts, options);
  if (!ts.isExternalModule(sf)) {
    // A bundler takes an `import` in any file, and in an ES module output only that (a `require`
    // of an external module fails there); a script that loads with `require` is CommonJS to it.
    if (bundler) return REQUIRES.test(sf.text) ? "var-require" : "import";
    return runsAsEsm(ts, sf, options) ? "import" : "var-require";
  }
  if (mod !== ts.ModuleKind.Preserve) return "import";
  if (ESM_EXTENSIONS.test(sf.fileName) || writesEsSyntax(ts, sf)) return "import";
  if (CJS_EXTENSIONS.test(sf.fileName) || writesCommonJsSyntax(ts, sf)) return "import-require";
  // A module only by `moduleDetection: force`: whatever Node runs it as.
  return runsAsEsm(ts, sf, options) ? "import" : "import-require";
}

/** The statement that binds `name` to the instrument module. */
export function instrumentImport(
  ts: typeof TS,
  f: TS.NodeFactory,
  sf: TS.SourceFile,
  options: TS.CompilerOptions,
  name: TS.Identifier,
  bundler = false,
): TS.Statement {
  const form = importForm(ts, sf, options, bundler);
  if (form === "import") {
    return f.createImportDeclaration(
      undefined,
      // `undefined`: not type-only (TS 5.0) and no phase modifier (TS 5.9+).
      f.createImportClause(undefined, undefined, f.createNamespaceImport(name)),
      f.createStringLiteral(INSTRUMENT_MODULE),
      undefined,
    );
  }
  if (form === "import-require") {
    return f.createImportEqualsDeclaration(
      undefined,
      false,
      name,
      f.createExternalModuleReference(f.createStringLiteral(INSTRUMENT_MODULE)),
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
