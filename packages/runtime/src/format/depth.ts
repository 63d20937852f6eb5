/**
 * Bounding the depth of a printed tree. A recursion 100,000 levels deep is a real tree, but
 * printing it whole costs the square of its depth in indentation and nests its JSON deeper than
 * `JSON.stringify` can go. So a subtree that would print deeper than `maxDepth` levels keeps its
 * first ⌈maxDepth/2⌉ levels and its last ⌊maxDepth/2⌋ levels; one elision line stands for the
 * levels between, with the number of levels and of spans it hides (branches that end in those
 * levels are counted there, never silently dropped).
 */
import type { SpanNode } from "./snapshot";

/** Levels printed in full by default (the elision line adds one). */
export const DEFAULT_MAX_DEPTH = 100;

/** The smallest `maxDepth` accepted: one level kept above the elision line, one below. */
const MIN_MAX_DEPTH = 2;

/** How a format sees the tree: its printed children (text folds), and what each line stands for. */
export interface TreeView {
  /** The children printed under `n`. */
  kids(n: SpanNode): readonly SpanNode[];
  /** Spans `n` stands for when elided (a folded line is a wait and its call: two). */
  spans(n: SpanNode): number;
  /** Whether the span running when the snapshot was taken is printed as `n`. */
  isCurrent(n: SpanNode): boolean;
}

/** The levels kept above and below an elision line, from the `maxDepth` option. */
export interface DepthLimit {
  /** Relative depth (the top of a section is 0) at which a too-deep subtree is elided. */
  head: number;
  /** Levels kept below the elision line; also the most levels a subtree at `head` may have. */
  tail: number;
}

/** What replaces a subtree too deep to print: one line, then the subtrees of its last levels. */
export interface Elision {
  /** Levels left out (the elided subtree's top is the first of them). */
  levels: number;
  /** Spans in those levels, on every branch. */
  spans: number;
  /** The span running at snapshot time is among them. */
  current: boolean;
  /** Nodes just below the left-out levels, left to right; none has more than `tail` levels. */
  kept: SpanNode[];
}

/** Validates a `maxDepth` option (an integer >= 2, or Infinity for no limit). */
export function depthLimit(maxDepth: unknown, where: string): DepthLimit {
  const m = maxDepth === undefined ? DEFAULT_MAX_DEPTH : maxDepth;
  if (typeof m !== "number" || !(m === Number.POSITIVE_INFINITY || Number.isInteger(m)) || m < MIN_MAX_DEPTH) {
    throw new TypeError(`${where}: maxDepth must be an integer >= ${MIN_MAX_DEPTH} or Infinity, got ${String(m)}`);
  }
  if (m === Number.POSITIVE_INFINITY) return { head: m, tail: m };
  const head = Math.ceil(m / 2);
  return { head, tail: m - head };
}

/**
 * The elision of the subtree under `top` (found at relative depth `limit.head`), or undefined when
 * it has at most `limit.tail` levels and prints whole. Two iterative walks of that subtree only.
 */
export function elide(top: SpanNode, limit: DepthLimit, view: TreeView): Elision | undefined {
  const nodes: SpanNode[] = [top];
  const depths: number[] = [1];
  let height = 0;
  while (nodes.length > 0) {
    const n = nodes.pop() as SpanNode;
    const d = depths.pop() as number;
    if (d > height) height = d;
    const kids = view.kids(n);
    for (let i = 0; i < kids.length; i++) {
      nodes.push(kids[i] as SpanNode);
      depths.push(d + 1);
    }
  }
  if (height <= limit.tail) return undefined;
  const levels = height - limit.tail;
  const kept: SpanNode[] = [];
  let spans = 0;
  let current = false;
  nodes.push(top);
  depths.push(0);
  while (nodes.length > 0) {
    const n = nodes.pop() as SpanNode;
    const d = depths.pop() as number;
    if (d === levels) {
      kept.push(n);
      continue;
    }
    spans += view.spans(n);
    if (!current && view.isCurrent(n)) current = true;
    const kids = view.kids(n);
    // Pushed last to first so that they come off the stack (and into `kept`) left to right.
    for (let i = kids.length - 1; i >= 0; i--) {
      nodes.push(kids[i] as SpanNode);
      depths.push(d + 1);
    }
  }
  return { levels, spans, current, kept };
}

/** The elision line's text (without indentation), the same in text and in JSON's `span.name`. */
export function elisionName(e: Elision): string {
  return `… ${e.levels} ${e.levels === 1 ? "level" : "levels"} elided (${e.spans} ${e.spans === 1 ? "span" : "spans"}) …`;
}

/** Spans in the subtrees under `tops` (every child, folded or not). */
export function countSpans(tops: readonly SpanNode[]): number {
  const stack = tops.slice();
  let count = 0;
  while (stack.length > 0) {
    const n = stack.pop() as SpanNode;
    count++;
    for (let i = 0; i < n.children.length; i++) stack.push(n.children[i] as SpanNode);
  }
  return count;
}
