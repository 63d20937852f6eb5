/**
 * `@traced` and `traced(...)`: the argument is wrapped in `$at.transformed(...)` so that the
 * runtime's wrapper knows the body records its own awaits (its `enter` adopts the wrapper's frame).
 * `@traced` → `@traced($at.transformed())`, `@traced(x)` → `@traced($at.transformed(x))`,
 * `traced(fn)` → `traced($at.transformed(), fn)`, `traced(x, fn)` → `traced($at.transformed(x), fn)`.
 */
import type * as TS from "typescript";
import type { FileContext } from "./context";
import { DiagnosticCode, nodeDiagnostic } from "./diagnostics";
import { type FunctionNode, propertyNameText, type TracedArgInfo, tracedArgInfo } from "./frames";

export function isAsync(ts: typeof TS, fn: TS.Node): boolean {
  const mods = ts.canHaveModifiers(fn) ? ts.getModifiers(fn) : undefined;
  return mods?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) === true;
}

/**
 * How the runtime's wrapper treats a marked method's frame: its body adopts it (`body`, the site
 * `$s_body`'s `enter`), the method is kept with no wrapper (`direct`), or the method is not async and
 * has no await to record (`noAwait`: the frame hides none, so it is not counted as a call that ran
 * without the transformer).
 */
export type MarkedAs = "body" | "direct" | "noAwait";

/**
 * `$at.transformed(arg, $s_body, ["id", ...])`: the marker tells the runtime's wrapper that the body
 * records its own awaits, which body may adopt its frame (only the `enter` of `$s_body`: code that
 * runs first, such as a user decorator's wrapper or a parameter default calling another traced
 * function, cannot take it), and the parameter names for a `"load ${id}"` template (read here, not
 * from the function's source text at run time). `direct` adds `true` as the fourth argument,
 * `noAwait` `false, true` as the fourth and fifth (its site then only locates the frame).
 */
function transformedArg(
  cx: FileContext,
  arg: TS.Expression | undefined,
  site: TS.Identifier,
  fn: FunctionNode,
  as: MarkedAs = "body",
  names = true,
): TS.Expression {
  const { ts, f } = cx;
  const args: TS.Expression[] = [arg ?? f.createVoidZero(), site];
  const named = arg !== undefined && names;
  if (named) {
    const names = fn.parameters
      .filter((p) => !(ts.isIdentifier(p.name) && p.name.text === "this"))
      .map((p) => (ts.isIdentifier(p.name) ? f.createStringLiteral(p.name.text) : f.createVoidZero()));
    args.push(f.createArrayLiteralExpression(names));
  }
  if (as !== "body") {
    if (!named) args.push(f.createVoidZero());
    args.push(as === "direct" ? f.createTrue() : f.createFalse());
    if (as === "noAwait") args.push(f.createTrue());
  }
  return cx.hooks.call("transformed", args);
}

/** Whether `decorator` is the last one written on `fn` (the first applied: it receives the method). */
function isInnermost(ts: typeof TS, decorator: TS.Decorator, fn: FunctionNode): boolean {
  const method = ts.getParseTreeNode(fn) ?? fn;
  const decorators = ts.canHaveDecorators(method) ? (ts.getDecorators(method) ?? []) : [];
  const last = decorators[decorators.length - 1];
  return last === undefined || last === (ts.getParseTreeNode(decorator) ?? decorator);
}

const OPTION_NAMES = new Set(["name", "verbose", "longRunning"]);

/** `"x"`, `{ name: "x", verbose: true }`...: an argument the compiler reads whole (no runtime value). */
function isLiteralArgument(ts: typeof TS, arg: TS.Expression | undefined): boolean {
  if (arg === undefined || ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) return true;
  if (!ts.isObjectLiteralExpression(arg)) return false;
  const seen = new Set<string>();
  for (const p of arg.properties) {
    if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name) || !OPTION_NAMES.has(p.name.text)) return false;
    if (seen.has(p.name.text)) return false;
    seen.add(p.name.text);
    const v = p.initializer;
    const ok =
      p.name.text === "name"
        ? ts.isStringLiteral(v) || ts.isNoSubstitutionTemplateLiteral(v)
        : v.kind === ts.SyntaxKind.TrueKeyword || v.kind === ts.SyntaxKind.FalseKeyword;
    if (!ok) return false;
  }
  return true;
}

