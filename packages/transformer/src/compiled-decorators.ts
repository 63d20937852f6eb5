/**
 * Decorators in JavaScript that a compiler already lowered. TypeScript (5, 6 and 7, both decorator
 * modes) and esbuild (tsx, Vite) turn `@traced() async load()` into a method without decorators
 * plus a helper call that applies a list of decorator expressions to it by name:
 *
 *   __decorate([traced()], Users.prototype, "load", null)              tsc, experimentalDecorators
 *   _load_decorators = [traced()];                                      tsc, standard decorators
 *   __esDecorate(this, null, _load_decorators, { kind: "method", name: "load", static: false, ... })
 *   __decorateClass([traced()], Users.prototype, "load", 1)            esbuild, experimentalDecorators
 *   _load_dec = [traced()]; __decorateElement(_init, 1, "load", _load_dec, Users)   esbuild, standard
 *
 * This module finds, for each such call, the method it decorates and the list's elements, so that
 * compiled output is traced as its source would have been. Recognition is by shape (the helpers'
 * names and argument positions), never by running anything.
 */
import type * as TS from "typescript";

/** A lowered decorator list applied to one method. */
export interface CompiledDecoration {
  method: TS.MethodDeclaration;
  /** The decorator expressions, outermost first (as written in the source). */
  elements: readonly TS.Expression[];
}

const LEGACY_HELPERS = new Set(["__decorate", "__decorateClass"]);

function calleeName(ts: typeof TS, e: TS.Expression): string | undefined {
  // `(0, tslib_1.__decorate)(...)`, `tslib.__decorate(...)`, `__decorate(...)`
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken) return calleeName(ts, e.right);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

function stringValue(ts: typeof TS, e: TS.Expression | undefined): string | undefined {
  return e !== undefined && (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) ? e.text : undefined;
}

/** `C.prototype` -> { name: "C", isStatic: false }; `C` -> { name: "C", isStatic: true }. */
function targetClass(ts: typeof TS, e: TS.Expression | undefined): { name: string; isStatic: boolean } | undefined {
  if (e === undefined) return undefined;
  if (ts.isPropertyAccessExpression(e) && e.name.text === "prototype" && ts.isIdentifier(e.expression)) {
    return { name: e.expression.text, isStatic: false };
  }
  if (ts.isIdentifier(e)) return { name: e.text, isStatic: true };
  return undefined;
}

function propertyOf(ts: typeof TS, o: TS.ObjectLiteralExpression, key: string): TS.Expression | undefined {
  for (const p of o.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === key) {
      return p.initializer;
    }
  }
  return undefined;
}

export class CompiledDecorators {
  /** Classes by name, wherever declared in the file (`class C {}`, `let C = class {}`). */
  private readonly classes = new Map<string, TS.ClassLikeDeclaration[]>();
  /** Array literals assigned to a variable (`_load_dec = [traced()]`, `let _x = [...]`). */
  private readonly arrays = new Map<string, TS.ArrayLiteralExpression>();
  private readonly calls: TS.CallExpression[] = [];

  constructor(
    private readonly ts: typeof TS,
    sf: TS.SourceFile,
  ) {
    // Iterative walk: compiled bundles can be large and deeply nested.
    const stack: TS.Node[] = [sf];
    while (stack.length > 0) {
      const n = stack.pop() as TS.Node;
      this.index(n);
      n.forEachChild((c) => {
        stack.push(c);
      });
    }
  }

