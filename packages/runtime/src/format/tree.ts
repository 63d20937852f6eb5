/**
 * A snapshot of one task's await tree, printed in await-tree's text format (byte-exact where the
 * Rust crate can express the tree) or as await-tree's JSON with documented additions.
 */
import { formatDuration } from "./duration";
import type { RawTree, SpanNode } from "./snapshot";

export interface TreeFormatOptions {
  /** Append ` at file:line:col` to spans whose source location is known. */
  locations?: boolean;
  /**
   * Print a wait that awaits exactly one traced call as one line (the wait's label, the call's
   * children), as await-tree shows `fut.instrument_await("label")`: only for hand-labelled waits
   * and awaits of a single call expression. Default true; JSON never folds.
   */
  fold?: boolean;
}

export interface SpanJSON {
  id: number;
  span: { name: string; is_verbose: boolean; is_long_running: boolean };
  elapsed_ns: number;
  children: SpanJSON[];
  kind: SpanNode["kind"];
  location?: { file: string; line: number; column: number };
  shared?: { id: number; name: string; elapsed_ns: number };
}

export interface TreeJSON {
  current: number;
  tree: SpanJSON;
  detached: SpanJSON[];
  key?: string;
  lost?: number;
  dropped?: number;
}

export class Tree {
  /** The task's key as given to `register` (an `AnonymousKey` for anonymous tasks). */
  readonly key: unknown;
  readonly root: SpanNode;
  readonly detached: readonly SpanNode[];
  /** Id of the span running when the snapshot was taken; the root's id when none in this tree. */
  readonly current: number;
  /** Spans of this task that could not be recorded because the span limit was reached. */
  readonly lost: number;
  /** Detached spans of this task dropped by the detached limit (`maxDetached`), oldest first. */
  readonly dropped: number;
  /** Spans pending for this many nanoseconds or more are marked `!!!` (unless long-running). */
  readonly slowNs: number;

  /** @internal */
  constructor(key: unknown, raw: RawTree, slowNs: number) {
    this.key = key;
    this.root = raw.root;
    this.detached = raw.detached;
    this.current = raw.current;
    this.lost = raw.lost;
    this.dropped = raw.dropped ?? 0;
    this.slowNs = slowNs;
  }

  toString(options: TreeFormatOptions = {}): string {
    if (options === null || typeof options !== "object") {
      throw new TypeError(`Tree#toString options must be an object, got ${String(options)}`);
    }
    const locations = options.locations === true;
    const fold = options.fold !== false;
    const out: string[] = [];
    this.render(this.root, 0, true, locations, fold, out);
    for (const d of this.detached) {
      out.push(`[Detached ${d.id}]\n`);
      this.render(d, 1, false, locations, fold, out);
    }
    if (this.lost > 0) out.push(`[Lost ${this.lost} spans: span limit reached]\n`);
    if (this.dropped > 0) out.push(`[Dropped ${this.dropped} detached spans: limit reached]\n`);
    return out.join("");
  }

  /** Depth-first, iteratively (a recursion thousands deep must still print). */
  private render(
    top: SpanNode,
    depth0: number,
    isRoot: boolean,
    locations: boolean,
    fold: boolean,
    out: string[],
  ): void {
    // Two parallel stacks (node, depth): no tuple allocated per line.
    const nodes: SpanNode[] = [top];
    const depths: number[] = [depth0];
    while (nodes.length > 0) {
      const n = nodes.pop() as SpanNode;
      const depth = depths.pop() as number;
      const root = isRoot && n === top;
      const only = n.children.length === 1 ? (n.children[0] as SpanNode) : undefined;
      const folded = fold && n.foldable && only?.kind === "frame" && n.shared === undefined ? only : undefined;
      const children = folded !== undefined ? folded.children : n.children;
      const isCurrent = n.id === this.current || folded?.id === this.current;
      // A folded line is the call itself, labelled by its wait: it keeps the call's start time.
      const elapsedNs = folded !== undefined ? folded.elapsedNs : n.elapsedNs;
      const longRunning = n.isLongRunning || folded?.isLongRunning === true;
      const slow = !root && !longRunning && elapsedNs >= this.slowNs;
      let line = `${indent(depth)}${n.name} [${slow ? "!!! " : ""}${formatDuration(elapsedNs)}]`;
      if (locations && n.location !== undefined) {
        line += ` at ${n.location.file}:${n.location.line}:${n.location.column}`;
      }
      if (!root && isCurrent) line += "  <== current";
      out.push(`${line}\n`);
      if (n.shared !== undefined) {
        const s = n.shared;
        out.push(
          `${"  ".repeat(depth + 1)}↪ ${s.name} [${formatDuration(s.elapsedNs)}] (shown under a later awaiter)\n`,
        );
      }
      for (let i = children.length - 1; i >= 0; i--) {
        nodes.push(children[i] as SpanNode);
        depths.push(depth + 1);
      }
    }
  }

  toJSON(): TreeJSON {
    const json: TreeJSON = {
      current: this.current,
      tree: toSpanJSON(this.root),
      detached: this.detached.map(toSpanJSON),
    };
    if (this.key !== undefined) json.key = keyToString(this.key);
    if (this.lost > 0) json.lost = this.lost;
    if (this.dropped > 0) json.dropped = this.dropped;
    return json;
  }
}

function convert(n: SpanNode): SpanJSON {
  const j: SpanJSON = {
    id: n.id,
    span: { name: n.name, is_verbose: n.isVerbose, is_long_running: n.isLongRunning },
    elapsed_ns: n.elapsedNs,
    children: n.children.length === 0 ? [] : new Array<SpanJSON>(n.children.length),
    kind: n.kind,
  };
  const l = n.location;
  if (l !== undefined) j.location = { file: l.file, line: l.line, column: l.column };
  if (n.shared !== undefined) {
    j.shared = { id: n.shared.id, name: n.shared.name, elapsed_ns: n.shared.elapsedNs };
  }
  return j;
}

function toSpanJSON(top: SpanNode): SpanJSON {
  const out = convert(top);
  // Two parallel stacks (node, its JSON): no tuple allocated per span.
  const nodes: SpanNode[] = [top];
  const jsons: SpanJSON[] = [out];
  while (nodes.length > 0) {
    const n = nodes.pop() as SpanNode;
    const j = jsons.pop() as SpanJSON;
    const children = n.children;
    for (let i = 0; i < children.length; i++) {
      const c = children[i] as SpanNode;
      const cj = convert(c);
      j.children[i] = cj; // sized by `convert`: every slot is filled here
      nodes.push(c);
      jsons.push(cj);
    }
  }
  return out;
}

const indents: string[] = [""];

/** Two spaces per depth, built once per depth. */
function indent(depth: number): string {
  for (let d = indents.length; d <= depth; d++) indents.push(`${indents[d - 1]}  `);
  return indents[depth] as string;
}

/** How a key is shown in `[<key>]` headers and JSON: never throws, whatever the key. */
export function keyToString(key: unknown): string {
  try {
    if (typeof key === "string") return key;
    if (typeof key === "symbol") return key.toString();
    if (typeof key === "object" && key !== null) {
      const s = String(key);
      return s;
    }
    return String(key);
  } catch {
    return "<key>";
  }
}
