/**
 * The text output of a dump, bounded: a tree of millions of spans with long labels can print more
 * than the longest string the engine can make (`Invalid string length`), and a dump must never
 * throw. Lines past the limit are not written; the dump ends with one line counting their spans.
 */
import { constants } from "node:buffer";

/** Room kept under the engine's longest string for the closing lines. */
const CLOSING_ROOM = 4096;

/** The longest output a dump produces before its closing lines. */
export const MAX_OUTPUT_LENGTH = constants.MAX_STRING_LENGTH - CLOSING_ROOM;

/** Validates a `maxLength` option (a number of characters; capped by the engine's limit). */
export function outputLimit(maxLength: unknown, where: string): number {
  if (maxLength === undefined) return MAX_OUTPUT_LENGTH;
  if (typeof maxLength !== "number" || Number.isNaN(maxLength) || maxLength < 0) {
    throw new TypeError(`${where}: maxLength must be a number >= 0, got ${String(maxLength)}`);
  }
  return Math.min(Math.floor(maxLength), MAX_OUTPUT_LENGTH);
}

/** Lines joined into one flat string at a time (see `TextOutput`). */
const LINES_PER_CHUNK = 2048;

/**
 * Lines are joined into flat chunks as they come: a line held on its own (a string made by
 * concatenation is a tree of pieces) takes several times its characters, and a dump of 100,000
 * tasks writes half a million lines (docs/cli.md, "Memory of a dump").
 */
export class TextOutput {
  private readonly chunks: string[] = [];
  private lines: string[] = [];
  private length = 0;
  /** Set by the first line that did not fit; nothing is written after it. */
  full = false;
  /** Spans whose lines were not written because the output was full. */
  omitted = 0;

  constructor(private readonly limit: number) {}

  /** Appends `s` if it fits; false (and nothing written, now or later) once it does not. */
  write(s: string): boolean {
    if (this.full) return false;
    if (this.length + s.length > this.limit) {
      this.full = true;
      return false;
    }
    this.lines.push(s);
    this.length += s.length;
    if (this.lines.length === LINES_PER_CHUNK) {
      this.chunks.push(this.lines.join(""));
      this.lines = [];
    }
    return true;
  }

  /** The output, with the line counting what did not fit (written past the limit: room is kept for it). */
  finish(): string {
    if (this.full) this.lines.push(`[Omitted ${this.omitted} spans: output limit reached]\n`);
    this.chunks.push(this.lines.join(""));
    this.lines = [];
    return this.chunks.length === 1 ? (this.chunks[0] as string) : this.chunks.join("");
  }
}
