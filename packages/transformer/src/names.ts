/**
 * The numbered names the emitted code declares: one per await or call site at the top of the file
 * (`$s_1`, `$s_2`, ...), and per function the temporary of an awaited value (`$t_1`) and of a join
 * (`$j_1`). Numbered here, per file, instead of through `factory.createUniqueName`: TypeScript's
 * printer finds a unique file-level name by trying `_1`, `_2`, ... from the start for each one, so
 * 8,000 sites in one generated file cost 8,000²/2 checks (8,000 functions: 41 s instead of 2.3).
 * A name that the file already writes anywhere (code, string or comment) is skipped, so no name of
 * the program is shadowed or taken. (`$f`, the frame, stays TypeScript's: it is unique within its
 * function only, found at once.)
 */
import type * as TS from "typescript";

/** Every `$<letters>_<digits>` word of the source text, found once. */
const NUMBERED = /\$[A-Za-z]+_\d+/g;
/** The bases, where the file writes them as names of their own (`$s`, `$t_x`, ...). */
const BARE = /\$([stj])(?![A-Za-z0-9$]|_\d+(?![A-Za-z0-9_$]))/g;

export class FileNames {
  private readonly taken: Set<string>;
  private readonly last = new Map<string, number>();
  /**
   * Bases the program itself uses as (part of) a name: TypeScript's own transforms may then derive
   * `$s_1` from it (a renamed block-scoped `$s`), which they would not know to be ours. There the
   * name is TypeScript's unique name, as before, at its quadratic cost.
   */
  private readonly bare = new Set<string>();

  constructor(
    private readonly f: TS.NodeFactory,
    text: string,
  ) {
    this.taken = new Set(text.match(NUMBERED));
    for (const m of text.matchAll(BARE)) this.bare.add(`$${m[1]}`);
  }

  /** A fresh identifier `<base>_<n>`, distinct from every other of this file. */
  next(base: "$s" | "$t" | "$j"): TS.Identifier {
    if (this.bare.has(base)) return this.f.createUniqueName(base);
    let n = this.last.get(base) ?? 0;
    let name: string;
    do {
      n += 1;
      name = `${base}_${n}`;
    } while (this.taken.has(name));
    this.last.set(base, n);
    return this.f.createIdentifier(name);
  }
}
