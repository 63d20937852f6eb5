/**
 * TypeScript's own syntax in an awaited expression, left out of its label: a label shows the
 * expression as it runs (`get(id)`, not `get<number | string>(id)` or `(get(id) as Promise<N>)`),
 * the same on every route (tspc, the Node hooks and the bundler plugins all read TypeScript source).
 *
 * Each range is found from the node's own positions, never by scanning text: a node's `pos` starts
 * right after the token before it (its leading trivia included), so the `<` of a type argument list
 * ends at the list's `pos`, the `(` of an argument list likewise, and the `:` of an annotation at the
 * type's `pos`. A range is taken only when that character is the one expected.
 */
import type * as TS from "typescript";
import type { Replacement } from "./labels";

/** The ranges of `node`'s text that are types only (as `Replacement`s by "", in source order). */
export function typeOnlyRanges(ts: typeof TS, sf: TS.SourceFile, node: TS.Node): Replacement[] {
  const text = sf.text;
  const out: Replacement[] = [];
  const cut = (start: number, end: number, opens: string): void => {
    if (start < end && text[start] === opens) out.push({ start, end, text: "" });
  };
  /**
   * A list bracketed by `<` and `>`, from `from` (the end of what it follows: `get` of `get<T>(x)`,
   * so that trivia before the `<` goes too) to `next`, the token after the `>` (`(`, a template, the end).
   */
  const typeList = (list: TS.NodeArray<TS.Node> | undefined, from: number, next: number): void => {
    if (list !== undefined && text[list.pos - 1] === "<" && from < next) out.push({ start: from, end: next, text: "" });
  };
  /** `: T`, an annotation whose colon is the token just before the type. */
  const annotation = (type: TS.TypeNode | undefined): void => {
    if (type !== undefined) cut(type.pos - 1, type.end, ":");
  };
  // `await (p as Promise<Row>)`: the parentheses were there for the type only, and JavaScript
  // (what TypeScript emits, what the module hook reads in compiled output) has `await p`.
  if (ts.isParenthesizedExpression(node) && typeOnlyWrapper(ts, node.expression)) {
    out.push({ start: node.getStart(sf), end: node.expression.getStart(sf), text: "" });
    out.push({ start: node.expression.end, end: node.end, text: "" });
  }
  // Iterative, as labels.ts: generated code awaits expressions thousands of terms deep.
  const stack: TS.Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as TS.Node;
    if (ts.isTypeNode(n)) continue; // a type is cut whole by its parent, never entered
    if (ts.isCallExpression(n)) {
      typeList(n.typeArguments, (n.questionDotToken ?? n.expression).end, n.arguments.pos - 1);
    } else if (ts.isNewExpression(n)) {
      typeList(n.typeArguments, n.expression.end, n.arguments === undefined ? n.end : n.arguments.pos - 1);
    } else if (ts.isTaggedTemplateExpression(n)) {
      typeList(n.typeArguments, n.tag.end, n.template.pos);
    } else if (ts.isExpressionWithTypeArguments(n) && !ts.isHeritageClause(n.parent)) {
      typeList(n.typeArguments, n.expression.end, n.end);
    } else if (ts.isAsExpression(n) || ts.isSatisfiesExpression(n) || ts.isNonNullExpression(n)) {
      out.push({ start: n.expression.end, end: n.end, text: "" });
    } else if (ts.isTypeAssertionExpression(n)) {
      cut(n.getStart(sf), n.expression.pos, "<");
    } else if (ts.isParameter(n)) {
      annotation(n.type);
      // `w?`: an optional parameter's mark (the token just before its annotation or its end).
      if (n.questionToken !== undefined) cut(n.questionToken.end - 1, n.questionToken.end, "?");
    } else if (ts.isVariableDeclaration(n) || ts.isPropertyDeclaration(n)) {
      annotation(n.type);
    } else if (ts.isFunctionLike(n)) {
      annotation(n.type);
      const params = n.typeParameters;
      if (params !== undefined) typeList(params, params.pos - 1, n.parameters.pos - 1);
    }
    ts.forEachChild(n, (c) => {
      stack.push(c);
    });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** `e as T`, `e satisfies T`, `<T>e` or `e!` around an expression that needs no parentheses of its own. */
function typeOnlyWrapper(ts: typeof TS, e: TS.Expression): boolean {
  let inner: TS.Expression = e;
  let wrapped = false;
  while (ts.isAssertionExpression(inner) || ts.isSatisfiesExpression(inner) || ts.isNonNullExpression(inner)) {
    inner = inner.expression;
    wrapped = true;
  }
  return wrapped && ts.isLeftHandSideExpression(inner);
}
