/**
 * Suspension points of a traced function: `await`, `yield` and `return` of async generators,
 * `for await`. Each becomes a wait: `suspend` right before the function gives up control (it
 * returns the awaited value itself, so `await x` still awaits `x`), `resume` right after.
 * `mark` is evaluated before the awaited expression, and the label's values after it, so nothing is
 * evaluated twice and the program's order of evaluation is unchanged.
 */
import type * as TS from "typescript";
import type { FileContext, FnContext } from "./context";
import { holdsFunction } from "./holds-function";
import { expressionLabel, skipOuter } from "./labels";
import { closingBrace, mapTryTail, unmapOpenBrace } from "./source-map-tails";

function isSingleCall(ts: typeof TS, e: TS.Expression): boolean {
  const inner = skipOuter(ts, e);
  if (!ts.isCallExpression(inner)) return false;
  // A join stands for several calls: never printed folded into one of them.
  const callee = inner.expression;
  return !(
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === "Promise" &&
    ["all", "allSettled", "race", "any"].includes(callee.name.text)
  );
}

/** `$at.<hook>($f, site, $at.mark($f), value, vals)` for a wait on `value` labelled from `labelled`. */
function suspendCall(
  cx: FileContext,
  fn: FnContext,
  at: TS.Node,
  labelled: TS.Node | undefined,
  value: TS.Expression,
  opts: {
    prefix?: string;
    suffix?: string;
    text?: string;
    call?: boolean;
    hook?: "suspend" | "returning";
    later?: boolean;
    /** The site of the same wait with the same parts, when one was made (a `for await`'s first wait). */
    same?: { site: TS.Identifier; parts: readonly string[] };
  },
): { call: TS.CallExpression; site: TS.Identifier; parts: string[]; detached: boolean } {
  const { ts, hooks, sites, scopes, options, originalNames } = cx;
  let parts: string[];
  let values: TS.Identifier[] = [];
  if (labelled === undefined) parts = [opts.text ?? ""];
  else {
    const l = expressionLabel(ts, scopes, labelled, at, fn.node, options.maxLabelLength, opts, originalNames);
    parts = l.parts;
    values = l.values;
  }
  const same = opts.same;
  const site =
    same !== undefined && same.parts.length === parts.length && same.parts.every((p, i) => p === parts[i])
      ? same.site
      : sites.add({ parts, at, call: opts.call === true });
  // The user's function literals in the operand are named by V8 as without the hook (context.ts).
  const detached = labelled !== undefined && holdsFunction(ts, labelled);
  const call = hooks.call(
    opts.hook ?? "suspend",
    [fn.frame, site, hooks.call("mark", [fn.frame]), value, ...hooks.values(values)],
    detached,
  );
  return { call, site, parts, detached };
}

/**
 * `await x` → `(($t = await $at.suspend($f, $s, $at.mark($f), x, vals), $at.resume)?.($f, $t, $t = void 0))`.
 *
 * Not `$at.resume($f, await ...)`: a call's callee and receiver are evaluated before its
 * arguments, so they would be held across the await, saved into the suspended function's register
 * file and restored on every resumption (measured: 24 instructions per await, bench/instructions.mjs,
 * docs/performance.md). `$t = void 0` lets the awaited value go as the untransformed function
 * would: the temporary does not keep it alive through the function's later awaits.
 *
 * An optional call, because V8 quotes the expression around a failure in a `TypeError`'s message,
 * and quotes an optional chain as `(intermediate value)`, as it quotes the `await` itself:
 * `(await load())()` still throws `(intermediate value) is not a function`, and `const { a } =
 * await f()` `Cannot destructure property 'a' of '(intermediate value)'`, where a comma expression
 * would be quoted as `($t , $at.resume(...))`. `resume` is never nullish, so it always runs. Where
 * the output lowers `?.` (a target below ES2020) it would be a conditional with a temporary: the
 * comma expression `($t = await ..., $at.resume($f, $t, $t = void 0))` is kept there.
 */
export function rewriteAwait(
  cx: FileContext,
  fn: FnContext,
  node: TS.AwaitExpression,
  operand: TS.Expression,
): TS.Expression {
  const { ts, f, hooks } = cx;
  const suspend = suspendCall(cx, fn, node, node.expression, operand, { call: isSingleCall(ts, node.expression) }).call;
  if (fn.resumed === undefined) fn.resumed = cx.names.next("$t");
  const t = fn.resumed;
  const awaited = f.createAssignment(t, f.createAwaitExpression(suspend));
  const args = [fn.frame, t, f.createAssignment(t, f.createVoidZero())];
  const out = cx.keepsOptionalChains
    ? f.createParenthesizedExpression(
        hooks.optionalCall(
          f.createParenthesizedExpression(f.createCommaListExpression([awaited, hooks.callee("resume")])),
          args,
        ),
      )
    : f.createParenthesizedExpression(f.createCommaListExpression([awaited, hooks.call("resume", args)]));
  return ts.setTextRange(out, node);
}

