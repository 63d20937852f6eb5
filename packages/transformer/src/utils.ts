/** Small AST helpers shared by the rewrites. */
import type * as TS from "typescript";

/** A leading `"use strict";`-like statement (only meaningful at the start of a body or file). */
export function isDirective(ts: typeof TS, s: TS.Statement): boolean {
  return ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression);
}

/** How many statements at the start of `stmts` are directives. */
export function directiveCount(ts: typeof TS, stmts: readonly TS.Statement[]): number {
  let n = 0;
  while (n < stmts.length && isDirective(ts, stmts[n] as TS.Statement)) n++;
  return n;
}

/**
 * A body's function declarations, and its other statements, in order. A rewrite that wraps a
 * body in blocks keeps the declarations at its top level: in a nested block they are
 * block-scoped, where `var g; function g() {}` and two declarations of one name are SyntaxErrors
 * in strict code, and in sloppy code a function named as a parameter no longer assigns it
 * (mapped `arguments`). They are hoisted either way, so their place in the list changes nothing.
 */
export function splitFunctionDeclarations(
  ts: typeof TS,
  stmts: readonly TS.Statement[],
): { declarations: TS.Statement[]; rest: TS.Statement[] } {
  const declarations = stmts.filter((s) => ts.isFunctionDeclaration(s));
  return { declarations, rest: declarations.length === 0 ? [...stmts] : stmts.filter((s) => !ts.isFunctionDeclaration(s)) };
}