  private index(n: TS.Node): void {
    const ts = this.ts;
    if (ts.isClassDeclaration(n) && n.name !== undefined) this.addClass(n.name.text, n);
    else if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer !== undefined) {
      const init = skipParens(ts, n.initializer);
      if (ts.isClassExpression(init)) this.addClass(n.name.text, init);
      else if (ts.isArrayLiteralExpression(init)) this.arrays.set(n.name.text, init);
    } else if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isIdentifier(n.left) &&
      ts.isArrayLiteralExpression(skipParens(ts, n.right))
    ) {
      this.arrays.set(n.left.text, skipParens(ts, n.right) as TS.ArrayLiteralExpression);
    } else if (ts.isCallExpression(n)) {
      const name = calleeName(ts, n.expression);
      if (name !== undefined && (LEGACY_HELPERS.has(name) || name === "__esDecorate" || name === "__decorateElement")) {
        this.calls.push(n);
      }
    }
  }

  private addClass(name: string, c: TS.ClassLikeDeclaration): void {
    const list = this.classes.get(name);
    if (list === undefined) this.classes.set(name, [c]);
    else list.push(c);
  }

  /** Every lowered decoration of a method found in the file. */
  decorations(): CompiledDecoration[] {
    const out: CompiledDecoration[] = [];
    for (const call of this.calls) {
      const d = this.decorationOf(call);
      if (d !== undefined) out.push(d);
    }
    return out;
  }

  private decorationOf(call: TS.CallExpression): CompiledDecoration | undefined {
    const ts = this.ts;
    const name = calleeName(ts, call.expression) as string;
    const a = call.arguments;
    if (LEGACY_HELPERS.has(name)) {
      // (decorators, target, key, descriptor | kind)
      const target = targetClass(ts, a[1]);
      const key = stringValue(ts, a[2]);
      const list = this.list(a[0]);
      if (target === undefined || key === undefined || list === undefined) return undefined;
      const method = this.method(this.classes.get(target.name), key, target.isStatic);
      return method === undefined ? undefined : { method, elements: list };
    }
    if (name === "__esDecorate") {
      // (ctor, descriptorIn, decorators, contextIn, initializers, extraInitializers)
      const ctx = a[3] !== undefined ? skipParens(ts, a[3]) : undefined;
      if (ctx === undefined || !ts.isObjectLiteralExpression(ctx)) return undefined;
      if (stringValue(ts, propertyOf(ts, ctx, "kind")) !== "method") return undefined;
      const key = stringValue(ts, propertyOf(ts, ctx, "name"));
      const isStatic = propertyOf(ts, ctx, "static")?.kind === ts.SyntaxKind.TrueKeyword;
      const list = this.list(a[2]);
      const cls = enclosingClass(ts, call);
      if (key === undefined || list === undefined || cls === undefined) return undefined;
      const method = this.method([cls], key, isStatic);
      return method === undefined ? undefined : { method, elements: list };
    }
    // __decorateElement(array, flags, name, decorators, target, extra): flags & 7 is the kind
    // (1 = method), flags & 8 static, flags & 16 private.
    const flags = a[1] !== undefined && ts.isNumericLiteral(a[1]) ? Number(a[1].text) : undefined;
    const key = stringValue(ts, a[2]);
    const list = this.list(a[3]);
    const target = a[4] !== undefined && ts.isIdentifier(a[4]) ? a[4].text : undefined;
    if (flags === undefined || (flags & 7) !== 1 || (flags & 16) !== 0) return undefined;
    if (key === undefined || list === undefined || target === undefined) return undefined;
    const method = this.method(this.classes.get(target), key, (flags & 8) !== 0);
    return method === undefined ? undefined : { method, elements: list };
  }

  private list(e: TS.Expression | undefined): readonly TS.Expression[] | undefined {
    if (e === undefined) return undefined;
    const x = skipParens(this.ts, e);
    if (this.ts.isArrayLiteralExpression(x)) return x.elements;
    if (this.ts.isIdentifier(x)) return this.arrays.get(x.text)?.elements;
    return undefined;
  }

  private method(
    classes: readonly TS.ClassLikeDeclaration[] | undefined,
    key: string,
    isStatic: boolean,
  ): TS.MethodDeclaration | undefined {
    const ts = this.ts;
    // A name declared twice in a file (two classes `C` in different scopes) is ambiguous: skipped.
    if (classes === undefined || classes.length !== 1) return undefined;
    for (const m of (classes[0] as TS.ClassLikeDeclaration).members) {
      if (!ts.isMethodDeclaration(m)) continue;
      const n = m.name;
      const text = ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNumericLiteral(n) ? n.text : undefined;
      const stat = m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword) === true;
      if (text === key && stat === isStatic) return m;
    }
    return undefined;
  }
}

function skipParens(ts: typeof TS, e: TS.Expression): TS.Expression {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

function enclosingClass(ts: typeof TS, n: TS.Node): TS.ClassLikeDeclaration | undefined {
  for (let p = n.parent; p !== undefined; p = p.parent) {
    if (ts.isClassLike(p)) return p;
  }
  return undefined;
}
