/**
 * `Promise.all(xs)` (and `allSettled`, `race`, `any`) in traced code →
 * `$at.join(Promise.all(($j = [$at.mark($f), xs])[1]), $j[1], $f, $j[0], false, $j = void 0)`: the result stands for
 * the frames of its inputs, so a wait on it holds them as siblings. Those frames are the ones the
 * inputs' promises are tagged with, and the frames this function started while `xs` was evaluated
 * (since the mark): a traced call whose body opened its own frame (a decorated method with no
 * wrapper, a `traceAll` function) tags no promise. `xs` is evaluated once, in its place; the
 * runtime reads it only if it is an array (a user's iterable is never iterated a second time). The
 * pair is assigned after `xs` is evaluated, so a join nested in `xs` does not disturb it.
 *
 * A join that is the operand of an `await` itself (`await Promise.all(xs)`, through parentheses
 * and type assertions) gets `true` as its fifth argument (others `false`): nothing but that await can see its result,
 * and the await's wait claims the frames started while `xs` was evaluated anyway, so the runtime
 * tags the result only when the inputs may carry tags of their own (a tag costs a WeakMap entry,
 * and while one is live every await looks for tags). A runtime that predates it ignores it.
 */
import type * as TS from "typescript";
import type { FileContext, FnContext } from "./context";
import { holdsFunction } from "./holds-function";
import { skipOuter } from "./label-values";

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

/** The join call an `await` waits on directly (see above), or undefined. */
export function awaitedJoin(cx: FileContext, node: TS.AwaitExpression): TS.CallExpression | undefined {
  const e = skipOuter(cx.ts, node.expression);
  return cx.ts.isCallExpression(e) && isJoin(cx, e) ? e : undefined;
}

export function rewriteJoin(
  cx: FileContext,
  fn: FnContext,
  node: TS.CallExpression,
  visit: (n: TS.Node) => TS.Node,
  awaited: boolean,
): TS.Expression {
  const { f, hooks } = cx;
  if (fn.join === undefined) fn.join = cx.names.next("$j");
  const tmp = fn.join;
  const input = visit(node.arguments[0] as TS.Expression) as TS.Expression;
  const pair = f.createArrayLiteralExpression([hooks.call("mark", [fn.frame]), input]);
  const call = f.updateCallExpression(node, visit(node.expression) as TS.Expression, node.typeArguments, [
    f.createElementAccessExpression(f.createParenthesizedExpression(f.createAssignment(tmp, pair)), 1),
  ]);
  const args: TS.Expression[] = [
    call,
    f.createElementAccessExpression(tmp, 1),
    fn.frame,
    f.createElementAccessExpression(tmp, 0),
  ];
  // The last argument clears the temporary once the join has read it (`$j = void 0`, evaluated
  // after the others and ignored by the runtime): it would otherwise keep the input array, and the
  // values of the promises in it, alive until the function returns (corpus program 343).
  args.push(awaited ? f.createTrue() : f.createFalse(), f.createAssignment(tmp, f.createVoidZero()));
  return hooks.call("join", args, holdsFunction(cx.ts, node)); // detached: see context.ts `Hooks.callee`
}
