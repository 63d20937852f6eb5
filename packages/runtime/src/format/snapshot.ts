/**
 * Taking a snapshot of one task's tree. Two phases: first the structure is copied from the arena
 * without running any user code; then labels are formatted (which may run a user's `toString`),
 * with instrumentation paused so that a dump never changes the tree it is dumping.
 */
import * as A from "../core/arena";
import { snapshotNow } from "../core/clock";
import { ctx, currentSpan } from "../core/context";
import { escapeLabel } from "../core/label-value";
import { Site } from "../core/site";
import { Span } from "../core/span-label";
import { references } from "../core/spans";
import * as Storage from "../core/storage";
import { Kind, NodeFlags } from "../core/storage";
import { readValues } from "../core/weak-values";
import { msToNs } from "./duration";

export type SpanKind = "root" | "frame" | "wait";

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** One span of a snapshot. */
export interface SpanNode {
  /** Arena slot: stable while the span lives, reused after it ends. */
  id: number;
  name: string;
  kind: SpanKind;
  isVerbose: boolean;
  isLongRunning: boolean;
  elapsedNs: number;
  location: SourceLocation | undefined;
  children: SpanNode[];
  /** A wait that stands for one call (hand-labelled, or awaiting a single call expression). */
  foldable: boolean;
  /** A frame this wait awaits that is shown under a later awaiter. */
  shared: { id: number; name: string; elapsedNs: number } | undefined;
}

export interface SnapshotOptions {
  verbose: boolean;
  maxLabelLength: number;
}

/** What phase two formats, one entry per copied span, in parallel arrays (no object per span). */
interface Raws {
  /** Traced calls recorded without the transformer (frames, and automatic roots standing for one). */
  untransformed: number;
  /** Frames of functions without a name of their own, with their labels (see `keepAnonymousCallback`). */
  anonymous: Map<SpanNode, unknown>;
  nodes: SpanNode[];
  labels: unknown[];
  values: unknown[];
  sites: unknown[];
}

interface SharedRaw {
  shared: NonNullable<SpanNode["shared"]>;
  label: unknown;
  values: unknown;
}

/** Anything with a lazy label: a Site, or a call label built by `traced`. */
interface Formattable {
  format(values: unknown): string;
  location?: string | undefined;
}

function kindName(k: Kind): SpanKind {
  return k === Kind.Root ? "root" : k === Kind.Frame ? "frame" : "wait";
}

function formatLabel(label: unknown, vals: unknown, max: number): string {
  let s: string;
  try {
    if (typeof label === "string") s = label;
    else if (label instanceof Span) s = label.name;
    else if (label !== null && typeof label === "object" && "format" in label) {
      s = (label as Formattable).format(vals);
    } else s = "<unnamed>";
  } catch (e) {
    s = `<label error: ${e instanceof Error ? e.name : "thrown"}>`;
  }
  return escapeLabel(s, max);
}

/** `formatLabel` in a nested dump: a plain string label as it is, any other a placeholder. */
function nestedLabel(label: unknown, _vals: unknown, max: number): string {
  if (typeof label === "string") return escapeLabel(label, max);
  // A span without values (`span("name")`, or a template without them) runs no user code.
  if (label instanceof Span && (label.values === undefined || label.values.length === 0))
    return escapeLabel(label.name, max);
  return "<label of a dump taken while another dump formatted labels>";
}

function locationOf(site: unknown): SourceLocation | undefined {
  if (site instanceof Site && site.file !== undefined) {
    return { file: site.file, line: site.line, column: site.column };
  }
  if (site !== null && typeof site === "object" && "loc" in site) {
    return (site as { loc?: SourceLocation }).loc;
  }
  return undefined;
}

function isGeneratorSite(label: unknown): boolean {
  return label instanceof Site && label.generator;
}

/**
 * A frame labelled with the user's own name: a site the transformer marked (`SiteInit.named`), or
 * a `@traced` wrapper's label (api/call-label.ts `named`; read by shape, the format sits below the
 * API). Folded under the wait on its call, its line would read as the call's expression and the
 * name the user chose would show nowhere in the text.
 */
function isUserNamed(label: unknown): boolean {
  return typeof label === "object" && label !== null && (label as { named?: unknown }).named === true;
}

/**
 * The frame of a function without a name of its own: a site the transformer marked
 * (`SiteInit.anonymous`), or a `traced(fn)` wrapper's label for a nameless `fn` (api/call-label.ts
 * `anonymous`; read by shape, as `isUserNamed`).
 */
