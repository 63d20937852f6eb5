/**
 * Which nodes of a file the visitor has to look at. One iterative pass over the file marks every
 * node the visitor may rewrite or report (an `async` modifier, `await`, `yield`, `for await`,
 * `return`, `try`/`catch`, labels, a block with `await using`, a decorator, the global `Promise`
 * of a join, a `traced(fn)` call naming its function) together with all its ancestors. The visitor
 * returns every other node untouched without descending into it: a subtree holding none of these
 * has nothing to instrument, and huge generated expressions (a 10,000-term string concatenation,
 * deeply nested literals) are never recursed into.
 *
 * A node kind the visitor starts to rewrite must be listed in `rewritable`, or the visitor never
 * sees it.
 */
import type * as TS from "typescript";
import { hasAwaitUsing } from "./rewrite-using";

export class HotNodes {
  private readonly hot = new Set<TS.Node>();

  constructor(private readonly ts: typeof TS) {}

  /** Called by the pre-scan for every node of the file (see transform.ts). */
  scan(n: TS.Node): void {
    if (this.rewritable(n)) this.mark(n);
  }

  /** Marks `n` and its ancestors (stops at the first one already marked: its ancestors are too). */
  mark(n: TS.Node): void {
    for (let p: TS.Node | undefined = n; p !== undefined && !this.hot.has(p); p = p.parent) this.hot.add(p);
  }

  /**
   * Whether the visitor must look at `n`. Nodes built by a transform (not from the parse tree) are
   * always looked at: they were not seen by the pre-scan.
   */
  has(n: TS.Node): boolean {
    return this.hot.has(n) || (n.flags & this.ts.NodeFlags.Synthesized) !== 0;
  }

  private rewritable(n: TS.Node): boolean {
    const ts = this.ts;
    switch (n.kind) {
      case ts.SyntaxKind.AsyncKeyword:
      case ts.SyntaxKind.AwaitKeyword:
      case ts.SyntaxKind.AwaitExpression:
      case ts.SyntaxKind.YieldExpression:
      case ts.SyntaxKind.Decorator:
      case ts.SyntaxKind.ReturnStatement:
      case ts.SyntaxKind.TryStatement:
      case ts.SyntaxKind.CatchClause:
      case ts.SyntaxKind.LabeledStatement:
        return true;
      case ts.SyntaxKind.ForOfStatement:
        return (n as TS.ForOfStatement).awaitModifier !== undefined;
      case ts.SyntaxKind.Block:
        return hasAwaitUsing(ts, n as TS.Block);
      case ts.SyntaxKind.Identifier:
        return (n as TS.Identifier).text === "Promise";
      default:
        return false;
    }
  }
}