/**
 * Whether the decorated method's own body can record its frame, with no wrapper at all (the
 * decorator then returns the method as it is: docs/transformer.md, "Decorated methods"). Only when
 * nothing the wrapper knows at run time is missing from what the compiler sees:
 * - `@traced` is the innermost decorator (the last written): it receives the method itself;
 * - its argument is absent or literal (the label, `verbose` and `longRunning` are known here);
 * - the method's name is written plainly (not computed) and its parameters are plain identifiers
 *   without default, `?` or `...`: the label's values are then the call's arguments, as the
 *   wrapper would show them (a call with extra arguments shows the declared ones only).
 * The runtime may still decline (a legacy decorator whose options come from reflect-metadata) and
 * wrap: the body then takes the wrapper's frame as before.
 */
export function isDirect(cx: FileContext, node: TS.MethodDeclaration, t: TracedDecorator): boolean {
  const { ts } = cx;
  if (node.asteriskToken !== undefined || node.body === undefined) return false;
  const all = ts.getDecorators(node) ?? [];
  if (all[all.length - 1] !== t.decorator) return false;
  if (t.call !== undefined) {
    const args = t.call.arguments;
    if (args.length > 1 || !isLiteralArgument(ts, args[0])) return false;
  }
  const name = node.name;
  if (!(ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)))
    return false;
  return node.parameters.every(
    (p) =>
      ts.isIdentifier(p.name) &&
      p.initializer === undefined &&
      p.questionToken === undefined &&
      p.dotDotDotToken === undefined,
  );
}

/** `a`, `a.b`, `a.#b`: what may be called in a decorator without parentheses (`@a.b(x)`). */
function isDecoratorMemberExpression(ts: typeof TS, e: TS.Expression): boolean {
  if (ts.isIdentifier(e)) return true;
  return (
    ts.isPropertyAccessExpression(e) &&
    e.questionDotToken === undefined &&
    isDecoratorMemberExpression(ts, e.expression)
  );
}

export interface TracedDecorator {
  decorator: TS.Decorator;
  /** The `traced(...)` call of `@traced(...)`, or undefined for bare `@traced`. */
  call: TS.CallExpression | undefined;
}

/** The decorators of `node` that are the runtime's `traced`. */
export function tracedDecorators(cx: FileContext, node: TS.Node): TracedDecorator[] {
  const { ts } = cx;
  // Most nodes have no modifiers at all: answer without asking the compiler.
  const mods = (node as { modifiers?: TS.NodeArray<TS.ModifierLike> }).modifiers;
  if (mods === undefined || !mods.some((m) => m.kind === ts.SyntaxKind.Decorator)) return [];
  if (!ts.canHaveDecorators(node)) return [];
  const out: TracedDecorator[] = [];
  for (const d of ts.getDecorators(node) ?? []) {
    let e: TS.Expression = d.expression;
    while (ts.isParenthesizedExpression(e)) e = e.expression;
    const call = ts.isCallExpression(e) ? e : undefined;
    if (cx.detect.isTraced(call !== undefined ? call.expression : e)) out.push({ decorator: d, call });
  }
  return out;
}

/**
 * The rewritten decorator, or undefined when its form cannot carry `$at.transformed`. The result is
 * valid standard decorator syntax whatever the user wrote: `@traced` -> `@traced(marker)`,
 * `@ns.traced` -> `@ns.traced(marker)`, `@(traced)` -> `@((traced)(marker))`, `@(traced(x))` ->
 * `@(traced(marker))` (a call is allowed unparenthesised only on a plain member chain).
 */