function isAnonymous(label: unknown): boolean {
  return typeof label === "object" && label !== null && (label as { anonymous?: unknown }).anonymous === true;
}

function copyNode(id: number, t: number, raws: Raws): SpanNode {
  const fl = Storage.flags[id] as number;
  const node: SpanNode = {
    id,
    name: "",
    kind: kindName((fl & NodeFlags.KindMask) as Kind),
    isVerbose: (fl & NodeFlags.Verbose) !== 0,
    isLongRunning: (fl & NodeFlags.LongRunning) !== 0,
    elapsedNs: msToNs(t - (Storage.start[id] as number)),
    location: undefined,
    children: [],
    shared: undefined,
    foldable: false,
  };
  if (
    (fl & (NodeFlags.Transformed | NodeFlags.HidesNoAwait)) === 0 &&
    ((fl & NodeFlags.KindMask) === Kind.Frame || (fl & NodeFlags.AutoRoot) !== 0)
  ) {
    raws.untransformed++;
  }
  const lbl = Storage.label[id];
  node.foldable = node.kind === "wait" && (!(lbl instanceof Site) || lbl.call);
  raws.nodes.push(node);
  raws.labels.push(lbl);
  raws.values.push(readValues(lbl, Storage.values[id])); // weakly held values read back (or `<collected>`)
  raws.sites.push(Storage.where[id] ?? lbl);
  return node;
}

/** Copy the subtree under `top` iteratively (trees can be deeper than the call stack). */
function copyTree(top: number, t: number, raws: Raws, sharedRaws: SharedRaw[], opts: SnapshotOptions): SpanNode {
  const rootNode = copyNode(top, t, raws);
  // Two parallel stacks (slot, node it goes into): no tuple allocated per span.
  const scratch: SpanNode[] = [];
  const ids: number[] = [top];
  const intos: SpanNode[] = [rootNode];
  while (ids.length > 0) {
    const id = ids.pop() as number;
    const into = intos.pop() as SpanNode;
    if (references.size !== 0) {
      const h = references.get(id);
      const f = h === undefined ? 0 : A.fromHandle(h);
      if (f !== 0) {
        const shared = { id: f, name: "", elapsedNs: msToNs(t - (Storage.start[f] as number)) };
        into.shared = shared;
        sharedRaws.push({ shared, label: Storage.label[f], values: readValues(Storage.label[f], Storage.values[f]) });
      }
    }
    let k = 0;
    for (let c = A.firstOf(id); c !== 0; c = A.nextOf(c)) {
      const hidden = !opts.verbose && ((Storage.flags[c] as number) & NodeFlags.Verbose) !== 0;
      if (hidden) {
        // A hidden verbose span: its children attach to the nearest shown ancestor.
        ids.push(c);
        intos.push(into);
        continue;
      }
      const child = copyNode(c, t, raws);
      // A generator's body under a wait was started by that wait's `next()`: folding the two would
      // label the generator's frame with the `next()` call and hide its name. Nor is a frame the
      // user named folded under the expression of the call that made it (a hand label, which names
      // the future itself, still folds).
      if (child.kind === "frame") {
        const l = Storage.label[c];
        if (isGeneratorSite(l) || (isUserNamed(l) && Storage.label[id] instanceof Site)) into.foldable = false;
        if (isAnonymous(l)) raws.anonymous.set(child, l);
      }
      scratch[k++] = child;
      ids.push(c);
      intos.push(child);
    }
    if (k > 0) {
      // An array of exactly k (pushing into `[]` reserves 16 slots: most spans have one child).
      if (into.children.length === 0) into.children = scratch.slice(0, k);
      else for (let i = 0; i < k; i++) into.children.push(scratch[i] as SpanNode);
    }
  }
  return rootNode;
}

/**
 * A wait on a call whose only child is an anonymous function's frame is not folded: that frame is
 * a callback the callee's untraced code ran (commander's `.action(async () => ...)` under `await
 * program.parseAsync(argv)`), not the call's own function, and folded, the action's awaits read as
 * parseAsync's (found 2026-12-05 auditing a commander + execa CLI); unless the function was written
 * as an argument of that very call (`isPassedToWait`). A hand label
 * (`instrumentAwait(p, "label")`) still folds: it names the future it labels, as in the Rust crate.
 */
function keepAnonymousCallback(node: SpanNode, label: unknown, anonymous: Map<SpanNode, unknown>): void {
  if (!node.foldable || !(label instanceof Site) || node.children.length !== 1) return;
  const child = node.children[0] as SpanNode;
  if (!anonymous.has(child)) return;
  if (!isPassedToWait(anonymous.get(child), label)) node.foldable = false;
}