/**
 * In an async generator: `yield x` → `$at.resume?.($f, yield $at.suspend($f, $s, $at.mark($f), x))`
 * (an optional call where the output keeps `?.`, for V8's messages: see `rewriteAwait`).
 */
export function rewriteYield(
  cx: FileContext,
  fn: FnContext,
  node: TS.YieldExpression,
  operand: TS.Expression | undefined,
): TS.Expression {
  const { ts, f, hooks } = cx;
  const star = node.asteriskToken !== undefined;
  const prefix = star ? "yield* " : "yield ";
  const { call: suspend, detached } =
    node.expression === undefined
      ? suspendCall(cx, fn, node, undefined, f.createVoidZero(), { text: "yield" })
      : suspendCall(cx, fn, node, node.expression, operand as TS.Expression, { prefix });
  const y = star
    ? f.createYieldExpression(f.createToken(ts.SyntaxKind.AsteriskToken), suspend)
    : f.createYieldExpression(undefined, suspend);
  // `resume`'s callee comes before the operand too: detached with `suspend`'s (context.ts).
  const resumed = cx.keepsOptionalChains
    ? f.createParenthesizedExpression(hooks.optionalCall(hooks.callee("resume", detached), [fn.frame, y]))
    : hooks.call("resume", [fn.frame, y], detached);
  return ts.setTextRange(resumed, node);
}

/**
 * In an async generator, `return x` awaits `x` before the generator completes:
 * `return $at.suspend($f, $s, $at.mark($f), x)`; the frame's exit closes that wait.
 */
export function rewriteGeneratorReturn(
  cx: FileContext,
  fn: FnContext,
  node: TS.ReturnStatement,
  operand: TS.Expression,
): TS.Statement {
  const suspend = suspendCall(cx, fn, node, node.expression, operand, { prefix: "return " }).call;
  return cx.f.updateReturnStatement(node, suspend);
}

/**
 * Whether a returned expression can stand for pending work: not a literal, not a function, array
 * or object literal (an async function's promise does not wait for what those contain), not an
 * operator whose result is a primitive, and not an `await` (the work is over when the `return` runs).
 */
function mayBePending(ts: typeof TS, e: TS.Expression): boolean {
  const inner = skipOuter(ts, e);
  switch (inner.kind) {
    case ts.SyntaxKind.AwaitExpression:
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TemplateExpression:
    case ts.SyntaxKind.RegularExpressionLiteral:
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
    case ts.SyntaxKind.VoidExpression:
    case ts.SyntaxKind.TypeOfExpression:
    case ts.SyntaxKind.ArrayLiteralExpression:
    case ts.SyntaxKind.ObjectLiteralExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ClassExpression:
      return false;
    case ts.SyntaxKind.PrefixUnaryExpression:
    case ts.SyntaxKind.PostfixUnaryExpression:
    case ts.SyntaxKind.DeleteExpression:
      return false;
    case ts.SyntaxKind.BinaryExpression: {
      // Arithmetic, comparisons and compound assignments give a primitive: only these pass a value on.
      const k = (inner as TS.BinaryExpression).operatorToken.kind;
      const K = ts.SyntaxKind;
      return (
        k === K.AmpersandAmpersandToken ||
        k === K.BarBarToken ||
        k === K.QuestionQuestionToken ||
        k === K.CommaToken ||
        k === K.EqualsToken ||
        k === K.AmpersandAmpersandEqualsToken ||
        k === K.BarBarEqualsToken ||
        k === K.QuestionQuestionEqualsToken
      );
    }
    default:
      return !(ts.isIdentifier(inner) && inner.text === "undefined");
  }
}

/**
 * In a traced async function (not a generator), `return x` without `await` →
 * `return $at.returning($f, $s, $at.mark($f), x, vals)`: a wait on what the function returns,
 * labelled like `await x`, which keeps the frame until the work it claimed ends (see the runtime's
 * core/returning.ts). `returning` returns `x` itself. `original` is the source expression (for the
 * label), `operand` its rewritten form, `at` where the wait is located. Returns `operand` unchanged
 * when `x` cannot stand for pending work.
 */