export function rewriteDecorator(
  cx: FileContext,
  t: TracedDecorator,
  visit: (n: TS.Node) => TS.Node,
  site: TS.Identifier,
  fn: FunctionNode,
  as: MarkedAs = "body",
): { decorator: TS.Decorator; info: TracedArgInfo } | undefined {
  const { ts, f } = cx;
  let call: TS.CallExpression;
  let info: TracedArgInfo = {};
  if (t.call === undefined) {
    const e = visit(t.decorator.expression) as TS.LeftHandSideExpression;
    call = f.createCallExpression(e, undefined, [transformedArg(cx, undefined, site, fn, as)]);
  } else {
    const args = t.call.arguments;
    if (args.length > 1 || args.some((a) => ts.isSpreadElement(a))) return undefined;
    const arg = args[0];
    // A template's names are the written parameters only when this decorator receives the method
    // itself (it is the innermost); below another decorator it receives what that one returned,
    // whose parameters the runtime reads, as it does without the transformer.
    const names = isInnermost(ts, t.decorator, fn);
    call = f.updateCallExpression(t.call, visit(t.call.expression) as TS.Expression, t.call.typeArguments, [
      transformedArg(cx, arg === undefined ? undefined : (visit(arg) as TS.Expression), site, fn, as, names),
    ]);
    info = tracedArgInfo(ts, arg);
  }
  // Keep the decorator's own parentheses, and add them where the grammar needs them.
  const needsParens =
    (t.call !== undefined && t.decorator.expression !== t.call) || !isDecoratorMemberExpression(ts, call.expression);
  const expr = needsParens ? f.createParenthesizedExpression(call) : call;
  return { decorator: f.updateDecorator(t.decorator, expr), info };
}

/** What `rewriteDecorator` will say about the argument, before it runs (the site needs it). */
export function decoratorInfo(cx: FileContext, t: TracedDecorator): TracedArgInfo | undefined {
  if (t.call === undefined) return {};
  const args = t.call.arguments;
  if (args.length > 1 || args.some((a) => cx.ts.isSpreadElement(a))) return undefined;
  return tracedArgInfo(cx.ts, args[0]);
}

/**
 * The async function an identifier names, when it is declared in this file and never reassigned:
 * `async function load() {}` or `const load = async () => {}`.
 */
function referencedFunction(cx: FileContext, id: TS.Identifier): FunctionNode | undefined {
  const { ts, scopes } = cx;
  const d = scopes.resolve(id.text, id);
  if (d === undefined || (d.kind !== "function" && d.kind !== "const") || scopes.isWritten(id.text, d))
    return undefined;
  const stmts = ts.isSourceFile(d.scope) || ts.isBlock(d.scope) ? d.scope.statements : undefined;
  for (const s of stmts ?? []) {
    if (ts.isFunctionDeclaration(s) && s.name?.text === id.text && s.body !== undefined) return s;
    if (ts.isVariableStatement(s)) {
      for (const v of s.declarationList.declarations) {
        if (!ts.isIdentifier(v.name) || v.name.text !== id.text || v.initializer === undefined) continue;
        let init: TS.Expression = v.initializer;
        while (ts.isParenthesizedExpression(init)) init = init.expression;
        return ts.isFunctionExpression(init) || ts.isArrowFunction(init) ? init : undefined;
      }
    }
  }
  return undefined;
}

/**
 * `traced(fn)` / `traced(x, fn)` where `fn` is an async function written inline, or named by a
 * `const` or function declaration of this file: the function, whether it is a reference (it may
 * then also be called without the wrapper), and the label argument.
 */
export function tracedCallTarget(
  cx: FileContext,
  node: TS.CallExpression,
): { fn: FunctionNode; reference: boolean; label: TS.Expression | undefined } | undefined {
  const { ts } = cx;
  const args = node.arguments;
  if (args.length < 1 || args.length > 2 || args.some((a) => ts.isSpreadElement(a))) return undefined;
  let arg = args[args.length - 1] as TS.Expression;
  while (ts.isParenthesizedExpression(arg)) arg = arg.expression;
  let fn: FunctionNode | undefined;
  let reference = false;
  if (ts.isFunctionExpression(arg) || ts.isArrowFunction(arg)) fn = arg;
  else if (ts.isIdentifier(arg)) {
    fn = referencedFunction(cx, (ts.getParseTreeNode(arg) as TS.Identifier | undefined) ?? arg);
    reference = true;
  }
  if (fn === undefined || !isAsync(ts, fn)) return undefined;
  if (!cx.detect.isTraced(compiledCallee(ts, node.expression))) return undefined;
  return { fn, reference, label: args.length === 2 ? args[0] : undefined };
}

