/**
 * `Promise.all(xs)` (and `allSettled`, `race`, `any`) in traced code →
 * `$at.join(Promise.all($j = xs), $j)`: the result stands for the frames of its inputs, so a wait
 * on it holds them as siblings. `xs` is evaluated once, in its place; the runtime reads it only if
 * it is an array (a user's iterable is never iterated a second time).
 */
import type * as TS from "typescript";
import type { FileContext, FnContext } from "./context";

const JOINS = new Set(["all", "allSettled", "race", "any"]);

export function isJoin(cx: FileContext, node: TS.CallExpression): boolean {
  const { ts } = cx;
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.name) || !JOINS.has(callee.name.text)) {
    return false;
  }
  if (!ts.isIdentifier(callee.expression) || !cx.detect.isGlobalPromise(callee.expression)) return false;
  return node.arguments.length === 1 && !ts.isSpreadElement(node.arguments[0] as TS.Expression);
}

export function rewriteJoin(
  cx: FileContext,
  fn: FnContext,
  node: TS.CallExpression,
  visit: (n: TS.Node) => TS.Node,
): TS.Expression {
  const { f, hooks } = cx;
  if (fn.join === undefined) fn.join = f.createUniqueName("$j");
  const tmp = fn.join;
  const input = visit(node.arguments[0] as TS.Expression) as TS.Expression;
  const call = f.updateCallExpression(node, visit(node.expression) as TS.Expression, node.typeArguments, [
    f.createAssignment(tmp, input),
  ]);
  return hooks.call("join", [call, tmp]);
}
