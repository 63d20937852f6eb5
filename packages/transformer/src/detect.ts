/**
 * Is this `traced` the runtime's? With a type checker that can resolve the import, the symbol is
 * followed through renames, namespaces and re-exports to its declaration, which must belong to the
 * package `@await-tree/runtime`. Without one (transpile-only builds), the file's own imports
 * decide: a name imported from `@await-tree/runtime` (or a module listed in `tracedModules`).
 * A look-alike `traced` from anywhere else is never traced.
 */
import * as path from "node:path";
import type * as TS from "typescript";
import type { Scopes } from "./scope";

export const RUNTIME_PACKAGE = "@await-tree/runtime";

/** Package name of the nearest package.json above a directory (package names do not change during a build). */
const packageNames = new Map<string, string | undefined>();

function packageNameAbove(ts: typeof TS, file: string): string | undefined {
  let dir = path.dirname(file);
  const seen: string[] = [];
  for (;;) {
    if (packageNames.has(dir)) {
      const name = packageNames.get(dir);
      for (const d of seen) packageNames.set(d, name);
      return name;
    }
    seen.push(dir);
    const pj = path.join(dir, "package.json");
    const text = ts.sys.fileExists(pj) ? ts.sys.readFile(pj) : undefined;
    if (text !== undefined) {
      let name: string | undefined;
      try {
        const parsed = JSON.parse(text) as { name?: unknown };
        name = typeof parsed.name === "string" ? parsed.name : undefined;
      } catch {
        name = undefined;
      }
      for (const d of seen) packageNames.set(d, name);
      return name;
    }
    const up = path.dirname(dir);
    if (up === dir) {
      for (const d of seen) packageNames.set(d, undefined);
      return undefined;
    }
    dir = up;
  }
}

export class Detector {
  private readonly runtimeModules: Set<string>;

  constructor(
    private readonly ts: typeof TS,
    private readonly checker: TS.TypeChecker | undefined,
    private readonly scopes: Scopes,
    tracedModules: readonly string[],
  ) {
    this.runtimeModules = new Set([RUNTIME_PACKAGE, ...tracedModules]);
  }