/**
 * Whether `frame` (an anonymous function's label) was written as an argument of the call that
 * `wait` awaits (`await db.transaction(async (tx) => ...)`, `SiteInit.passedToWait`): then it is
 * that call's own work, and the two fold into one line as a wait and its call's frame do; without
 * it the line would print the call twice, as the wait and as `<anonymous>(tx) in db.transaction(…)`.
 */
function isPassedToWait(frame: unknown, wait: Site): boolean {
  return (
    frame instanceof Site &&
    frame.waitLine !== 0 &&
    frame.waitLine === wait.line &&
    frame.waitColumn === wait.column &&
    frame.file === wait.file
  );
}

/** Whether `id` is `top` or under it (an orphaned subtree's spans have no owner to compare). */
function isBelow(id: number, top: number): boolean {
  for (let c = id, n = 0; c !== 0 && n < 1_000_000; c = A.parentOf(c), n++) if (c === top) return true;
  return false;
}

/** Oldest first; Array#sort is stable, so ties keep insertion order. */
const oldestFirst = (a: SpanNode, b: SpanNode): number => b.elapsedNs - a.elapsedNs;

function sortChildren(n: SpanNode): void {
  const stack = [n];
  while (stack.length > 0) {
    const x = stack.pop() as SpanNode;
    const children = x.children;
    if (children.length > 1) children.sort(oldestFirst);
    for (let i = 0; i < children.length; i++) stack.push(children[i] as SpanNode);
  }
}

export interface RawTree {
  root: SpanNode;
  detached: SpanNode[];
  current: number;
  lost: number;
  /** Detached spans of this task dropped by the detached limit (absent: none). */
  dropped?: number;
  /** Traced calls in this snapshot that ran without the transformer: frames only (absent: none). */
  untransformed?: number;
  /** Pending work of a task that ended, shown on its own (absent: a task's tree). */
  orphaned?: true;
}

/**
 * Snapshot of the tree of root `r` (a live root slot), or with `orphan` of the orphaned subtree
 * whose top is `r` (core/pool.ts `orphanedTops`: no task, so no detached list, lost or dropped
 * count of its own).
 */
export function snapshot(r: number, opts: SnapshotOptions, orphan = false): RawTree {
  const t = snapshotNow();
  const raws: Raws = { untransformed: 0, anonymous: new Map(), nodes: [], labels: [], values: [], sites: [] };
  const sharedRaws: SharedRaw[] = [];
  const cur = currentSpan();
  const root = copyTree(r, t, raws, sharedRaws, opts);
  const detached: SpanNode[] = [];
  // (A top that is not a root keeps other links where a root keeps its detached list.)
  for (let d = orphan ? 0 : A.detachedHead(r); d !== 0; d = Storage.next[d] as number) {
    detached.push(copyTree(d, t, raws, sharedRaws, opts));
  }
  detached.sort((a, b) => b.elapsedNs - a.elapsedNs);
  const lost = orphan ? 0 : (Storage.lostByRoot.get(r) ?? 0);
  const dropped = orphan ? 0 : (Storage.droppedByRoot.get(r) ?? 0);
  // Phase two: format labels with instrumentation paused.
  const prevCurrent = ctx.current;
  const prevPaused = ctx.paused;
  ctx.current = 0;
  ctx.paused = true;
  try {
    const { nodes, labels, values, sites } = raws;
    // A dump taken by a label's own code while another dump formats labels (its `toString` dumps
    // the registry) formats no label with user code: each level would format them all again, until
    // the stack runs out (hundreds of levels, seconds).
    const format = prevPaused ? nestedLabel : formatLabel;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i] as SpanNode;
      node.name = format(labels[i], values[i], opts.maxLabelLength);
      node.location = locationOf(sites[i]);
    }
    if (raws.anonymous.size > 0)
      for (let i = 0; i < nodes.length; i++) keepAnonymousCallback(nodes[i] as SpanNode, labels[i], raws.anonymous);
    for (const raw of sharedRaws) {
      raw.shared.name = format(raw.label, raw.values, opts.maxLabelLength);
    }
  } finally {
    ctx.current = prevCurrent;
    ctx.paused = prevPaused;
  }
  sortChildren(root);
  for (const d of detached) sortChildren(d);
  const inTree = cur !== 0 && (orphan ? isBelow(cur, r) : A.rootOf(cur) === r);
  const raw: RawTree = { root, detached, current: inTree ? cur : r, lost, dropped, untransformed: raws.untransformed };
  if (orphan) raw.orphaned = true;
  return raw;
}
