/**
 * Static descriptors of instrumented places: one `$at.site({...})` per await, frame or other
 * suspension point, hoisted to the top of the module so that it is created once, when the module
 * loads. Declared with `var`: a function called through an import cycle before the module body ran
 * sees `undefined`, on which every hook is a no-op, instead of a TDZ error.
 */
import type { INSTRUMENT_CONTRACT, SiteInit } from "@await-tree/runtime/contract";
import type * as TS from "typescript";
import type { HookName } from "./context";
import type { FileNames } from "./names";

/**
 * The contract version this emitter writes into every `$at.site(init, version)` call. Checked
 * against the runtime's: when the runtime moves to a new contract, this build fails until the
 * emitter follows (and this number with it).
 */
export const EMITTED_CONTRACT = 1 satisfies typeof INSTRUMENT_CONTRACT;

/** The expressions of a site descriptor's fields, by the runtime's field names. */
type SiteFields = { [K in keyof SiteInit]?: TS.Expression };
const TEMPLATE_STYLE = "template" satisfies SiteInit["style"];

export interface SiteSpec {
  parts: string[];
  /** The node whose start is the location (the `await` keyword, the function name, ...). */
  at: TS.Node | undefined;
  template?: boolean;
  verbose?: boolean;
  longRunning?: boolean;
  call?: boolean;
  /** The frame of an async generator's body (never folded into the wait on its `next()`). */
  generator?: boolean;
  /** A frame labelled with the user's own name (never folded under the wait on its call). */
  named?: boolean;
  /** The frame of a function without a name of its own (never folded under the wait on a call). */
  anonymous?: boolean;
  /** Such a function's: the `await` or `return` of the call it is passed to (its wait's `at`). */
  passedToWait?: TS.Node;
}

/**
 * A position of the compiled file (1-based) to the original source's; the file is absolute, and
 * `content` its text when the map carries it; `exact`: only where a mapping starts at that column.
 */
export type OriginalLocator = (
  line: number,
  column: number,
  exact?: boolean,
) => { file: string; line: number; column: number; content?: string } | undefined;

/** The same, with the file relative to the project root, as locations print it. */
type RelativeLocator = (line: number, column: number) => { file: string; line: number; column: number } | undefined;

export class SiteTable {
  private readonly decls: TS.VariableDeclaration[] = [];

  constructor(
    private readonly ts: typeof TS,
    private readonly factory: TS.NodeFactory,
    private readonly sf: TS.SourceFile,
    private readonly file: string,
    private readonly at: TS.Identifier,
    private readonly names: FileNames,
    /** Compiled input with a source map: locations name the original source. */
    private readonly locate?: RelativeLocator,
  ) {}

  get size(): number {
    return this.decls.length;
  }

  /** A new site; returns the name that refers to it. */
  add(spec: SiteSpec): TS.Identifier {
    const f = this.factory;
    const fields: SiteFields = {
      parts: f.createArrayLiteralExpression(spec.parts.map((p) => f.createStringLiteral(p))),
    };
    const where = this.locationOf(spec.at);
    if (where !== undefined) {
      fields.file = f.createStringLiteral(where.file);
      fields.line = f.createNumericLiteral(where.line);
      fields.column = f.createNumericLiteral(where.column);
    }
    if (spec.template) fields.style = f.createStringLiteral(TEMPLATE_STYLE);
    if (spec.verbose) fields.verbose = f.createTrue();
    if (spec.longRunning) fields.longRunning = f.createTrue();
    if (spec.call) fields.call = f.createTrue();
    if (spec.generator) fields.generator = f.createTrue();
    if (spec.named) fields.named = f.createTrue();
    if (spec.anonymous) fields.anonymous = f.createTrue();
    // The wait's location, found as the wait's own site finds it (the same file: only its line and
    // column are written).
    const wait = this.locationOf(spec.passedToWait);
    if (wait !== undefined && where !== undefined && wait.file === where.file) {
      fields.passedToWait = f.createObjectLiteralExpression([
        f.createPropertyAssignment("line", f.createNumericLiteral(wait.line)),
        f.createPropertyAssignment("column", f.createNumericLiteral(wait.column)),
      ]);
    }
    const props = Object.entries(fields).map(([key, value]) => f.createPropertyAssignment(key, value));
    const name = this.names.next("$s");
    const site: HookName = "site";
    const init = f.createCallExpression(f.createPropertyAccessExpression(this.at, site), undefined, [
      f.createObjectLiteralExpression(props, false),
      f.createNumericLiteral(EMITTED_CONTRACT),
    ]);
    this.decls.push(f.createVariableDeclaration(name, undefined, undefined, init));
    return name;
  }

  /** Where `node` starts, in the original source when the input was compiled with a map. */
  private locationOf(node: TS.Node | undefined): { file: string; line: number; column: number } | undefined {
    if (node === undefined || node.pos < 0 || this.ts.getParseTreeNode(node) !== node) return undefined;
    const { line, character } = this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf));
    return this.locate?.(line + 1, character + 1) ?? { file: this.file, line: line + 1, column: character + 1 };
  }

  /** `var $s_1 = $at.site({...}), ...;` or nothing. */
  statement(): TS.Statement | undefined {
    if (this.decls.length === 0) return undefined;
    const f = this.factory;
    return f.createVariableStatement(undefined, f.createVariableDeclarationList(this.decls, this.ts.NodeFlags.None));
  }
}
