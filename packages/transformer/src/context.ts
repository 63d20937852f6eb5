/** State shared by the rewrites of one source file, and of one traced function. */
import type * as Instrument from "@await-tree/runtime/instrument";
import type * as TS from "typescript";
import type { Detector } from "./detect";
import type { Report } from "./diagnostics";
import type { FunctionNode } from "./frames";
import type { FileNames } from "./names";
import type { ResolvedOptions } from "./options";
import type { OriginalNames } from "./original-names";
import type { Scopes } from "./scope";
import type { SiteTable } from "./sites";

export interface FileContext {
  ts: typeof TS;
  f: TS.NodeFactory;
  context: TS.TransformationContext;
  sf: TS.SourceFile;
  options: ResolvedOptions;
  /** The file matched include/exclude and `traceAll` is on. */
  traceAll: boolean;
  /** No type checker that can resolve imports (transpile-only): decisions are syntactic. */
  isolated: boolean;
  scopes: Scopes;
  detect: Detector;
  sites: SiteTable;
  /** The numbered names the emitted code declares (sites, awaited values, joins). */
  names: FileNames;
  hooks: Hooks;
  report: Report;
  /** Compiled input with a source map: the names its original source wrote, for labels. */
  originalNames: OriginalNames | undefined;
  /**
   * The output keeps `?.` as written (its target is ES2020 or later), so emitted code may use an
   * optional call: V8 quotes one as `(intermediate value)`, as it quotes an `await` (rewrite-await.ts).
   */
  keepsOptionalChains: boolean;
}

export interface FnContext {
  /** The traced function (original node). */
  node: FunctionNode;
  /** The frame id variable, `$f`. */
  frame: TS.Identifier;
  asyncGenerator: boolean;
  /** The temporary of `Promise.all` & co. (declared at the top of the body when used). */
  join: TS.Identifier | undefined;
  /** The temporary of an awaited value between `await` and `resume` (declared like `join`). */
  resumed: TS.Identifier | undefined;
}

/**
 * The hooks emitted code may call: the functions `@await-tree/runtime/instrument` exports. Taken
 * from the runtime's own declarations, so a hook renamed or removed there fails this build.
 */
export type HookName = {
  [K in keyof typeof Instrument]: (typeof Instrument)[K] extends (...args: never[]) => unknown ? K : never;
}[keyof typeof Instrument];

/** Calls into `@await-tree/runtime/instrument`, bound to the file's unique import name. */
export class Hooks {
  constructor(
    private readonly ts: typeof TS,
    private readonly f: TS.NodeFactory,
    private readonly at: TS.Identifier,
  ) {}

  /** `$at.<hook>(args)`; `(0, $at.<hook>)(args)` when `detached` (see `callee`). */
  call(name: HookName, args: TS.Expression[], detached = false): TS.CallExpression {
    return this.f.createCallExpression(this.callee(name, detached), undefined, args);
  }

  /**
   * `$at.<hook>`, to be called (also by an optional call: see `FileContext.keepsOptionalChains`).
   * `detached`: `(0, $at.<hook>)`, the same function called the same way (no hook reads `this`),
   * for a call whose arguments hold the user's function literals (`holdsFunction`). V8 names an
   * anonymous function after the names around it when an object literal's property follows it
   * (`lib.map(async (x) => ..., { concurrency: 2 })` runs as `lib.map.concurrency` in a stack
   * trace), and the names of the hook's callee joined that name (`$at_1.suspend.lib.map.concurrency`:
   * found by the streams audit, 2026-12-05); a callee inside a comma expression gives it none.
   */
  callee(name: HookName, detached = false): TS.Expression {
    const f = this.f;
    const callee = f.createPropertyAccessExpression(this.at, name);
    if (!detached) return callee;
    return f.createParenthesizedExpression(f.createCommaListExpression([f.createNumericLiteral(0), callee]));
  }

  /** `callee?.(args)`: the hooks are never nullish, so it always calls. */
  optionalCall(callee: TS.Expression, args: TS.Expression[]): TS.CallChain {
    const f = this.f;
    return f.createCallChain(callee, f.createToken(this.ts.SyntaxKind.QuestionDotToken), undefined, args);
  }

  stmt(name: HookName, args: TS.Expression[]): TS.Statement {
    return this.f.createExpressionStatement(this.call(name, args));
  }

  /**
   * A second reference to a variable. A new node, so that no node appears twice in the tree, that
   * keeps its original: TypeScript's module transform still resolves it (an exported `let` read as
   * `exports.x` in CommonJS).
   */
  ref(id: TS.Identifier): TS.Identifier {
    return this.ts.setOriginalNode(this.f.createIdentifier(id.text), id);
  }

  /** The `vals` argument: nothing, the single value, or an array. */
  values(ids: readonly TS.Identifier[]): TS.Expression[] {
    if (ids.length === 0) return [];
    if (ids.length === 1) return [this.ref(ids[0] as TS.Identifier)];
    return [this.f.createArrayLiteralExpression(ids.map((i) => this.ref(i)))];
  }
}
