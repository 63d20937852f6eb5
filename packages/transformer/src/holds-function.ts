/**
 * Whether an expression of the user's holds a function literal of its own (an arrow, a function or
 * class expression, an object literal's method or accessor): then a hook call wrapped around it is
 * made through a detached callee (context.ts `Hooks.callee`), so that V8 names such a function as
 * it would without the hook. One walk of the expression, stopped at the first such node.
 */
import type * as TS from "typescript";
import { walk } from "./walk";

export function holdsFunction(ts: typeof TS, expression: TS.Node): boolean {
  let found = false;
  walk(ts, expression, (n) => {
    if (found) return false;
    if (
      ts.isArrowFunction(n) ||
      ts.isFunctionExpression(n) ||
      ts.isClassExpression(n) ||
      ts.isMethodDeclaration(n) ||
      ts.isAccessor(n)
    ) {
      found = true;
      return false;
    }
    return true;
  });
  return found;
}