export function returnedValue(
  cx: FileContext,
  fn: FnContext,
  at: TS.Node,
  original: TS.Expression,
  operand: TS.Expression,
): TS.Expression {
  if (!mayBePending(cx.ts, original)) return operand;
  return suspendCall(cx, fn, at, original, operand, { call: isSingleCall(cx.ts, original), hook: "returning" }).call;
}

/** `return x` in a traced async function: see `returnedValue`. */
export function rewriteReturn(
  cx: FileContext,
  fn: FnContext,
  node: TS.ReturnStatement,
  original: TS.Expression,
  operand: TS.Expression,
): TS.Statement {
  return cx.f.updateReturnStatement(node, returnedValue(cx, fn, node, original, operand));
}

/**
 * `for await (h of xs) body` →
 * ```
 * try {
 *   for await (h of $at.suspend($f, $s, $at.mark($f), xs)) {
 *     $at.resumeThrown($f);
 *     try { body } finally { $at.resumeThrown($f); $at.suspend($f, $s2, $at.mark($f), undefined, vals2); }
 *   }
 * } finally { $at.resumeThrown($f); }
 * ```
 * Every way out of an iteration (end of body, `continue`, `break`, `return`, throw) goes through
 * the inner `finally`, right before the loop awaits `next()` (or `return()`) of the iterator; every
 * way out of the loop goes through the outer one. Labels stay on the loop itself.
 *
 * The later waits read the label's values again after the body ran: only those that nothing
 * writes (`vals2`; the others print as written). `$s2` is `$s` when that keeps every value, else a
 * site of the same place with fewer holes. Until 2026-12-05 they passed no values at all, and every
 * hole printed `undefined`: `for await (const [data] of on(undefined, "message"))` from a ws
 * server's second message on (the ws audit).
 */
export function rewriteForAwait(
  cx: FileContext,
  fn: FnContext,
  node: TS.ForOfStatement,
  visit: (n: TS.Node) => TS.Node,
  labels: readonly TS.LabeledStatement[],
): TS.Statement {
  const { ts, f, hooks } = cx;
  const sf = cx.sf;
  const head = node.initializer;
  const headText = sf.text.slice(head.getStart(sf), head.end).replace(/\s+/g, " ");
  const prefix = `for await (${headText} of `;
  const iterable = visit(node.expression) as TS.Expression;
  // The first `next()` (right after the iterable was evaluated: every value of `await`'s rule).
  const {
    call: first,
    site,
    parts: firstParts,
  } = suspendCall(cx, fn, node.awaitModifier ?? node, node.expression, iterable, {
    prefix,
    suffix: ")",
  });
  // The later `next()`s: the same place, labelled with the values no iteration can have changed.
  const { call: later } = suspendCall(cx, fn, node.awaitModifier ?? node, node.expression, f.createVoidZero(), {
    prefix,
    suffix: ")",
    later: true,
    same: { site, parts: firstParts },
  });
  // A rejected await in the body reaches this `finally` with its wait still open: close it first.
  const again = [hooks.stmt("resumeThrown", [fn.frame]), f.createExpressionStatement(later)];
  const body = visit(node.statement) as TS.Statement;
  // Its `{` unmapped: the `for await (...) {` line keeps the loop block's own (source-map-tails.ts).
  const bodyBlock = ts.isBlock(body) ? unmapOpenBrace(ts, body) : f.createBlock([body], true);
  // What runs after the body, and after the loop, maps to the body's `}` (source-map-tails.ts).
  const close = closingBrace(sf, node.statement);
  const inner = f.createBlock(
    [
      hooks.stmt("resumeThrown", [fn.frame]),
      mapTryTail(ts, sf, f.createTryStatement(bodyBlock, undefined, f.createBlock(again, true)), close),
    ],
    true,
  );
  if (close >= 0) {
    ts.setTokenSourceMapRange(inner, ts.SyntaxKind.OpenBraceToken, {
      pos: node.statement.getStart(sf),
      end: node.statement.getStart(sf) + 1,
    });
    ts.setTokenSourceMapRange(inner, ts.SyntaxKind.CloseBraceToken, { pos: close, end: close + 1 });
  }
  let loop: TS.Statement = f.updateForOfStatement(
    node,
    node.awaitModifier,
    visit(node.initializer) as TS.ForInitializer,
    first,
    inner,
  );
  for (let i = labels.length - 1; i >= 0; i--) {
    const l = labels[i] as TS.LabeledStatement;
    loop = f.updateLabeledStatement(l, l.label, loop);
  }
  return mapTryTail(
    ts,
    sf,
    f.createTryStatement(
      f.createBlock([loop], true),
      undefined,
      f.createBlock([hooks.stmt("resumeThrown", [fn.frame])], true),
    ),
    close,
  );
}
