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
