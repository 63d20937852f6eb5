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
import { topLevelFunctions } from "./body-functions";
import type { FileContext, FnContext } from "./context";
import { returnedValue } from "./rewrite-await";
import { closingBrace, mapCloseBrace, mapTryTail } from "./source-map-tails";
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
  // The `}`, `finally` and `exit` map to the body's `}`, for coverage tools (source-map-tails.ts).
  const close = closingBrace(cx.sf, original);
  const guarded = mapTryTail(
    ts,
    cx.sf,
    f.createTryStatement(f.createBlock(rest, true), undefined, f.createBlock([hooks.stmt("exit", [fn.frame])], true)),
    close,
  );
  const all = [...prologue, ...header, ...hoisted, guarded];
  return mapCloseBrace(ts, cx.sf, block !== undefined ? f.updateBlock(block, all) : f.createBlock(all, true), close);
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
