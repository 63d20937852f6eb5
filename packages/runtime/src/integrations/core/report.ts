/**
 * The text every test-runner integration adds to the runner's output: the await tree of a test or
 * hook that timed out (appended to the runner's own timeout error) and the report of work a test
 * left pending. Runner-neutral: the runner's indentation and configuration hint are parameters.
 */
import { formatDuration } from "../../format/duration";
import type { SpanNode } from "../../format/snapshot";
import type { Tree } from "../../format/tree";

/** Mocha's Base reporter prints an error message five spaces in; its lines line up with it. */
export const MOCHA_INDENT = "     ";
/** More stuck places than this (a wide Promise.all) are counted, not listed. */
const MAX_STUCK = 5;

export interface Leaf {
  node: SpanNode;
  depth: number;
  /** The nearest traced call above it (undefined directly under the root). */
  caller: SpanNode | undefined;
}

/**
 * The leaves of the task's own tree (not its detached spans), deepest first, ties in tree order:
 * the awaits the task is stuck on. A wait that only refers to a frame shown under a later awaiter
 * is not a leaf of its own, unless nothing else is.
 */
export function stuckLeaves(tree: Tree): Leaf[] {
  const leaves: Leaf[] = [];
  const refs: Leaf[] = [];
  type Item = [SpanNode, number, SpanNode | undefined];
  const stack: Item[] = [[tree.root, 0, undefined]];
  while (stack.length > 0) {
    const [n, depth, caller] = stack.pop() as Item;
    if (n.children.length === 0) {
      if (depth > 0) (n.shared === undefined ? leaves : refs).push({ node: n, depth, caller });
      continue;
    }
    const next = n.kind === "frame" ? n : caller;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push([n.children[i] as SpanNode, depth + 1, next]);
  }
  const out = leaves.length > 0 ? leaves : refs;
  return out
    .map((l, i) => ({ l, i }))
    .sort((a, b) => b.l.depth - a.l.depth || a.i - b.i)
    .map((x) => x.l);
}

export function describeSpan(n: SpanNode): string {
  const at = n.location === undefined ? "" : ` at ${n.location.file}:${n.location.line}:${n.location.column}`;
  return `${n.name} [${formatDuration(n.elapsedNs)}]${at}`;
}

/** Spans in the tree besides its root, detached ones included. */
export function countSpans(tree: Tree): number {
  let count = 0;
  const stack: SpanNode[] = [...tree.root.children, ...tree.detached];
  while (stack.length > 0) {
    const n = stack.pop() as SpanNode;
    count++;
    for (const c of n.children) stack.push(c);
  }
  return count;
}

function indentLines(text: string, prefix: string): string[] {
  return text
    .replace(/\n$/, "")
    .split("\n")
    .map((l) => prefix + l);
}

/** How every report of `timeoutReport` begins, after its blank line and its indentation. */
const REPORT_HEAD = "await-tree: ";

/** Whether `message` already carries a `timeoutReport` written without indentation (vitest's). */
export function carriesTimeoutReport(message: string): boolean {
  return message.includes(`\n\n${REPORT_HEAD}`);
}

/**
 * Appended to the "Timeout of Nms exceeded" message of a test or hook (or printed on its own,
 * with another indentation).
 */
export function timeoutReport(key: string, tree: Tree, indent = MOCHA_INDENT, moment = "at the timeout"): string {
  const lines = ["", ""];
  const leaves = stuckLeaves(tree);
  if (leaves.length === 0) {
    lines.push(
      `${indent}${REPORT_HEAD}nothing traced was pending in [${key}]: it waits on code that is not traced.`,
      `${indent}Trace what it calls (@traced, traced(fn)) or compile it with @await-tree/transformer.`,
    );
    return lines.join("\n");
  }
  lines.push(`${indent}${REPORT_HEAD}stuck at${leaves.length > 1 ? ` ${leaves.length} places` : ""}:`);
  for (const l of leaves.slice(0, MAX_STUCK)) {
    lines.push(`${indent}  >> ${describeSpan(l.node)}${l.caller === undefined ? "" : `, in ${l.caller.name}`}`);
  }
  if (leaves.length > MAX_STUCK) lines.push(`${indent}  ... and ${leaves.length - MAX_STUCK} more`);
  if (tree.untransformed > 0 && leaves.some((l) => l.node.kind === "frame")) {
    // Without the transformer a traced function is one span: say how to see the await inside. (A
    // compiled method that is not async, stuck on a promise it made, hides no await: not said then.)
    lines.push(`${indent}  (a traced call; to see the await inside it, compile with @await-tree/transformer)`);
  }
  lines.push(`${indent}pending in [${key}] ${moment}:`, ...indentLines(tree.toString({ locations: true }), indent));
  return lines.join("\n");
}

function leaked(tree: Tree): string {
  const n = countSpans(tree);
  return `traced work pending that it started and did not await (${n} span${n === 1 ? "" : "s"})`;
}

/** Where the mocha integration's leak mode is set; each runner's adapter says its own. */
export const MOCHA_LEAK_HINT = "AWAIT_TREE_LEAKS or awaitTree.leaks in the mocha config";

/** Printed on stderr in `warn` mode. `hint`: where the runner's user sets the mode. */
export function leakWarning(key: string, tree: Tree, hint = MOCHA_LEAK_HINT): string {
  return [
    `await-tree: the test [${key}] passed but left ${leaked(tree)}:`,
    ...indentLines(tree.toString({ locations: true }), "  "),
    `  (leak mode: ${hint} = off | warn | fail)`,
    "",
  ].join("\n");
}

/** The error a test fails with in `fail` mode (tree lines `indent` in, plus two spaces). */
export class AwaitTreeLeakError extends Error {
  declare readonly key: string;
  declare readonly tree: Tree;

  constructor(key: string, tree: Tree, indent = MOCHA_INDENT) {
    super(
      [
        `the test [${key}] left ${leaked(tree)}:`,
        ...indentLines(tree.toString({ locations: true }), `${indent}  `),
      ].join("\n"),
    );
    // Not enumerable: runners that print an error's own properties (node:test) show the message only.
    Object.defineProperty(this, "key", { value: key });
    Object.defineProperty(this, "tree", { value: tree });
    this.name = "AwaitTreeLeakError";
    // Frames of the integration's own code would only be noise under the tree.
    this.stack = `${this.name}: ${this.message}`;
  }
}

/**
 * Append `text` to the error's message and to the message part of its stack (reporters print the
 * stack's leading lines as the message). Returns false when the error cannot be changed.
 */
export function appendToError(err: Error, text: string): boolean {
  try {
    const old = String(err.message);
    const message = old + text;
    err.message = message;
    if (err.message !== message) return false;
    const stack = err.stack;
    if (typeof stack === "string") {
      const i = stack.indexOf(old);
      err.stack = i >= 0 ? stack.slice(0, i) + message + stack.slice(i + old.length) : `${message}\n${stack}`;
    }
    return true;
  } catch {
    return false;
  }
}