  /** Whether `callee` (`traced`, `t`, `ns.traced`) refers to the runtime's `traced`. */
  isTraced(callee: TS.Expression): boolean {
    const ts = this.ts;
    if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee)) return false;
    const viaChecker = this.resolveWithChecker(callee);
    if (viaChecker !== undefined) return viaChecker;
    return this.resolveSyntactically(callee);
  }

  /** True/false when the checker knows the declaration; undefined when it cannot tell. */
  private resolveWithChecker(callee: TS.Identifier | TS.PropertyAccessExpression): boolean | undefined {
    const ts = this.ts;
    const checker = this.checker;
    if (checker === undefined) return undefined;
    const original = ts.getParseTreeNode(callee);
    if (original === undefined) return undefined;
    const at = ts.isPropertyAccessExpression(original) ? original.name : original;
    let sym: TS.Symbol | undefined;
    try {
      sym = checker.getSymbolAtLocation(at);
      if (sym !== undefined && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
    } catch {
      return undefined;
    }
    const decl = sym?.declarations?.[0];
    if (sym === undefined || decl === undefined) return undefined;
    if (sym.name !== "traced") return false;
    return packageNameAbove(ts, decl.getSourceFile().fileName) === RUNTIME_PACKAGE;
  }

  private resolveSyntactically(callee: TS.Identifier | TS.PropertyAccessExpression): boolean {
    const ts = this.ts;
    if (ts.isIdentifier(callee)) {
      const imp = this.importOf(callee);
      if (imp !== undefined) return imp.kind === "named" && imp.imported === "traced";
      return this.requiredNameOf(callee) === "traced";
    }
    if (callee.name.text !== "traced" || !ts.isIdentifier(callee.expression)) return false;
    const imp = this.importOf(callee.expression);
    return (imp !== undefined && imp.kind === "namespace") || this.isRequireOfRuntime(callee.expression);
  }

  /**
   * Compiled CommonJS binds the runtime with `require`: `const runtime_1 = require("@await-tree/runtime")`
   * (tsc), `var import_runtime = __toESM(require("@await-tree/runtime"))` (esbuild). A module-level
   * variable so bound is the runtime's namespace.
   */
  private isRequireOfRuntime(id: TS.Identifier): boolean {
    const ts = this.ts;
    const original = (ts.getParseTreeNode(id) as TS.Identifier | undefined) ?? id;
    const d = this.scopes.resolve(original.text, original);
    if (d === undefined || (d.kind !== "const" && d.kind !== "var" && d.kind !== "let")) return false;
    const sf = original.getSourceFile();
    for (const s of sf.statements) {
      if (!ts.isVariableStatement(s)) continue;
      for (const v of s.declarationList.declarations) {
        if (ts.isIdentifier(v.name) && v.name.text === original.text && v.initializer !== undefined) {
          return this.requiresRuntime(v.initializer);
        }
      }
    }
    return false;
  }

  /**
   * The runtime export that a module-level destructuring of its `require` binds to `id`:
   * `const { traced } = require("@await-tree/runtime")` or `const { traced: t } = require(...)`
   * (hand-written CommonJS), else undefined.
   */
  private requiredNameOf(id: TS.Identifier): string | undefined {
    const ts = this.ts;
    const original = (ts.getParseTreeNode(id) as TS.Identifier | undefined) ?? id;
    const d = this.scopes.resolve(original.text, original);
    if (d === undefined || (d.kind !== "const" && d.kind !== "var" && d.kind !== "let")) return undefined;
    for (const s of original.getSourceFile().statements) {
      if (!ts.isVariableStatement(s)) continue;
      for (const v of s.declarationList.declarations) {
        if (!ts.isObjectBindingPattern(v.name) || v.initializer === undefined) continue;
        for (const e of v.name.elements) {
          if (e.dotDotDotToken !== undefined || !ts.isIdentifier(e.name) || e.name.text !== original.text) continue;
          const key = e.propertyName ?? e.name;
          const name = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
          return name !== undefined && this.requiresRuntime(v.initializer) ? name : undefined;
        }
      }
    }
    return undefined;
  }

  /** `require("<runtime>")`, possibly inside an interop helper call (`__importStar(...)`, `__toESM(...)`). */
  private requiresRuntime(e: TS.Expression): boolean {
    const ts = this.ts;
    while (ts.isParenthesizedExpression(e)) e = e.expression;
    if (!ts.isCallExpression(e)) return false;
    const [arg] = e.arguments;
    if (ts.isIdentifier(e.expression) && e.expression.text === "require") {
      return arg !== undefined && ts.isStringLiteral(arg) && this.runtimeModules.has(arg.text);
    }
    return e.arguments.length >= 1 && arg !== undefined && this.requiresRuntime(arg);
  }

  /** The runtime import that binds `id` at its position, if any. */
  private importOf(id: TS.Identifier): { kind: "named" | "namespace"; imported: string } | undefined {
    const ts = this.ts;
    const original = (ts.getParseTreeNode(id) as TS.Identifier | undefined) ?? id;
    const d = this.scopes.resolve(original.text, original);
    if (d === undefined || d.kind !== "import") return undefined;
    const sf = original.getSourceFile();
    for (const s of sf.statements) {
      if (ts.isImportDeclaration(s)) {
        if (!ts.isStringLiteral(s.moduleSpecifier) || !this.runtimeModules.has(s.moduleSpecifier.text)) continue;
        const c = s.importClause;
        if (c === undefined || c.isTypeOnly) continue;
        if (c.name?.text === original.text) return { kind: "namespace", imported: "default" };
        const b = c.namedBindings;
        if (b === undefined) continue;
        if (ts.isNamespaceImport(b)) {
          if (b.name.text === original.text) return { kind: "namespace", imported: "*" };
        } else {
          for (const e of b.elements) {
            if (e.name.text === original.text && !e.isTypeOnly) {
              return { kind: "named", imported: (e.propertyName ?? e.name).text };
            }
          }
        }
      } else if (ts.isImportEqualsDeclaration(s) && s.name.text === original.text) {
        const r = s.moduleReference;
        if (ts.isExternalModuleReference(r) && ts.isStringLiteral(r.expression)) {
          if (this.runtimeModules.has(r.expression.text)) return { kind: "namespace", imported: "*" };
        }
      }
    }
    return undefined;
  }

  /** Whether a method that is not `async` still returns a promise (then `@traced` is fine on it). */
  returnsPromise(method: TS.MethodDeclaration): boolean | undefined {
    const ts = this.ts;
    const checker = this.checker;
    const original = ts.getParseTreeNode(method) as TS.MethodDeclaration | undefined;
    if (checker === undefined || original === undefined) return undefined;
    try {
      const sig = checker.getSignatureFromDeclaration(original);
      if (sig === undefined) return undefined;
      return this.isThenable(checker.getReturnTypeOfSignature(sig));
    } catch {
      return undefined;
    }
  }

  private isThenable(t: TS.Type): boolean {
    const ts = this.ts;
    if (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
    if (t.isUnion()) return t.types.some((u) => this.isThenable(u));
    const then = this.checker?.getPropertyOfType(t, "then");
    return then !== undefined;
  }

  /** `Promise` here is the global one (not declared in this file). */
  isGlobalPromise(id: TS.Identifier): boolean {
    if (id.text !== "Promise") return false;
    const original = (this.ts.getParseTreeNode(id) as TS.Identifier | undefined) ?? id;
    return this.scopes.resolve("Promise", original) === undefined;
  }
}
