/**
 * A snapshot of one task's await tree, printed in await-tree's text format (byte-exact where the
 * Rust crate can express the tree) or as await-tree's JSON with documented additions.
 */

import { cutAt, escapeLabel, reachesProxy } from "../core/label-value";
import { countSpans, type DepthLimit, depthLimit, type Elision, elide, elisionName, type TreeView } from "./depth";
import { formatDuration } from "./duration";
import { outputLimit, TextOutput } from "./output";
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
  /**
   * Most levels printed (default 100; `Infinity` for no limit). A subtree that would print deeper
   * keeps its first ⌈maxDepth/2⌉ and last ⌊maxDepth/2⌋ levels around one line
   * `… <n> levels elided (<m> spans) …` that counts every span left out, on every branch.
   */
  maxDepth?: number;
  /**
   * Longest output in characters (default and most: the engine's longest string, less a margin).
   * Lines past it are left out and the output ends with `[Omitted <n> spans: output limit reached]`.
   */
  maxLength?: number;
}

/** Options of `Tree#toJSON` (called without options by `JSON.stringify`: the defaults). */
export interface TreeJSONOptions {
  /** As `TreeFormatOptions.maxDepth`, counted in spans (JSON does not fold); default 100. */
  maxDepth?: number;
}

export interface SpanJSON {
  id: number;
  span: { name: string; is_verbose: boolean; is_long_running: boolean };
  elapsed_ns: number;
  children: SpanJSON[];
  /** "elided": not a span but the levels left out of a too-deep subtree (see `elided`). */
  kind: SpanNode["kind"] | "elided";
  location?: { file: string; line: number; column: number };
  shared?: { id: number; name: string; elapsed_ns: number };
  elided?: { levels: number; spans: number; current?: true };
}

export interface TreeJSON {
  current: number;
  tree: SpanJSON;
  detached: SpanJSON[];
  key?: string;
  lost?: number;
  dropped?: number;
  /** Traced calls that ran without the transformer (frames only: their awaits are not shown). */
  untransformed?: number;
  /** Not a task: work still pending in a task that ended (a process-wide dump's `Orphaned <id>`). */
  orphaned?: true;
}

/**
 * The note a dump ends with when traced code ran untransformed: said once per dump (a registry's
 * dump counts all its trees), with what to do about it (docs/transformer.md, "Without the
 * transformer").
 */
export function untransformedNote(calls: number): string {
  return (
    `[Frames only: ${calls} traced call${calls === 1 ? "" : "s"} ran without @await-tree/transformer, ` +
    `so the awaits inside are not shown; for await-level trees compile or run the code with the ` +
    `transformer (see its README)]\n`
  );
}

/** Text options, validated once per dump. */
interface TextOptions {
  locations: boolean;
  fold: boolean;
  limit: DepthLimit;
  maxLength: number;
}

function textOptions(options: TreeFormatOptions | undefined, where: string): TextOptions {
  const o = options === undefined ? {} : options;
  if (o === null || typeof o !== "object") {
    throw new TypeError(`${where} options must be an object, got ${String(o)}`);
  }
  for (const k of Object.keys(o)) {
    if (!TEXT_OPTIONS.has(k)) {
      throw new TypeError(`${where}: unknown option "${k}" (known: ${[...TEXT_OPTIONS].join(", ")})`);
    }
  }
  for (const k of ["locations", "fold"] as const) {
    const v = o[k];
    if (v !== undefined && typeof v !== "boolean") {
      throw new TypeError(
        `${where}: option "${k}" must be true or false, got ${typeof v === "string" ? JSON.stringify(v) : String(v)}`,
      );
    }
  }
  return {
    locations: o.locations === true,
    fold: o.fold !== false,
    limit: depthLimit(o.maxDepth, where),
    maxLength: outputLimit(o.maxLength, where),
  };
}

/** The keys of `TreeFormatOptions`. */
const TEXT_OPTIONS = new Set(["locations", "fold", "maxDepth", "maxLength"]);

const CURRENT_MARK = "  <== current";

/** The call a wait's line stands for when folded (see `TreeFormatOptions.fold`), else undefined. */
function foldedFrame(n: SpanNode, fold: boolean): SpanNode | undefined {
  if (!fold || !n.foldable || n.shared !== undefined || n.children.length !== 1) return undefined;
  const only = n.children[0] as SpanNode;
  return only.kind === "frame" ? only : undefined;
}

/** The tree as the text format prints it: folded waits are one line standing for two spans. */
class TextView implements TreeView {
  constructor(
    private readonly fold: boolean,
    private readonly current: number,
  ) {}
  kids(n: SpanNode): readonly SpanNode[] {
    const folded = foldedFrame(n, this.fold);
    return folded !== undefined ? folded.children : n.children;
  }
  spans(n: SpanNode): number {
    return foldedFrame(n, this.fold) !== undefined ? 2 : 1;
  }
  isCurrent(n: SpanNode): boolean {
    return n.id === this.current || foldedFrame(n, this.fold)?.id === this.current;
  }
}

