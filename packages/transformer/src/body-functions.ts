/**
 * A traced body is wrapped in blocks (the `try` of rewrite-function.ts, the blocks of an
 * `await using` body in rewrite-using.ts). Its function declarations stay in them, beside the
 * `let`, `const` and `class` declarations they may close over, except those a block would change:
 * they stay at the body's top level (`topLevelFunctions`). A function whose kept declarations would
 * then lose sight of a name the block hides is left as written (`keptFunctionsLoseNames`).
 */
import type * as TS from "typescript";

/**
 * The function declarations of a body that must stay at its top level, beside the header, when
 * the rest of the body moves into a block (the `try` that wraps it, rewrite-using.ts's blocks):
 * inside a block they would be block-scoped, where `var g; function g() {}` and two declarations of
 * one name are SyntaxErrors in strict code, and in sloppy code a function named as a parameter (or
 * `arguments`) would no longer assign it (mapped `arguments`). Only those: every other declaration
 * stays in the block, where it still sees the body's `let`, `const` and `class` declarations (moved
 * out of the block, a function closing over them threw a ReferenceError: p-map's `pMapIterable`).
 * Either way a declaration is hoisted: its place in the list changes nothing else. A function in
 * which such a declaration reads a name the block would hide from it is not rewritten at all
 * (`keptFunctionsLoseNames`).
 */
export function topLevelFunctions(
  ts: typeof TS,
  fnNode: TS.SignatureDeclaration,
  statements: readonly TS.Statement[],
): TS.Statement[] {
  const decls = statements.filter((s): s is TS.FunctionDeclaration => ts.isFunctionDeclaration(s));
  if (decls.length === 0) return [];
  const taken = new Set<string>(["arguments"]);
  for (const p of fnNode.parameters) bindingNames(ts, p.name, taken);
  for (const s of statements) varNames(ts, s, taken);
  const seen = new Set<string>();
  for (const d of decls) {
    const name = d.name?.text;
    if (name === undefined) continue;
    if (seen.has(name)) taken.add(name);
    seen.add(name);
  }
  return decls.filter((d) => d.name !== undefined && taken.has(d.name.text));
}

function bindingNames(ts: typeof TS, name: TS.BindingName, out: Set<string>): void {
  if (ts.isIdentifier(name)) {
    out.add(name.text);
    return;
  }
  for (const e of name.elements) if (!ts.isOmittedExpression(e)) bindingNames(ts, e.name, out);
}

/** The names `var` declares in `n`, nested blocks and loops included, not in nested functions or classes. */
function varNames(ts: typeof TS, n: TS.Node, out: Set<string>): void {
  if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
  if (ts.isVariableDeclarationList(n) && (n.flags & ts.NodeFlags.BlockScoped) === 0) {
    for (const d of n.declarations) bindingNames(ts, d.name, out);
  }
  ts.forEachChild(n, (c) => varNames(ts, c, out));
}

/**
 * Whether a declaration kept at the top level of `fn`'s body (`topLevelFunctions`) names something
 * the block around the rest would hide from it: a `let`, `const`, `using` or `class` of the body,
 * or a function declaration left in the block (block-scoped in strict code). Such a function is
 * left as written (visitor.ts): moved out, the declaration would throw a ReferenceError where the
 * untraced one reads the name. Names are matched by their text anywhere in the declaration, so a
 * false match (a property, a shadowing parameter) only leaves a function untraced. Only code that
 * TypeScript's checker rejects gets here (`var g` and `function g`, two `function g`, a function
 * named as a parameter), in JavaScript files and transpile-only builds.
 */
export function keptFunctionsLoseNames(ts: typeof TS, fn: TS.SignatureDeclaration): boolean {
  const body = (fn as { body?: TS.Node }).body;
  if (body === undefined || !ts.isBlock(body)) return false;
  const kept = topLevelFunctions(ts, fn, body.statements);
  if (kept.length === 0) return false;
  const hidden = new Set<string>();
  for (const s of body.statements) {
    if (ts.isVariableStatement(s) && (s.declarationList.flags & ts.NodeFlags.BlockScoped) !== 0) {
      for (const d of s.declarationList.declarations) bindingNames(ts, d.name, hidden);
    } else if ((ts.isClassDeclaration(s) || ts.isFunctionDeclaration(s)) && s.name !== undefined && !kept.includes(s)) {
      hidden.add(s.name.text);
    }
  }
  if (hidden.size === 0) return false;
  return kept.some((k) => mentions(ts, k, hidden));
}

/** Whether an identifier in `node` is spelled as one of `names`. */
function mentions(ts: typeof TS, node: TS.Node, names: ReadonlySet<string>): boolean {
  if (ts.isIdentifier(node)) return names.has(node.text);
  return ts.forEachChild(node, (c) => (mentions(ts, c, names) ? true : undefined)) === true;
}
