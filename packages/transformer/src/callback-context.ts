/**
 * Where an anonymous function was passed: ` in app.get("/users/:id", …)` after the frame label of
 * `app.get("/users/:id", async (req, res) => { ... })`'s callback. A frame labelled `<anonymous>(…)`
 * alone says nothing of what it is (an Express route's handler, an ORM's transaction callback,
 * commander's action: found by the MikroORM and Express audits, 2026-12-05); the call it was passed
 * to usually does. The label still starts with `<anonymous>`: a dump keeps such a frame apart from
 * the wait above it (format/snapshot.ts `keepAnonymousCallback`), and stack traces name it so.
 *
 * Only the call's callee and its short literal arguments are shown; every other argument (the
 * function itself included) is `…`. A callee that is not a plain chain of names, members and calls
 * (compiled code's `(0, lib_1.f)(...)`), or whose source is long, gives no context: its text would
 * not help, and a long callee's text costs as much as its size, for every callback passed along a
 * generated chain (`p.then(...).then(...)...`).
 */
import type * as TS from "typescript";
import { shorten, textLabel } from "./labels";

/** Arguments shown as written: short literals (`"/users/:id"`, `100`, `true`). */
const MAX_LITERAL = 32;

/** `node` itself, or the parentheses and type assertions around it, outermost: what its parent sees. */
function outermost(ts: typeof TS, node: TS.Node): TS.Node {
  let n = node;
  let p = n.parent;
  while (
    p !== undefined &&
    (ts.isParenthesizedExpression(p) ||
      ts.isAsExpression(p) ||
      ts.isSatisfiesExpression(p) ||
      ts.isNonNullExpression(p) ||
      ts.isTypeAssertionExpression(p))
  ) {
    n = p;
    p = p.parent;
  }
  return n;
}

/** The call or `new` that `fn` is an argument of, with `fn` as it stands among the arguments. */
function callOf(ts: typeof TS, fn: TS.Node): { call: TS.CallExpression | TS.NewExpression; arg: TS.Node } | undefined {
  const arg = outermost(ts, fn);
  const p = arg.parent;
  if (p === undefined || !(ts.isCallExpression(p) || ts.isNewExpression(p))) return undefined;
  if (p.arguments === undefined || !p.arguments.some((a) => a === arg)) return undefined;
  return { call: p, arg };
}

/**
 * The `await` (or `return`) whose operand is the call that `fn` is passed to (`await
 * db.transaction(async (tx) => ...)`): the wait that function's frame runs under when the callee
 * calls it at once. Its site's location goes into the frame's site (`SiteInit.passedToWait`), so a
 * dump may fold that wait and the callback into one line, as it folds a wait and the frame of the
 * function it calls; a callback the callee kept and some other call runs later stays apart.
 */
export function awaitOfCall(ts: typeof TS, fn: TS.Node): TS.AwaitExpression | TS.ReturnStatement | undefined {
  const passed = callOf(ts, fn);
  if (passed === undefined) return undefined;
  const p = outermost(ts, passed.call).parent;
  return p !== undefined && (ts.isAwaitExpression(p) || ts.isReturnStatement(p)) ? p : undefined;
}

/** ` in callee(args)`, or "" when `fn` is not an argument of a call or `new`. */
export function passedTo(ts: typeof TS, fn: TS.Node, max: number): string {
  const passed = callOf(ts, fn);
  if (passed === undefined) return "";
  const { call: p, arg } = passed;
  const args = p.arguments ?? [];
  const callee = p.expression;
  const sf = fn.getSourceFile();
  // The length first: the chain's walk is as long as the chain.
  if (callee.end - callee.getStart(sf) > 4 * max || !isPlainChain(ts, callee)) return "";
  const shown = args.map((a) => (a === arg ? "…" : literalText(ts, a, sf)));
  const head = `${ts.isNewExpression(p) ? "new " : ""}${textLabel(ts, callee, max)}`;
  return ` in ${shorten([`${head}(${shown.join(", ")})`], max)[0] as string}`;
}

/** Names, `this`, `super`, members and calls down the left spine (`a.b(c).d`, `this.em.run`). */
function isPlainChain(ts: typeof TS, node: TS.Node): boolean {
  let n: TS.Node = node;
  for (;;) {
    if (ts.isIdentifier(n) || n.kind === ts.SyntaxKind.ThisKeyword || n.kind === ts.SyntaxKind.SuperKeyword)
      return true;
    if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n) || ts.isNonNullExpression(n))
      n = n.expression;
    else if (ts.isCallExpression(n)) n = n.expression;
    else return false;
  }
}

function literalText(ts: typeof TS, a: TS.Expression, sf: TS.SourceFile): string {
  const literal =
    ts.isStringLiteral(a) ||
    ts.isNumericLiteral(a) ||
    ts.isNoSubstitutionTemplateLiteral(a) ||
    a.kind === ts.SyntaxKind.TrueKeyword ||
    a.kind === ts.SyntaxKind.FalseKeyword ||
    a.kind === ts.SyntaxKind.NullKeyword;
  if (!literal) return "…";
  const text = a.getText(sf);
  return text.length <= MAX_LITERAL && !text.includes("\n") ? text : "…";
}
