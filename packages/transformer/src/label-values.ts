/**
 * Which identifiers of an awaited (yielded, returned, iterated) expression a label may read again
 * after the expression, for their values. Reading a variable a second time is invisible to the
 * program only when
 * - the first read certainly happened: the identifier is evaluated whenever the whole expression
 *   completes (not on the right of `&&`, `||`, `??` or their assignments, not in a branch of `?:`,
 *   not after a `?.` that can skip it, not in a default of a destructuring pattern, not inside a
 *   nested function or class). Otherwise the second read could be the first, and throw (a `const`
 *   still in its temporal dead zone) where the program did not;
 * - nothing can have changed it in between: a `const`, or a `let`/`var`/parameter of the same
 *   function that no other function and not the expression itself writes; never in a file with a
 *   direct `eval` (which can write or shadow any visible variable), never a parameter of a function
 *   that reads `arguments` (in sloppy mode `arguments[i] = v` writes the parameter).
 * Traversals are iterative: generated code awaits expressions thousands of terms deep.
 */
import type * as TS from "typescript";
import type { Scopes } from "./scope";

/** At most this many values per label: a label is for reading, not a dump of the arguments. */
export const MAX_VALUES = 6;

/** Unwrap parentheses and type-only wrappers. */
export function skipOuter(ts: typeof TS, e: TS.Expression): TS.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) e = e.expression;
    else if (ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
    else return e;
  }
}

/** Whether a `?.` at or below `n` in its chain of accesses and calls can skip `n` (and its arguments). */
function afterOptional(ts: typeof TS, n: TS.Node): boolean {
  for (let m: TS.Node = n; ; ) {
    if (ts.isPropertyAccessExpression(m) || ts.isElementAccessExpression(m) || ts.isCallExpression(m)) {
      if (m.questionDotToken !== undefined) return true;
      m = m.expression;
    } else if (
      ts.isNonNullExpression(m) ||
      // `(a?.b).c(x)`: the chain ends at the parentheses, and `.c` of undefined throws, so `x` is
      // evaluated whenever the expression completes; treated as skippable all the same (simpler, safe).
      ts.isParenthesizedExpression(m) ||
      ts.isAsExpression(m) ||
      ts.isSatisfiesExpression(m) ||
      ts.isTypeAssertionExpression(m)
    ) {
      m = m.expression;
    } else return false;
  }
}

function isShortCircuit(ts: typeof TS, k: TS.SyntaxKind): boolean {
  const K = ts.SyntaxKind;
  return (
    k === K.AmpersandAmpersandToken ||
    k === K.BarBarToken ||
    k === K.QuestionQuestionToken ||
    k === K.AmpersandAmpersandEqualsToken ||
    k === K.BarBarEqualsToken ||
    k === K.QuestionQuestionEqualsToken
  );
}

interface Item {
  n: TS.Node;
  /** Evaluation of `n` may be skipped while the whole expression still completes. */
  maybe: boolean;
  /** `n` is an argument of a call or `new` (a candidate value). */
  arg: boolean;
}

const evalFiles = new WeakMap<TS.SourceFile, boolean>();
const argumentsUsers = new WeakMap<TS.Node, boolean>();

/** Whether the file calls `eval(...)` directly anywhere. */
function hasDirectEval(ts: typeof TS, sf: TS.SourceFile): boolean {
  let known = evalFiles.get(sf);
  if (known === undefined) {
    known = sf.text.includes("eval") && someNode(ts, sf, (n) => isDirectEval(ts, n));
    evalFiles.set(sf, known);
  }
  return known;
}

function isDirectEval(ts: typeof TS, n: TS.Node): boolean {
  if (!ts.isCallExpression(n)) return false;
  const callee = skipOuter(ts, n.expression);
  return ts.isIdentifier(callee) && callee.text === "eval";
}

/** Whether function `fn` reads its own `arguments` (arrows inside it share it; other functions do not). */
function readsArguments(ts: typeof TS, scopes: Scopes, fn: TS.Node): boolean {
  let known = argumentsUsers.get(fn);
  if (known === undefined) {
    known = someNode(
      ts,
      fn,
      (n) => ts.isIdentifier(n) && n.text === "arguments",
      (n) => n !== fn && scopes.isFunctionLike(n) && !ts.isArrowFunction(n),
    );
    argumentsUsers.set(fn, known);
  }
  return known;
}