export function rewriteTracedCall(
  cx: FileContext,
  node: TS.CallExpression,
  label: TS.Expression | undefined,
  visit: (n: TS.Node) => TS.Node,
  fn: FunctionNode,
  siteOf: () => TS.Identifier,
): TS.CallExpression {
  const { f } = cx;
  const callee = visit(node.expression) as TS.Expression;
  const visitedLabel = label === undefined ? undefined : (visit(label) as TS.Expression);
  const fnArg = visit(node.arguments[node.arguments.length - 1] as TS.Expression) as TS.Expression;
  // The function was visited just above: its frame site exists now.
  return f.updateCallExpression(node, callee, node.typeArguments, [
    transformedArg(cx, visitedLabel, siteOf(), fn),
    fnArg,
  ]);
}

const NOT_PROMISE_TYPES = new Set([
  "VoidKeyword",
  "NumberKeyword",
  "StringKeyword",
  "BooleanKeyword",
  "UndefinedKeyword",
  "NeverKeyword",
  "BigIntKeyword",
  "SymbolKeyword",
  "LiteralType",
]);

function memberName(cx: FileContext, node: TS.Node): string {
  const { ts } = cx;
  const owner = node.parent !== undefined && ts.isClassLike(node.parent) ? node.parent.name?.text : undefined;
  const name =
    ts.isMethodDeclaration(node) || ts.isPropertyDeclaration(node) || ts.isAccessor(node)
      ? propertyNameText(ts, node.name)
      : "";
  return owner !== undefined && owner !== "" ? `${owner}.${name}` : name;
}

/**
 * `@traced` on a method that is not async: fine when it returns a promise, an error otherwise.
 * Whether it is fine.
 */
export function checkNonAsyncMethod(cx: FileContext, node: TS.MethodDeclaration, t: TracedDecorator): boolean {
  const { ts } = cx;
  const name = memberName(cx, node);
  let why: string | undefined;
  if (node.asteriskToken !== undefined) why = "is a generator";
  else if (!cx.isolated) {
    if (cx.detect.returnsPromise(node) === false) {
      why = "is not async and does not return a promise";
    }
  } else if (node.type !== undefined && NOT_PROMISE_TYPES.has(ts.SyntaxKind[node.type.kind] ?? "")) {
    why = "is not async and does not return a promise";
  }
  if (why === undefined) return true;
  cx.report(
    nodeDiagnostic(
      ts,
      t.decorator,
      DiagnosticCode.TracedNotAsync,
      `@traced can only decorate an async method or a method that returns a promise, but '${name}' ${why}.`,
    ),
  );
  return false;
}

/** `@traced` on a class, property, accessor or parameter. */
export function checkMisplaced(cx: FileContext, node: TS.Node): void {
  const { ts } = cx;
  if (ts.isMethodDeclaration(node)) return;
  const found = tracedDecorators(cx, node);
  if (found.length === 0) return;
  let what: string;
  if (ts.isClassLike(node)) what = `'${node.name?.text ?? "(anonymous class)"}' is a class`;
  else if (ts.isPropertyDeclaration(node)) what = `'${memberName(cx, node)}' is a property`;
  else if (ts.isGetAccessorDeclaration(node)) what = `'${memberName(cx, node)}' is a getter`;
  else if (ts.isSetAccessorDeclaration(node)) what = `'${memberName(cx, node)}' is a setter`;
  else if (ts.isParameter(node)) {
    const p = ts.isIdentifier(node.name) ? node.name.text : "(destructured)";
    const owner = node.parent as TS.Node;
    const of = ts.isMethodDeclaration(owner) ? ` of '${memberName(cx, owner)}'` : "";
    what = `'${p}' is a parameter${of}`;
  } else what = "this is not a method";
  for (const t of found) {
    cx.report(
      nodeDiagnostic(
        ts,
        t.decorator,
        DiagnosticCode.TracedNotAsync,
        `@traced can only decorate an async method or a method that returns a promise, but ${what}.`,
      ),
    );
  }
}

