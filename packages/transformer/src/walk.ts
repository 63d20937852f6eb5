/**
 * A pre-order walk of a subtree with an explicit stack instead of recursion: generated code can
 * nest thousands of levels (a long `"a" + "b" + ...` is a left-deep tree of binary expressions),
 * and the transformer must never overflow the stack where TypeScript itself does not.
 */
import type * as TS from "typescript";

/**
 * Calls `enter` on `root` and every node below it, parents before children, children in source
 * order (the order of `ts.forEachChild`). When `enter` returns false the node's children are
 * skipped.
 */
export function walk(ts: typeof TS, root: TS.Node, enter: (n: TS.Node) => boolean): void {
  const stack: TS.Node[] = [root];
  const children: TS.Node[] = [];
  const push = (c: TS.Node) => {
    children.push(c);
  };
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    if (!enter(n)) continue;
    ts.forEachChild(n, push);
    // Reversed, so that the first child is popped first.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as TS.Node);
    children.length = 0;
  }
}

/** `walk` over the children of `root` only (not `root` itself). */
export function walkChildren(ts: typeof TS, root: TS.Node, enter: (n: TS.Node) => boolean): void {
  ts.forEachChild(root, (c) => {
    walk(ts, c, enter);
  });
}