/** The tree as JSON shows it: every span, no folding. */
class JsonView implements TreeView {
  constructor(private readonly current: number) {}
  kids(n: SpanNode): readonly SpanNode[] {
    return n.children;
  }
  spans(): number {
    return 1;
  }
  isCurrent(n: SpanNode): boolean {
    return n.id === this.current;
  }
}

export class Tree {
  /** The task's key as given to `register` (an `AnonymousKey` for anonymous tasks). */
  readonly key: unknown;
  /** The whole snapshot (formats bound its depth; this structure is not bounded). */
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
  /**
   * Traced calls in this tree that ran without the transformer: their frames show, their awaits
   * cannot. JSON has `untransformed`; a registry's dump ends with a note saying so, once (this
   * tree's own text stays await-tree's format, byte for byte).
   */
  readonly untransformed: number;
  /** Not a task's tree: work still pending in a task that ended (a process-wide dump lists it). */
  readonly orphaned: boolean;

  /** @internal */
  constructor(key: unknown, raw: RawTree, slowNs: number) {
    this.key = key;
    this.root = raw.root;
    this.detached = raw.detached;
    this.current = raw.current;
    this.lost = raw.lost;
    this.dropped = raw.dropped ?? 0;
    this.untransformed = raw.untransformed ?? 0;
    this.orphaned = raw.orphaned === true;
    this.slowNs = slowNs;
  }

  toString(options: TreeFormatOptions = {}): string {
    const o = textOptions(options, "Tree#toString");
    const out = new TextOutput(o.maxLength);
    this.writeText(o, out);
    return out.finish();
  }

  /**
   * @internal the text of this tree into `out` (shared by the trees of a registry dump, which adds
   * the untransformed note once for all)
   */
  writeText(o: TextOptions, out: TextOutput): void {
    this.render(this.root, 0, true, o, out);
    for (const d of this.detached) {
      if (out.write(`[Detached ${d.id}]\n`)) this.render(d, 1, false, o, out);
      else out.omitted += countSpans([d]);
    }
    if (this.lost > 0) out.write(`[Lost ${this.lost} spans: span limit reached]\n`);
    if (this.dropped > 0) out.write(`[Dropped ${this.dropped} detached spans: limit reached]\n`);
  }

  /** @internal spans in this snapshot */
  spanCount(): number {
    return countSpans([this.root, ...this.detached]);
  }

  /** Depth-first, iteratively (a recursion thousands deep must still print). */
  private render(top: SpanNode, depth0: number, isRoot: boolean, o: TextOptions, out: TextOutput): void {
    if (out.full) {
      out.omitted += countSpans([top]);
      return;
    }
    const view = new TextView(o.fold, this.current);
    const elideAt = depth0 + o.limit.head;
    // Two parallel stacks (node, depth): no tuple allocated per line.
    const nodes: SpanNode[] = [top];
    const depths: number[] = [depth0];
    while (nodes.length > 0) {
      const n = nodes.pop() as SpanNode;
      const depth = depths.pop() as number;
      if (depth === elideAt) {
        const e = elide(n, o.limit, view);
        if (e !== undefined) {
          if (!out.write(`${indent(depth)}${elisionName(e)}${e.current ? CURRENT_MARK : ""}\n`)) {
            out.omitted += countSpans([n]) + countSpans(nodes);
            return;
          }
          for (let i = e.kept.length - 1; i >= 0; i--) {
            nodes.push(e.kept[i] as SpanNode);
            depths.push(depth + 1);
          }
          continue;
        }
      }
      const root = isRoot && n === top;
      const folded = foldedFrame(n, o.fold);
      const children = folded !== undefined ? folded.children : n.children;
      const isCurrent = n.id === this.current || folded?.id === this.current;
      // A folded line is the call itself, labelled by its wait: it keeps the call's start time.
      const elapsedNs = folded !== undefined ? folded.elapsedNs : n.elapsedNs;
      const longRunning = n.isLongRunning || folded?.isLongRunning === true;
      const slow = !root && !longRunning && elapsedNs >= this.slowNs;
      let line = `${indent(depth)}${n.name} [${slow ? "!!! " : ""}${formatDuration(elapsedNs)}]`;
      if (o.locations && n.location !== undefined) {
        line += ` at ${n.location.file}:${n.location.line}:${n.location.column}`;
      }
      if (!root && isCurrent) line += CURRENT_MARK;
      line += "\n";
      if (n.shared !== undefined) {
        const s = n.shared;
        line += `${indent(depth + 1)}↪ ${s.name} [${formatDuration(s.elapsedNs)}] (shown under a later awaiter)\n`;
      }
      if (!out.write(line)) {
        out.omitted += countSpans([n]) + countSpans(nodes);
        return;
      }
      for (let i = children.length - 1; i >= 0; i--) {
        nodes.push(children[i] as SpanNode);
        depths.push(depth + 1);
      }
    }
  }