/**
 * A lowered decorator's expression in compiled output (an element of the list passed to
 * `__decorate`, `__esDecorate`, ...; see compiled-decorators.ts): `traced()` -> `traced(marker)`,
 * `traced("x")` -> `traced(marker("x"))`, `traced` -> `traced(marker)`, `(0, rt.traced)()` ->
 * `(0, rt.traced)(marker)`; `as` says whether the method's body records its frame (`body`) or it is
 * not async (`noAwait`). Undefined when the call's arguments cannot carry the marker.
 */
export function rewriteDecoratorExpression(
  cx: FileContext,
  expr: TS.Expression,
  visit: (n: TS.Node) => TS.Node,
  site: TS.Identifier,
  fn: FunctionNode,
  as: "body" | "noAwait" = "body",
): TS.Expression | undefined {
  const { ts, f } = cx;
  if (!ts.isCallExpression(expr) || boundMember(ts, expr) !== undefined) {
    // `visit` maps this very node back here: only its children may go through it.
    const inner = ts.visitEachChild(expr, visit, cx.context);
    return f.createCallExpression(inner, undefined, [transformedArg(cx, undefined, site, fn, as)]);
  }
  const args = expr.arguments;
  if (args.length > 1 || args.some((a) => ts.isSpreadElement(a))) return undefined;
  const arg = args[0];
  return f.updateCallExpression(expr, visit(expr.expression) as TS.Expression, expr.typeArguments, [
    transformedArg(cx, arg === undefined ? undefined : (visit(arg) as TS.Expression), site, fn, as),
  ]);
}

/** What `rewriteDecoratorExpression` will say about the argument, before it runs. */
export function decoratorExpressionInfo(cx: FileContext, expr: TS.Expression): TracedArgInfo | undefined {
  if (!cx.ts.isCallExpression(expr) || boundMember(cx.ts, expr) !== undefined) return {};
  const args = expr.arguments;
  if (args.length > 1 || args.some((a) => cx.ts.isSpreadElement(a))) return undefined;
  return tracedArgInfo(cx.ts, args[0]);
}

/** Whether a lowered decorator expression is the runtime's `traced` (`traced`, `traced(...)`, `(0, rt.traced)(...)`). */
export function isTracedExpression(cx: FileContext, expr: TS.Expression): boolean {
  const { ts } = cx;
  const bound = boundMember(ts, expr);
  if (bound !== undefined) return cx.detect.isTraced(bound);
  return cx.detect.isTraced(compiledCallee(ts, ts.isCallExpression(expr) ? expr.expression : expr));
}

/** `(0, rt.traced)` -> `rt.traced`: how compiled CommonJS calls an imported function without a `this`. */
function compiledCallee(ts: typeof TS, callee: TS.Expression): TS.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(callee)) callee = callee.expression;
    else if (ts.isBinaryExpression(callee) && callee.operatorToken.kind === ts.SyntaxKind.CommaToken) {
      callee = callee.right;
    } else return callee;
  }
}

/**
 * `@ns.traced` lowered with its `this` kept, as TypeScript 7 does: `(_a = ns).traced.bind(_a)`.
 * Gives `ns.traced` (a node to ask `detect` about) when `expr` has that shape: a bare decorator,
 * not a call of `traced` with `_a` as its argument.
 */
function boundMember(ts: typeof TS, expr: TS.Expression): TS.PropertyAccessExpression | undefined {
  if (!ts.isCallExpression(expr) || expr.arguments.length !== 1) return undefined;
  const bind = expr.expression;
  const self = expr.arguments[0];
  if (!ts.isPropertyAccessExpression(bind) || bind.name.text !== "bind" || self === undefined) return undefined;
  const member = bind.expression;
  if (!ts.isPropertyAccessExpression(member) || !ts.isParenthesizedExpression(member.expression)) return undefined;
  const assign = member.expression.expression;
  if (!ts.isBinaryExpression(assign) || assign.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const { left, right } = assign;
  if (!ts.isIdentifier(left) || !ts.isIdentifier(right) || !ts.isIdentifier(self) || self.text !== left.text) {
    return undefined;
  }
  // `detect` reads the namespace from the identifier; a node of the same shape as `ns.traced`.
  return ts.factory.createPropertyAccessExpression(right, member.name);
}
