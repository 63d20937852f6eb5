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

export class TextOutput {
  private readonly parts: string[] = [];
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
    this.parts.push(s);
    this.length += s.length;
    return true;
  }

  /** The output, with the line counting what did not fit (written past the limit: room is kept for it). */
  finish(): string {
    if (this.full) this.parts.push(`[Omitted ${this.omitted} spans: output limit reached]\n`);
    return this.parts.join("");
  }
}