/** Whether `test` holds for a node under `root` (iteratively; `skip` prunes subtrees). */
function someNode(
  ts: typeof TS,
  root: TS.Node,
  test: (n: TS.Node) => boolean,
  skip?: (n: TS.Node) => boolean,
): boolean {
  const stack: TS.Node[] = [root];
  const push = (c: TS.Node): void => {
    stack.push(c);
  };
  while (stack.length > 0) {
    const n = stack.pop() as TS.Node;
    if (skip?.(n) === true) continue;
    if (test(n)) return true;
    ts.forEachChild(n, push);
  }
  return false;
}

/**
 * Identifier arguments of calls in `expr`, in source order, whose values a label may read again
 * after `expr` (see the file comment). `at` is where the label's values are read, `fn` the
 * traced function that contains it. `later`: the values are read again at every later iteration of
 * a `for await` over `expr` (after the loop's body ran, which may write any variable of `fn`), so
 * a `let`/`var`/parameter must not be written anywhere.
 */
export function capturable(
  ts: typeof TS,
  scopes: Scopes,
  expr: TS.Node,
  at: TS.Node,
  fn: TS.Node,
  later = false,
): TS.Expression[] {
  const out: TS.Expression[] = [];
  const sf = at.getSourceFile();
  if (hasDirectEval(ts, sf)) return out;
  const start = expr.getStart(sf);
  const end = expr.end;
  const ok = (id: TS.Identifier): boolean => {
    const name = id.text;
    if (name === "undefined" || name === "arguments" || name === "NaN" || name === "Infinity") return false;
    const d = scopes.resolve(name, at);
    if (d === undefined) return false;
    if (d.kind === "const") return true;
    if (d.kind !== "let" && d.kind !== "var" && d.kind !== "param") return false;
    if (d.kind === "param" && readsArguments(ts, scopes, d.fn)) return false;
    if (!scopes.isWritten(name, d)) return true;
    return !later && d.fn === fn && !scopes.writtenOutside(name, d, fn, start, end);
  };
  // Depth first, children pushed in reverse so that they pop in source order.
  const stack: Item[] = [{ n: expr, maybe: false, arg: false }];
  const kids: Item[] = [];
  while (stack.length > 0 && out.length < MAX_VALUES) {
    const { n, maybe, arg } = stack.pop() as Item;
    if (scopes.isFunctionLike(n) || ts.isClassLike(n)) continue;
    if (arg) {
      const inner = skipOuter(ts, n as TS.Expression);
      if (ts.isIdentifier(inner)) {
        if (!maybe && ok(inner)) out.push(n as TS.Expression);
        continue;
      }
    }
    kids.length = 0;
    if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && n.arguments !== undefined) {
      kids.push({ n: n.expression, maybe, arg: false });
      const skippable = maybe || (ts.isCallExpression(n) && afterOptional(ts, n));
      for (const a of n.arguments) kids.push({ n: a, maybe: skippable, arg: true });
    } else if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) {
      kids.push({ n: n.expression, maybe, arg: false });
      if (ts.isElementAccessExpression(n)) {
        kids.push({ n: n.argumentExpression, maybe: maybe || afterOptional(ts, n), arg: false });
      }
    } else if (ts.isBinaryExpression(n)) {
      const k = n.operatorToken.kind;
      const pattern =
        k === ts.SyntaxKind.EqualsToken &&
        (ts.isObjectLiteralExpression(n.left) || ts.isArrayLiteralExpression(n.left));
      // A destructuring target's defaults run only for missing values.
      kids.push({ n: n.left, maybe: maybe || pattern, arg: false });
      kids.push({ n: n.right, maybe: maybe || isShortCircuit(ts, k), arg: false });
    } else if (ts.isConditionalExpression(n)) {
      kids.push({ n: n.condition, maybe, arg: false });
      kids.push({ n: n.whenTrue, maybe: true, arg: false });
      kids.push({ n: n.whenFalse, maybe: true, arg: false });
    } else {
      ts.forEachChild(n, (c) => {
        kids.push({ n: c, maybe, arg: false });
      });
    }
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as Item);
  }
  return out;
}
