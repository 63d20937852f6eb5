/**
 * The body of a traced function becomes
 * ```
 * {
 *   "use strict";                        // directives stay first
 *   const $f = $at.enter($s, vals);      // frame (adopted when a @traced wrapper opened it)
 *   let $j, $t;                          // only when the body joins promises / awaits
 *   function g() {}                      // those of its function declarations that a block would change
 *   try { ...body... } finally { $at.exit($f); }
 * }
 * ```
 * The body stays in the same function: `return`, `this`, `arguments`, `super` and `new.target`
 * mean what they meant. Catch and finally blocks resume the frame (see rewrite-try.ts).
 */
import type * as TS from "typescript";
import type { FileContext, FnContext } from "./context";
import { returnedValue } from "./rewrite-await";
import { directiveCount } from "./utils";

export function wrapBody(
  cx: FileContext,
  fn: FnContext,
  body: TS.ConciseBody,
  enterSite: TS.Identifier,
  enterValues: readonly TS.Identifier[],
): TS.Block {
  const { ts, f, hooks } = cx;
  const block = ts.isBlock(body) ? body : undefined;
  // A concise body `async () => x` is a `return x`: a wait on what it returns (rewrite-await.ts).
  const original = fn.node.body;
  const statements: TS.Statement[] =
    block !== undefined
      ? [...block.statements]
      : [
          f.createReturnStatement(
            !fn.asyncGenerator && original !== undefined && !ts.isBlock(original)
              ? returnedValue(cx, fn, original, original, body as TS.Expression)
              : (body as TS.Expression),
          ),
        ];
  const prologue = statements.splice(0, block !== undefined ? directiveCount(ts, statements) : 0);
  const hoisted = topLevelFunctions(ts, fn.node, statements);
  const rest = hoisted.length === 0 ? statements : statements.filter((s) => !hoisted.includes(s));
  const header: TS.Statement[] = [
    f.createVariableStatement(
      undefined,
      f.createVariableDeclarationList(
        [
          f.createVariableDeclaration(
            fn.frame,
            undefined,
            undefined,
            hooks.call("enter", [enterSite, ...hooks.values(enterValues)]),
          ),
        ],
        ts.NodeFlags.Const,
      ),
    ),
  ];
  const temporaries = [fn.join, fn.resumed].filter((t): t is TS.Identifier => t !== undefined);
  if (temporaries.length > 0) {
    header.push(
      f.createVariableStatement(
        undefined,
        f.createVariableDeclarationList(
          temporaries.map((t) => f.createVariableDeclaration(t)),
          ts.NodeFlags.Let,
        ),
      ),
    );
  }
  const guarded = f.createTryStatement(
    f.createBlock(rest, true),
    undefined,
    f.createBlock([hooks.stmt("exit", [fn.frame])], true),
  );
  const all = [...prologue, ...header, ...hoisted, guarded];
  return block !== undefined ? f.updateBlock(block, all) : f.createBlock(all, true);
}

/** `catch (e) { $at.resumeThrown($f); ... }`: a rejected await resumes here. */
export function resumeInCatch(cx: FileContext, fn: FnContext, clause: TS.CatchClause): TS.CatchClause {
  const { f, hooks } = cx;
  const block = f.updateBlock(clause.block, [hooks.stmt("resumeThrown", [fn.frame]), ...clause.block.statements]);
  return f.updateCatchClause(clause, clause.variableDeclaration, block);
}

/** `finally { $at.resumeThrown($f); ... }`: reached after a rejected await, or a `return` in a wait. */
export function resumeInFinally(cx: FileContext, fn: FnContext, stmt: TS.TryStatement): TS.TryStatement {
  const { f, hooks } = cx;
  const fin = stmt.finallyBlock;
  if (fin === undefined) return stmt;
  const block = f.updateBlock(fin, [hooks.stmt("resumeThrown", [fn.frame]), ...fin.statements]);
  return f.updateTryStatement(stmt, stmt.tryBlock, stmt.catchClause, block);
}

/**
 * The function declarations of a body that must stay at its top level, beside the header, when
 * the rest of the body moves into a block (the `try` that wraps it, rewrite-using.ts's blocks):
 * inside a block they would be block-scoped, where `var g; function g() {}` and two declarations of
 * one name are SyntaxErrors in strict code, and in sloppy code a function named as a parameter (or
 * `arguments`) would no longer assign it (mapped `arguments`). Only those: every other declaration
 * stays in the block, where it still sees the body's `let`, `const` and `class` declarations (moved
 * out of the block, a function closing over them threw a ReferenceError: p-map's `pMapIterable`).
 * Either way a declaration is hoisted: its place in the list changes nothing else. A declaration
 * that must stay at the top level and also reads a lexical name of the body is not supported
 * (docs/transformer.md, Known limits).
 */
export function topLevelFunctions(
  ts: typeof TS,
  fnNode: TS.SignatureDeclaration,
  statements: readonly TS.Statement[],
): TS.Statement[] {
  const decls = statements.filter((s): s is TS.FunctionDeclaration => ts.isFunctionDeclaration(s));
  if (decls.length === 0) return [];
  const taken = new Set<string>(["arguments"]);
  for (const p of fnNode.parameters) bindingNames(ts, p.name, taken);
  for (const s of statements) varNames(ts, s, taken);
  const seen = new Set<string>();
  for (const d of decls) {
    const name = d.name?.text;
    if (name === undefined) continue;
    if (seen.has(name)) taken.add(name);
    seen.add(name);
  }
  return decls.filter((d) => d.name !== undefined && taken.has(d.name.text));
}

function bindingNames(ts: typeof TS, name: TS.BindingName, out: Set<string>): void {
  if (ts.isIdentifier(name)) {
    out.add(name.text);
    return;
  }
  for (const e of name.elements) if (!ts.isOmittedExpression(e)) bindingNames(ts, e.name, out);
}

/** The names `var` declares in `n`, nested blocks and loops included, not in nested functions or classes. */
function varNames(ts: typeof TS, n: TS.Node, out: Set<string>): void {
  if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
  if (ts.isVariableDeclarationList(n) && (n.flags & ts.NodeFlags.BlockScoped) === 0) {
    for (const d of n.declarations) bindingNames(ts, d.name, out);
  }
  ts.forEachChild(n, (c) => varNames(ts, c, out));
}
