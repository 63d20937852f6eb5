/**
 * `jest.mock(...)` hoisting for the jest entry used alone (docs/bundlers.md#jest).
 *
 * A test file writes `import { UserRepo } from "./repo"; jest.mock("./repo");` and relies on the
 * transformer jest runs to move the `jest.mock` call above the imports, as babel-jest
 * (babel-plugin-jest-hoist), ts-jest and @swc/jest all do: compiled in place, the `require` of
 * "./repo" runs first, the module registry hands the test the real module, and the automock (or
 * the factory) is never used. Alone, the entry compiled TypeScript without it: every `jest.mock`
 * written below an import did nothing, and the tests ran against the real modules (found auditing
 * a service tested with jest's automocks, 2026-12-05: 11 more failures than under ts-jest).
 *
 * What moves, as babel-plugin-jest-hoist moves it: an expression statement that is a call of
 * `jest.mock`, `jest.unmock`, `jest.enableAutomock`, `jest.disableAutomock` or `jest.deepUnmock`
 * (or a chain of them, `jest.mock("a").mock("b")`), on the `jest` global or the `jest` imported
 * from `@jest/globals`, goes to the top of its block (of the file, after the prologue and after
 * the `@jest/globals` import it needs), in the order written. A file that declares a `jest` of
 * its own is left alone. Only for CommonJS output: ES modules' imports load before any statement
 * whatever their order (jest's ESM mode has `jest.unstable_mockModule` for that).
 */
import type * as TS from "typescript";

const HOISTED = new Set(["mock", "unmock", "enableAutomock", "disableAutomock", "deepUnmock"]);
const JEST_GLOBALS = "@jest/globals";
/**
 * A quick test on the text: files without such a call (most) are not walked. Any receiver, since
 * `jest` may be imported from `@jest/globals` under another name.
 */
const MAY_HOIST = /\.\s*(?:mock|unmock|enableAutomock|disableAutomock|deepUnmock)\s*\(/;

export function mayHoist(code: string): boolean {
  return MAY_HOIST.test(code);
}

/** `jest`'s name in the file: the global's, or the local name of `@jest/globals`' `jest`. */
function jestNames(ts: typeof TS, file: TS.SourceFile): Set<string> | undefined {
  const names = new Set<string>();
  let ownJest = false;
  for (const s of file.statements) {
    if (ts.isImportDeclaration(s)) {
      const bindings = s.importClause?.namedBindings;
      const fromGlobals = ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === JEST_GLOBALS;
      if (s.importClause?.name?.text === "jest") ownJest = true;
      if (bindings !== undefined && ts.isNamespaceImport(bindings) && bindings.name.text === "jest") ownJest = true;
      if (bindings !== undefined && ts.isNamedImports(bindings)) {
        for (const e of bindings.elements) {
          const imported = (e.propertyName ?? e.name).text;
          if (fromGlobals && imported === "jest") names.add(e.name.text);
          else if (e.name.text === "jest") ownJest = true;
        }
      }
    } else if (declaresJest(ts, s)) {
      ownJest = true;
    }
  }
  if (!ownJest) names.add("jest");
  return names.size > 0 ? names : undefined;
}

/** A top-level declaration named `jest` (a variable, function, class or `import x = require()`). */
function declaresJest(ts: typeof TS, s: TS.Statement): boolean {
  if (ts.isVariableStatement(s)) {
    return s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === "jest");
  }
  if (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isImportEqualsDeclaration(s)) {
    return s.name?.text === "jest";
  }
  return false;
}

/** `jest.mock(...)`, or a chain `jest.mock(...).unmock(...)` of hoisted methods only. */
function isHoistedCall(ts: typeof TS, e: TS.Expression, names: Set<string>): boolean {
  let cur: TS.Expression = e;
  for (;;) {
    if (!ts.isCallExpression(cur)) return false;
    const callee = cur.expression;
    if (!ts.isPropertyAccessExpression(callee) || !HOISTED.has(callee.name.text)) return false;
    const target = callee.expression;
    if (ts.isIdentifier(target)) return names.has(target.text);
    cur = target;
  }
}

function isGlobalsImport(ts: typeof TS, s: TS.Statement): boolean {
  return ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === JEST_GLOBALS;
}

/** The statements with the hoisted calls first (after prologue directives and `@jest/globals` imports). */
function reorder(
  ts: typeof TS,
  statements: readonly TS.Statement[],
  names: Set<string>,
  topLevel: boolean,
): TS.Statement[] | undefined {
  const hoisted: TS.Statement[] = [];
  for (const s of statements) {
    if (ts.isExpressionStatement(s) && isHoistedCall(ts, s.expression, names)) hoisted.push(s);
  }
  if (hoisted.length === 0) return undefined;
  const prologue: TS.Statement[] = [];
  const globals: TS.Statement[] = [];
  const rest: TS.Statement[] = [];
  let inPrologue = true;
  for (const s of statements) {
    if (inPrologue && ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression)) {
      prologue.push(s);
      continue;
    }
    inPrologue = false;
    if (hoisted.includes(s)) continue;
    if (topLevel && isGlobalsImport(ts, s)) globals.push(s);
    else rest.push(s);
  }
  return [...prologue, ...globals, ...hoisted, ...rest];
}

/** A `before` transformer: run after the instrumentation, on the file it produced. */
export function jestHoist(ts: typeof TS): TS.TransformerFactory<TS.SourceFile> {
  return (context) => (file) => {
    if (!mayHoist(file.text)) return file;
    const names = jestNames(ts, file);
    if (names === undefined) return file;
    const visit = (node: TS.Node): TS.Node => {
      const out = ts.visitEachChild(node, visit, context);
      if (ts.isBlock(out)) {
        const statements = reorder(ts, out.statements, names, false);
        if (statements !== undefined) return context.factory.updateBlock(out, statements);
      }
      return out;
    };
    const visited = ts.visitEachChild(file, visit, context);
    const statements = reorder(ts, visited.statements, names, true);
    return statements === undefined ? visited : context.factory.updateSourceFile(visited, statements);
  };
}
