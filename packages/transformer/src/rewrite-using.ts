/**
 * `await using`: when its block ends, the block's resources are disposed and the async ones
 * awaited. That await has no expression to wrap, so the statements after the block's last
 * `using` / `await using` declaration move into a `try` whose `finally` opens the wait:
 * ```
 * try {
 *   { a; await using r = x; b; using s = y;
 *     try { c; } finally { $at.resumeThrown($f); $at.suspend($f, $s, $at.mark($f), undefined); } }
 * } finally { $at.resumeThrown($f); }
 * ```
 * The inner `finally` runs right before the block disposes its resources (the wait
 * "await using r, s"), the outer one right after. Every declaration stays in its block, so the
 * disposal (and TypeScript's lowering of it) is exactly as before, tick for tick. When a name
 * declared in the moved statements is referenced before them (a closure, a hoisted function),
 * moving it could change the program: the block is left as it is (its disposal is then not a wait).
 * A block left before its last declaration (a throw, `return` or `break` in between) disposes
 * without a wait.
 */
import type * as TS from "typescript";
import { topLevelFunctions } from "./body-functions";
import type { FileContext, FnContext } from "./context";
import { directiveCount } from "./utils";

function usingKind(ts: typeof TS, s: TS.Statement): "await" | "sync" | undefined {
  const flags = ts.NodeFlags as { Using?: number; AwaitUsing?: number };
  if (flags.AwaitUsing === undefined || flags.Using === undefined || !ts.isVariableStatement(s)) return undefined;
  const scoped = s.declarationList.flags & ts.NodeFlags.BlockScoped;
  if (scoped === flags.AwaitUsing) return "await";
  if (scoped === flags.Using) return "sync";
  return undefined;
}

export function hasAwaitUsing(ts: typeof TS, block: TS.Block): boolean {
  return block.statements.some((s) => usingKind(ts, s) === "await");
}

function bindingNames(ts: typeof TS, n: TS.BindingName, out: Set<string>): void {
  if (ts.isIdentifier(n)) out.add(n.text);
  else for (const e of n.elements) if (!ts.isOmittedExpression(e)) bindingNames(ts, e.name, out);
}

/** Names a statement declares in its block (what moving it into a nested block would hide). */
function lexicalNames(ts: typeof TS, s: TS.Statement, out: Set<string>): void {
  if (ts.isVariableStatement(s)) {
    if (s.declarationList.flags & ts.NodeFlags.BlockScoped) {
      for (const d of s.declarationList.declarations) bindingNames(ts, d.name, out);
    }
  } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name !== undefined) out.add(s.name.text);
  else if ((ts.isEnumDeclaration(s) || ts.isModuleDeclaration(s)) && ts.isIdentifier(s.name)) out.add(s.name.text);
}

function referencedNames(ts: typeof TS, n: TS.Node, out: Set<string>): void {
  if (ts.isIdentifier(n)) out.add(n.text);
  ts.forEachChild(n, (c) => referencedNames(ts, c, out));
}

export function rewriteAwaitUsing(cx: FileContext, fn: FnContext, original: TS.Block, visited: TS.Block): TS.Block {
  const { ts, f, hooks, sites, sf } = cx;
  const orig = original.statements;
  const stmts = visited.statements;
  if (stmts.length !== orig.length) return visited;
  const prologue = fn.node.body === original ? directiveCount(ts, orig) : 0;
  let last = -1;
  const names: string[] = [];
  for (let i = prologue; i < orig.length; i++) {
    const s = orig[i] as TS.Statement;
    if (usingKind(ts, s) === undefined) continue;
    last = i;
    for (const d of (s as TS.VariableStatement).declarationList.declarations) {
      names.push(sf.text.slice(d.name.getStart(sf), d.name.end));
    }
  }
  if (last < 0) return visited;
  // Nothing before the split may refer to a name declared after it.
  const before = new Set<string>();
  for (let i = 0; i <= last; i++) referencedNames(ts, orig[i] as TS.Statement, before);
  const declaredAfter = new Set<string>();
  for (let i = last + 1; i < orig.length; i++) lexicalNames(ts, orig[i] as TS.Statement, declaredAfter);
  for (const name of declaredAfter) if (before.has(name)) return visited;

  const site = sites.add({ parts: [`await using ${names.join(", ")}`], at: orig[last] });
  // The function declarations that a block would change stay at the body's top level (as in
  // rewrite-function.ts `wrapBody`, `topLevelFunctions`); the others stay in the block, beside the
  // lexical declarations they may close over. Hoisted either way.
  const atTop = fn.node.body === original;
  const hoisted = atTop ? topLevelFunctions(ts, fn.node, stmts.slice(prologue)) : [];
  const moved = (list: readonly TS.Statement[]) =>
    hoisted.length === 0 ? [...list] : list.filter((s) => !hoisted.includes(s));
  const dispose = f.createTryStatement(
    f.createBlock(moved(stmts.slice(last + 1)), true),
    undefined,
    f.createBlock(
      [
        hooks.stmt("resumeThrown", [fn.frame]),
        hooks.stmt("suspend", [fn.frame, site, hooks.call("mark", [fn.frame]), f.createVoidZero()]),
      ],
      true,
    ),
  );
  const inner = f.createBlock([...moved(stmts.slice(prologue, last + 1)), dispose], true);
  const outer = f.createTryStatement(inner, undefined, f.createBlock([hooks.stmt("resumeThrown", [fn.frame])], true));
  return f.updateBlock(visited, [...stmts.slice(0, prologue), ...hoisted, outer]);
}
