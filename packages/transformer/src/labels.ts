/**
 * Labels derived from source text: the awaited expression, whitespace-normalised and without
 * comments, with identifier arguments left as holes for their runtime values (`fetchUser(42)`),
 * and shortened. Only the holes' values are stored at run time.
 */
import type * as TS from "typescript";
import type { Scopes } from "./scope";

export interface LabelTemplate {
  /** Static pieces around the values: `["fetchUser(", ")"]`. */
  parts: string[];
  /** The identifiers whose values fill the holes, in order. */
  values: TS.Identifier[];
}

/** At most this many values per label: a label is for reading, not a dump of the arguments. */
const MAX_VALUES = 6;
const NO_SPACE_AFTER = new Set(["(", "[", "."]);
const NO_SPACE_BEFORE = new Set([")", "]", ",", ".", ";"]);

/** Source text of `[start, end)` with `holes` cut out, normalised. */
export function normalisedParts(
  ts: typeof TS,
  sf: TS.SourceFile,
  node: TS.Node,
  start: number,
  end: number,
  holes: ReadonlyArray<{ start: number; end: number }>,
): string[] {
  const text = sf.text;
  const verbatim: Array<[number, number]> = [];
  const collect = (n: TS.Node): void => {
    if (
      ts.isStringLiteral(n) ||
      ts.isNoSubstitutionTemplateLiteral(n) ||
      ts.isTemplateHead(n) ||
      ts.isTemplateMiddle(n) ||
      ts.isTemplateTail(n) ||
      ts.isRegularExpressionLiteral(n) ||
      ts.isJsxText(n)
    ) {
      verbatim.push([n.getStart(sf), n.end]);
      return;
    }
    ts.forEachChild(n, collect);
  };
  collect(node);
  verbatim.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let out = "";
  let pendingSpace = false;
  let lastChar = "";
  let v = 0;
  let h = 0;
  const emit = (s: string) => {
    if (s === "") return;
    // A trailing comma before a closing bracket says nothing in a one-line label.
    if ((s[0] === ")" || s[0] === "]") && lastChar === ",") {
      out = out.slice(0, -1);
      lastChar = out[out.length - 1] ?? "";
    }
    if (pendingSpace && lastChar !== "" && !NO_SPACE_AFTER.has(lastChar) && !NO_SPACE_BEFORE.has(s[0] as string)) {
      out += " ";
    }
    pendingSpace = false;
    out += s;
    lastChar = s[s.length - 1] as string;
  };
  let i = start;
  while (i < end) {
    const hole = holes[h];
    if (hole !== undefined && i === hole.start) {
      emit("\u0000");
      parts.push(out.slice(0, -1));
      out = "";
      i = hole.end;
      h++;
      continue;
    }
    while (v < verbatim.length && (verbatim[v] as [number, number])[1] <= i) v++;
    const lit = verbatim[v];
    if (lit !== undefined && lit[0] <= i) {
      const stop = Math.min(lit[1], end, hole?.start ?? end);
      emit(text.slice(i, stop));
      i = stop;
      continue;
    }
    const ch = text[i] as string;
    if (ch === "/" && text[i + 1] === "/") {
      while (i < end && text[i] !== "\n") i++;
      pendingSpace = true;
    } else if (ch === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      i = close < 0 || close + 2 > end ? end : close + 2;
      pendingSpace = true;
    } else if (/\s/.test(ch)) {
      pendingSpace = true;
      i++;
    } else {
      emit(ch);
      i++;
    }
  }
  parts.push(out);
  return parts;
}

/** Cut a label whose static text is longer than `max`, dropping the holes after the cut. */
export function shorten(parts: string[], max: number): string[] {
  let total = 0;
  for (const p of parts) total += p.length;
  if (total <= max) return parts;
  const out: string[] = [];
  let budget = max - 1;
  for (const p of parts) {
    if (p.length > budget) {
      out.push(`${p.slice(0, Math.max(0, budget)).trimEnd()}…`);
      return out;
    }
    out.push(p);
    budget -= p.length;
  }
  return out;
}

/** Unwrap parentheses and type-only wrappers. */
export function skipOuter(ts: typeof TS, e: TS.Expression): TS.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) e = e.expression;
    else if (ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
    else return e;
  }
}

/**
 * Identifier arguments of calls in `expr` whose value may be read again after `expr` for the
 * label: local bindings that nothing can have reassigned while `expr` ran (no getter, no import,
 * no global is ever read a second time).
 */
function capturable(ts: typeof TS, scopes: Scopes, expr: TS.Node, at: TS.Node, fn: TS.Node): TS.Expression[] {
  const out: TS.Expression[] = [];
  const sf = at.getSourceFile();
  const start = expr.getStart(sf);
  const end = expr.end;
  const ok = (id: TS.Identifier): boolean => {
    const name = id.text;
    if (name === "undefined" || name === "arguments" || name === "NaN" || name === "Infinity") return false;
    const d = scopes.resolve(name, at);
    if (d === undefined) return false;
    if (d.kind === "const") return true;
    if (d.kind !== "let" && d.kind !== "var" && d.kind !== "param") return false;
    if (!scopes.isWritten(name)) return true;
    return d.fn === fn && !scopes.writtenOutside(name, fn, start, end);
  };
  const visit = (n: TS.Node): void => {
    if (out.length >= MAX_VALUES || scopes.isFunctionLike(n) || ts.isClassLike(n)) return;
    if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && n.arguments !== undefined) {
      ts.forEachChild(n.expression, visit);
      for (const a of n.arguments) {
        const inner = skipOuter(ts, a);
        if (ts.isIdentifier(inner) && out.length < MAX_VALUES && ok(inner)) out.push(a);
        else visit(a);
      }
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(expr);
  return out;
}

/** The label of a wait on `expr` (`prefix` for `yield`, `for await`, ...). */
export function expressionLabel(
  ts: typeof TS,
  scopes: Scopes,
  expr: TS.Node,
  at: TS.Node,
  fn: TS.Node,
  max: number,
  prefix = "",
  suffix = "",
): LabelTemplate {
  const sf = at.getSourceFile();
  const holes = capturable(ts, scopes, expr, at, fn);
  const parts = normalisedParts(
    ts,
    sf,
    expr,
    expr.getStart(sf),
    expr.end,
    holes.map((h) => ({ start: h.getStart(sf), end: h.end })),
  );
  parts[0] = prefix + parts[0];
  parts[parts.length - 1] += suffix;
  const short = shorten(parts, max);
  const values = holes.slice(0, short.length - 1).map((h) => skipOuter(ts, h) as TS.Identifier);
  return { parts: short, values };
}

/** A label that is plain text (normalised and shortened), no values. */
export function textLabel(ts: typeof TS, node: TS.Node, max: number, prefix = "", suffix = ""): string {
  const sf = node.getSourceFile();
  const parts = normalisedParts(ts, sf, node, node.getStart(sf), node.end, []);
  return shorten([prefix + (parts[0] as string) + suffix], max)[0] as string;
}
