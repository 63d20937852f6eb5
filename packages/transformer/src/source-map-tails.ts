/**
 * Source-map positions for the code the transformer adds after a block of the user's: the `}` of a
 * `try` it opened, the `finally` and what that `finally` runs (`$at.exit($f)`, `resumeThrown`, the
 * next wait of a `for await`). They map to the closing brace of the block as written.
 *
 * Why: coverage tools that read V8's block counts (c8, jest's and vitest's v8 providers) map each
 * range back through the source map, and a range that never ran (the lines after a `return` or a
 * `throw`, the rest of a generator abandoned at a `yield`) ends where the added `finally` starts.
 * Left without a mapping, that end maps to nothing, v8-to-istanbul drops the whole range, and the
 * lines that never ran were reported covered (the coverage audit: `throw last;` after a retry loop,
 * `return null;` after a `for await`, under c8 with traceAll). Mapped to the block's `}`, the range
 * ends where the untransformed function's range ends.
 */
import type * as TS from "typescript";

/** Maps the `}` of `stmt`'s try block, its `finally` and the finally block to the source position `close`. */
export function mapTryTail(ts: typeof TS, sf: TS.SourceFile, stmt: TS.TryStatement, close: number): TS.TryStatement {
  if (close < 0 || sf.text.charCodeAt(close) !== 0x7d /* } */) return stmt;
  const at: TS.SourceMapRange = { pos: close, end: close + 1 };
  ts.setTokenSourceMapRange(stmt.tryBlock, ts.SyntaxKind.CloseBraceToken, at);
  ts.setTokenSourceMapRange(stmt, ts.SyntaxKind.FinallyKeyword, at);
  const fin = stmt.finallyBlock;
  if (fin !== undefined) {
    ts.setTokenSourceMapRange(fin, ts.SyntaxKind.OpenBraceToken, at);
    ts.setTokenSourceMapRange(fin, ts.SyntaxKind.CloseBraceToken, at);
    for (const s of fin.statements) if (s.pos < 0) ts.setSourceMapRange(s, at);
  }
  return stmt;
}

/** The position of the closing `}` of `node` as written (a block, or a statement ending in one), or -1. */
export function closingBrace(sf: TS.SourceFile, node: TS.Node | undefined): number {
  if (node === undefined || node.pos < 0 || node.end <= 0) return -1;
  const at = node.end - 1;
  return sf.text.charCodeAt(at) === 0x7d ? at : -1;
}
