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
 *
 * Only those tokens: the statements the `finally` runs stay without a mapping. Tools that read the
 * emitted code's syntax (istanbul: jest's "babel" provider, vitest's coverage-istanbul, nyc; and
 * vitest's coverage-v8, which walks the syntax too) count every statement whose start maps onto the
 * source, and drop one on a line with no mapping. Mapped to the `}`, `$at.exit($f)` made that `}` a
 * line of its own, uncovered in a function never called (the coverage audit, 2026-12-06, vitest
 * 5.1.2 and jest 30.5.2: one line more per traced function). For the same reason the `{` of a user's
 * block that the transformer makes the block of a `try` (a `for await` body) is unmapped: its
 * line's other mapping made the added `try` a statement of the loop's line.
 */
import type * as TS from "typescript";

/** Maps the `}` of `stmt`'s try block, its `finally` and the finally block's braces to the source position `close`. */
export function mapTryTail(ts: typeof TS, sf: TS.SourceFile, stmt: TS.TryStatement, close: number): TS.TryStatement {
  if (close < 0 || sf.text.charCodeAt(close) !== 0x7d /* } */) return stmt;
  const at: TS.SourceMapRange = { pos: close, end: close + 1 };
  ts.setTokenSourceMapRange(stmt.tryBlock, ts.SyntaxKind.CloseBraceToken, at);
  ts.setTokenSourceMapRange(stmt, ts.SyntaxKind.FinallyKeyword, at);
  const fin = stmt.finallyBlock;
  if (fin !== undefined) {
    ts.setTokenSourceMapRange(fin, ts.SyntaxKind.OpenBraceToken, at);
    ts.setTokenSourceMapRange(fin, ts.SyntaxKind.CloseBraceToken, at);
  }
  return stmt;
}

/**
 * Maps the `}` of a function body the transformer rebuilt (its statements are new, so the printer
 * has no position for the brace) to the body's `}` as written. A transform chained after ours
 * (babel-jest under jest's v8 coverage) maps its own `}` through ours: without a mapping there,
 * v8-to-istanbul could not place the end of a function that never ran and dropped its lines (the
 * coverage audit, 2026-12-06; test/bundlers/jest-coverage.test.ts).
 */
export function mapCloseBrace(ts: typeof TS, sf: TS.SourceFile, block: TS.Block, close: number): TS.Block {
  if (close < 0 || sf.text.charCodeAt(close) !== 0x7d /* } */) return block;
  ts.setTokenSourceMapRange(block, ts.SyntaxKind.CloseBraceToken, { pos: close, end: close + 1 });
  return block;
}

/** No mapping for the `{` of `block` (a block of the user's that became the block of an added `try`). */
export function unmapOpenBrace(ts: typeof TS, block: TS.Block): TS.Block {
  // Both the token's mapping and the block's own (a node's start is mapped before it is printed).
  ts.setTokenSourceMapRange(block, ts.SyntaxKind.OpenBraceToken, { pos: -1, end: -1 });
  // `getEmitFlags` is internal: keep any flag already set (none on a block as parsed).
  const flags = (ts as unknown as { getEmitFlags?(node: TS.Node): number }).getEmitFlags?.(block) ?? 0;
  ts.setEmitFlags(block, flags | ts.EmitFlags.NoLeadingSourceMap);
  return block;
}

/** The position of the closing `}` of `node` as written (a block, or a statement ending in one), or -1. */
export function closingBrace(sf: TS.SourceFile, node: TS.Node | undefined): number {
  if (node === undefined || node.pos < 0 || node.end <= 0) return -1;
  const at = node.end - 1;
  return sf.text.charCodeAt(at) === 0x7d ? at : -1;
}
