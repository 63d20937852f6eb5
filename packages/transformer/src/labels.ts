/**
 * Labels derived from source text: the awaited expression, whitespace-normalised and without
 * comments, with identifier arguments left as holes for their runtime values (`fetchUser(42)`),
 * and shortened. Only the holes' values are stored at run time.
 */
import type * as TS from "typescript";
import { typeOnlyRanges } from "./label-types";
import { capturable, skipOuter } from "./label-values";
import type { OriginalNames } from "./original-names";
import type { Scopes } from "./scope";

export { skipOuter };

export interface LabelTemplate {
  /** Static pieces around the values: `["fetchUser(", ")"]`. */
  parts: string[];
  /** The identifiers whose values fill the holes, in order. */
  values: TS.Identifier[];
}

const NO_SPACE_AFTER = new Set(["(", "[", "."]);
const NO_SPACE_BEFORE = new Set([")", "]", ",", ".", ";"]);

/** A range of the source text shown as other text in a label (a compiled import's original name). */
export interface Replacement {
  start: number;
  end: number;
  text: string;
}

/** Source text of `[start, end)` with `holes` cut out and `replaced` ranges replaced, normalised. */
export function normalisedParts(
  ts: typeof TS,
  sf: TS.SourceFile,
  node: TS.Node,
  start: number,
  end: number,
  holes: ReadonlyArray<{ start: number; end: number }>,
  replaced: readonly Replacement[] = [],
): string[] {
  const text = sf.text;
  const verbatim: Array<[number, number]> = [];
  // Iterative (an explicit stack, not recursion): generated code awaits expressions thousands of
  // terms deep (`"a" + "b" + ...`), which would overflow the compiler's stack.
  const stack: TS.Node[] = [node];
  const push = (c: TS.Node): void => {
    stack.push(c);
  };
  while (stack.length > 0) {
    const n = stack.pop() as TS.Node;
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
      continue;
    }
    ts.forEachChild(n, push);
  }
  verbatim.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let out = "";
  let pendingSpace = false;
  let lastChar = "";
  let v = 0;
  let h = 0;
  let r = 0;
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
    const swap = replaced[r];
    if (swap !== undefined && i === swap.start && (hole === undefined || swap.end <= hole.start)) {
      emit(swap.text);
      i = swap.end;
      r++;
      continue;
    }
    while (r < replaced.length && (replaced[r] as Replacement).start < i) r++;
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

/** Two lists of ranges, each in source order, as one (a compiled file's renames; a TypeScript file's types). */
function inOrder(a: readonly Replacement[], b: readonly Replacement[]): readonly Replacement[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  return [...a, ...b].sort((x, y) => x.start - y.start);
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
      out.push(`${cutAt(p, Math.max(0, budget)).trimEnd()}…`);
      return out;
    }
    out.push(p);
    budget -= p.length;
  }
  return out;
}

/** The first `n` UTF-16 units of `s`, one fewer when the cut would split a surrogate pair. */
function cutAt(s: string, n: number): string {
  if (n <= 0) return "";
  const last = s.charCodeAt(n - 1);
  return s.slice(0, last >= 0xd800 && last <= 0xdbff ? n - 1 : n);
}

/**
 * The label of a wait on `expr` (`prefix` for `yield`, `for await`, ...); `later`: of the later
 * iterations of a `for await` over `expr` (only values that nothing writes: see `capturable`).
 */
export function expressionLabel(
  ts: typeof TS,
  scopes: Scopes,
  expr: TS.Node,
  at: TS.Node,
  fn: TS.Node,
  max: number,
  around: { prefix?: string; suffix?: string; later?: boolean } = {},
  originalNames?: OriginalNames,
): LabelTemplate {
  const sf = at.getSourceFile();
  const holes = capturable(ts, scopes, expr, at, fn, around.later === true);
  // A hole inside a replaced range would show a compiled name's parts: such holes are dropped.
  const replaced = inOrder(originalNames?.renames(expr) ?? [], typeOnlyRanges(ts, sf, expr));
  const kept = holes.filter((h) => !replaced.some((x) => h.getStart(sf) < x.end && h.end > x.start));
  const parts = normalisedParts(
    ts,
    sf,
    expr,
    expr.getStart(sf),
    expr.end,
    kept.map((h) => ({ start: h.getStart(sf), end: h.end })),
    replaced,
  );
  parts[0] = (around.prefix ?? "") + parts[0];
  parts[parts.length - 1] += around.suffix ?? "";
  const short = shorten(parts, max);
  const values = kept.slice(0, short.length - 1).map((h) => skipOuter(ts, h) as TS.Identifier);
  return { parts: short, values };
}

/** A label that is plain text (normalised and shortened), no values. */
export function textLabel(ts: typeof TS, node: TS.Node, max: number, prefix = "", suffix = ""): string {
  const sf = node.getSourceFile();
  const parts = normalisedParts(ts, sf, node, node.getStart(sf), node.end, [], typeOnlyRanges(ts, sf, node));
  return shorten([prefix + (parts[0] as string) + suffix], max)[0] as string;
}