  /**
   * await-tree's JSON with our additions (docs/tree-json.schema.json). `JSON.stringify` calls this
   * with a property name, which is ignored: options only come from a direct call.
   */
  toJSON(options?: TreeJSONOptions | string): TreeJSON {
    const maxDepth = options !== null && typeof options === "object" ? options.maxDepth : undefined;
    const limit = depthLimit(maxDepth, "Tree#toJSON");
    const view = new JsonView(this.current);
    const json: TreeJSON = {
      current: this.current,
      tree: toSpanJSON(this.root, limit, view),
      detached: this.detached.map((d) => toSpanJSON(d, limit, view)),
    };
    json.key = keyJSON(this.key); // every tree is a task's, whose key may be `undefined` itself
    if (this.lost > 0) json.lost = this.lost;
    if (this.dropped > 0) json.dropped = this.dropped;
    if (this.untransformed > 0) json.untransformed = this.untransformed;
    if (this.orphaned) json.orphaned = true;
    return json;
  }
}

/** `[<key>]\n<tree>\n` for every tree, as await-tree prints `collect_all`, within one output limit. */
export function formatTrees(entries: Iterable<readonly [unknown, Tree]>, options?: TreeFormatOptions): string {
  const o = textOptions(options, "Registry#toString");
  const out = new TextOutput(o.maxLength);
  let untransformed = 0;
  for (const [k, t] of entries) {
    untransformed += t.untransformed;
    if (out.write(`[${keyText(k)}]\n`)) {
      t.writeText(o, out);
      out.write("\n");
    } else out.omitted += t.spanCount();
  }
  if (untransformed > 0) out.write(untransformedNote(untransformed));
  return out.finish();
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

/** The node standing for the levels of an elision (its children are the kept subtrees). */
function elisionJSON(e: Elision): SpanJSON {
  const elided: NonNullable<SpanJSON["elided"]> = { levels: e.levels, spans: e.spans };
  if (e.current) elided.current = true;
  return {
    id: 0,
    span: { name: elisionName(e), is_verbose: false, is_long_running: true },
    elapsed_ns: 0,
    children: new Array<SpanJSON>(e.kept.length),
    kind: "elided",
    elided,
  };
}

function toSpanJSON(top: SpanNode, limit: DepthLimit, view: TreeView): SpanJSON {
  const out = convert(top);
  // Three parallel stacks (node, its JSON, its depth): no tuple allocated per span.
  const nodes: SpanNode[] = [top];
  const jsons: SpanJSON[] = [out];
  const depths: number[] = [0];
  while (nodes.length > 0) {
    const n = nodes.pop() as SpanNode;
    const j = jsons.pop() as SpanJSON;
    const d = (depths.pop() as number) + 1;
    const children = n.children;
    for (let i = 0; i < children.length; i++) {
      const c = children[i] as SpanNode;
      const e = d === limit.head ? elide(c, limit, view) : undefined;
      if (e !== undefined) {
        const ej = elisionJSON(e);
        j.children[i] = ej;
        for (let k = 0; k < e.kept.length; k++) {
          const kept = e.kept[k] as SpanNode;
          const kj = convert(kept);
          ej.children[k] = kj;
          nodes.push(kept);
          jsons.push(kj);
          depths.push(d + 1);
        }
        continue;
      }
      const cj = convert(c);
      j.children[i] = cj; // sized by `convert`: every slot is filled here
      nodes.push(c);
      jsons.push(cj);
      depths.push(d);
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

/** Longest key a header or the JSON shows, in UTF-16 units (the default `maxLabelLength`). */
const MAX_KEY_CHARS = 1000;

/**
 * A key as its `[<key>]` header shows it: escaped as labels are (a key's newline or terminal
 * sequence cannot forge lines of the dump) and cut at `MAX_KEY_CHARS`.
 */
export function keyText(key: unknown): string {
  return escapeLabel(keyToString(key), MAX_KEY_CHARS);
}

/** A key in the JSON format: as written (JSON escapes what it must), cut at `MAX_KEY_CHARS`. */
function keyJSON(key: unknown): string {
  const s = keyToString(key);
  return s.length <= MAX_KEY_CHARS ? s : `${cutAt(s, MAX_KEY_CHARS)}…(${s.length} chars)`;
}

/**
 * How a key is shown in `[<key>]` headers and JSON: never throws, whatever the key. A Proxy key
 * (or one inheriting from a Proxy) shows `Proxy` and none of its traps runs, as in labels.
 */
export function keyToString(key: unknown): string {
  if (typeof key === "string") return key;
  try {
    if (typeof key === "symbol") return key.toString();
    if ((typeof key === "object" || typeof key === "function") && key !== null && reachesProxy(key)) return "Proxy";
    if ((typeof key === "object" || typeof key === "function") && key !== null) {
      // A key whose `toString` dumps the registry would print its key again, and so on.
      if (formattingKey) return "<key>";
      formattingKey = true;
      try {
        return String(key);
      } finally {
        formattingKey = false;
      }
    }
    return String(key);
  } catch {
    return "<key>";
  }
}

let formattingKey = false;
