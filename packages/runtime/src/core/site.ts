/**
 * Static descriptors of instrumented places in the source. The transformer emits one per await,
 * frame or suspension point, created once when the module loads; at run time each span only
 * stores the site and the runtime values of its label.
 */

import type { SiteInit } from "../instrument/contract";
import { formatArgValue, formatTemplateValue } from "./label-value";
import { SpanFlags } from "./span-label";

// The descriptor's shape is part of the transformer-runtime contract (instrument/contract.ts, a leaf
// of types and constants: the one import of the core from above it, erased at compile time).
export type { SiteInit };

export class Site {
  readonly parts: readonly string[];
  readonly file: string | undefined;
  readonly line: number;
  readonly column: number;
  readonly template: boolean;
  readonly flags: number;
  readonly call: boolean;
  /** The frame site of an async generator's body (see `SiteInit.generator`). */
  readonly generator: boolean;
  /** A frame labelled with the user's own name (see `SiteInit.named`). */
  readonly named: boolean;
  /** The frame of a function without a name of its own (see `SiteInit.anonymous`). */
  readonly anonymous: boolean;
  /** Such a frame's: the line and column of the wait on the call it is passed to (0: none). */
  readonly waitLine: number;
  readonly waitColumn: number;

  constructor(init: SiteInit) {
    this.parts = init.parts.length > 0 ? init.parts : [""];
    this.file = init.file;
    this.line = init.line ?? 0;
    this.column = init.column ?? 0;
    this.template = init.style === "template";
    this.call = init.call === true;
    this.generator = init.generator === true;
    this.named = init.named === true;
    this.anonymous = init.anonymous === true;
    const wait = init.passedToWait;
    this.waitLine = typeof wait?.line === "number" ? wait.line : 0;
    this.waitColumn = typeof wait?.column === "number" ? wait.column : 0;
    this.flags = (init.verbose ? SpanFlags.Verbose : 0) | (init.longRunning ? SpanFlags.LongRunning : 0);
  }

  /** How many runtime values the label takes. */
  get arity(): number {
    return this.parts.length - 1;
  }

  /** The label with `values` (undefined, the single value, or an array) filled in. */
  format(values: unknown): string {
    const parts = this.parts;
    const n = parts.length - 1;
    if (n === 0) return parts[0] as string;
    const fmt = this.template ? formatTemplateValue : formatArgValue;
    let out = parts[0] as string;
    for (let i = 0; i < n; i++) {
      const v = n === 1 ? values : (values as unknown[] | undefined)?.[i];
      out += fmt(v) + parts[i + 1];
    }
    return out;
  }

  get location(): string | undefined {
    return this.file === undefined ? undefined : `${this.file}:${this.line}:${this.column}`;
  }
}
