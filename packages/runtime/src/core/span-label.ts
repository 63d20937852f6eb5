/**
 * Span names. A span is immutable; `verbose()` and `longRunning()` return a modified copy.
 * Template spans keep their static parts and values and are formatted only when a tree is dumped.
 */
import { formatTemplateValue } from "./label-value";

export enum SpanFlags {
  None = 0,
  Verbose = 1,
  LongRunning = 2,
}

export class Span {
  /** @internal */ readonly parts: readonly string[] | undefined;
  /** @internal */ readonly values: readonly unknown[] | undefined;
  /** @internal */ readonly literal: string;
  /** @internal */ readonly flags: number;

  /** @internal use `span` to create spans */
  constructor(literal: string, parts?: readonly string[], values?: readonly unknown[], flags = 0) {
    this.literal = literal;
    this.parts = parts;
    this.values = values;
    this.flags = flags;
  }

  /** The formatted name. Formatting a template never throws: a failing value shows a placeholder. */
  get name(): string {
    const parts = this.parts;
    if (parts === undefined) return this.literal;
    const values = this.values ?? [];
    let out = parts[0] ?? "";
    for (let i = 1; i < parts.length; i++) out += formatTemplateValue(values[i - 1]) + parts[i];
    return out;
  }

  get isVerbose(): boolean {
    return (this.flags & SpanFlags.Verbose) !== 0;
  }

  get isLongRunning(): boolean {
    return (this.flags & SpanFlags.LongRunning) !== 0;
  }

  /** A copy hidden from trees unless the registry is verbose. */
  verbose(): Span {
    return new Span(this.literal, this.parts, this.values, this.flags | SpanFlags.Verbose);
  }

  /** A copy never marked `!!!`, however long it has been pending. */
  longRunning(): Span {
    return new Span(this.literal, this.parts, this.values, this.flags | SpanFlags.LongRunning);
  }

  toString(): string {
    return this.name;
  }
}

export type SpanLike = string | Span;

function isTemplateStrings(x: unknown): x is TemplateStringsArray {
  return Array.isArray(x) && Array.isArray((x as unknown as { raw?: unknown }).raw);
}

/**
 * `span("name")` or, lazily formatted, `` span`pending in baz ${i}` ``.
 * Values are kept as they are and formatted when the tree is printed (like a template literal).
 */
export function span(name: string): Span;
export function span(strings: TemplateStringsArray, ...values: unknown[]): Span;
export function span(first: string | TemplateStringsArray, ...values: unknown[]): Span {
  if (isTemplateStrings(first)) {
    return first.length === 1 ? new Span(first[0] as string) : new Span("", first, values);
  }
  if (typeof first !== "string") {
    throw new TypeError(`span() expects a string or a template literal, got ${typeof first}`);
  }
  return new Span(first);
}

/** Accepts what users pass where a span is expected; anything else is a TypeError naming it. */
export function toSpan(x: unknown, what = "span"): Span {
  if (x instanceof Span) return x;
  if (typeof x === "string") return new Span(x);
  throw new TypeError(`${what} must be a string or a Span (from span()), got ${describeType(x)}`);
}

export function describeType(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  return typeof x === "object" ? "an object" : typeof x;
}
