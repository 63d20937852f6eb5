/**
 * One pass over a source file: decides which functions are traced (decorated with the runtime's
 * `@traced`, passed to `traced(...)` inline or by name, nested in a traced function, or every async
 * function with `traceAll`) and rewrites their bodies; everything else is left as it was.
 */
import type * as TS from "typescript";
import { keptFunctionsLoseNames } from "./body-functions";
import { CompiledDecorators } from "./compiled-decorators";
import type { FileContext, FnContext } from "./context";
import {
  derivedFrameLabel,
  type FrameLabel,
  type FunctionNode,
  frameLocation,
  staticFrameLabel,
  type TracedArgInfo,
  templateFrameLabel,
  tracedArgInfo,
  tracedCallName,
} from "./frames";
import type { HotNodes } from "./hot";
import { rewriteAwait, rewriteForAwait, rewriteGeneratorReturn, rewriteReturn, rewriteYield } from "./rewrite-await";
import { resumeInCatch, resumeInFinally, wrapBody } from "./rewrite-function";
import { awaitedJoin, isJoin, rewriteJoin } from "./rewrite-join";
import {
  checkMisplaced,
  checkNonAsyncMethod,
  decoratorExpressionInfo,
  decoratorInfo,
  isAsync,
  isDirect,
  isTracedExpression,
  rewriteDecorator,
  rewriteDecoratorExpression,
  rewriteTracedCall,
  tracedCallTarget,
  tracedDecorators,
} from "./rewrite-traced";
import { hasAwaitUsing, rewriteAwaitUsing } from "./rewrite-using";
import type { SerialisedFunctions } from "./serialised";
import { walk } from "./walk";

type Mode = "wrapped" | "own";

/** A lowered `traced` of compiled output: its list element, what its argument says, how it is marked. */
interface LoweredTraced {
  element: TS.Expression;
  info: TracedArgInfo;
  /** `body`: an async method whose body records its frame; `noAwait`: not async, only marked. */
  as: "body" | "noAwait";
}
export class FileVisitor {
  /**
   * Functions passed to the runtime's `traced(...)`, with what its label argument says; a
   * `reference` (a function named by identifier) may also be called without the wrapper.
   */
  /** `written`: what an inline function's `traced(...)` call is assigned to (frames.ts `tracedCallName`). */
  private readonly wrapped = new Map<TS.Node, { info: TracedArgInfo; reference: boolean; written?: string }>();
  /** Functions whose wrapper stays untransformed: never traced on their own (no double frame). */
  private readonly untouchable = new Set<TS.Node>();
  /**
   * Compiled output: methods whose decorators a compiler lowered into a helper call, with the
   * innermost `traced` expression of their list (see compiled-decorators.ts), and the reverse map.
   */
  private readonly compiled = new Map<TS.Node, LoweredTraced>();
  private readonly compiledElements = new Map<TS.Node, TS.MethodDeclaration>();
  /** Frame sites of wrapped functions, made when first needed: the wrapper's marker names them. */
  private readonly frameSites = new Map<TS.Node, TS.Identifier>();
  /** Joins that are an `await`'s own operand (rewrite-join.ts `awaitedJoin`). */
  private readonly awaitedJoins = new Set<TS.Node>();
  private readonly frameName: TS.Identifier;

  constructor(
    private readonly cx: FileContext,
    /** The nodes to look at (the others hold nothing to instrument). */
    private readonly hot: HotNodes,
    /** Functions left as written: their text may be serialised, or the user opted them out. */
    private readonly serialised: SerialisedFunctions,
  ) {
    this.frameName = cx.f.createUniqueName("$f");
    // A function passed by name may be declared before the call: find those calls first.
    if (cx.sf.text.includes("traced")) this.findReferences(cx.sf);
    if (/__(?:decorate|esDecorate|decorateClass|decorateElement)\b/.test(cx.sf.text)) this.findCompiledDecorators();
  }

  /** Lowered `@traced` of compiled output: the method is traced as if it carried the decorator. */
  private findCompiledDecorators(): void {
    const cx = this.cx;
    for (const d of new CompiledDecorators(cx.ts, cx.sf).decorations()) {
      const traced = d.elements.filter((e) => isTracedExpression(cx, e));
      // The innermost (last in the list, as in the source) wraps the body itself.
      const element = traced[traced.length - 1];
      if (element === undefined || d.method.body === undefined || this.leftAsWritten(d.method)) continue;
      // Not async (it returns a promise): only marked, as its source would have been, so that its
      // frame, which hides no await, is not counted as a call that ran without the transformer.
      // A generator is the wrapper's to refuse.
      const as: LoweredTraced["as"] = isAsync(cx.ts, d.method) ? "body" : "noAwait";
      if (as === "noAwait" && d.method.asteriskToken !== undefined) continue;
      const info = decoratorExpressionInfo(cx, element);
      if (info === undefined) continue;
      this.compiled.set(d.method, { element, info, as });
      this.compiledElements.set(element, d.method);
      this.hot.mark(element);
    }
  }

  /** `traced(load)` calls: registers `load`, and marks the call for the visitor (it has no `async`). */
  private findReferences(root: TS.Node): void {
    const { ts } = this.cx;
    walk(ts, root, (n) => {
      if (ts.isCallExpression(n)) {
        const last = n.arguments[n.arguments.length - 1];
        if (last !== undefined && ts.isIdentifier(last)) {
          const target = tracedCallTarget(this.cx, n);
          if (target?.reference === true) {
            this.hot.mark(n);
            if (!this.leftAsWritten(target.fn)) {
              this.wrapped.set(target.fn, { info: tracedArgInfo(ts, target.label), reference: true });
            } else this.untouchable.add(target.fn);
          }
        }
      }
      return true;
    });
  }

  visit = (node: TS.Node, fn: FnContext | undefined, inTraced: boolean): TS.Node | TS.Node[] | undefined => {
    const { ts } = this.cx;
    // Nothing to instrument below (see hot.ts): not even descended into.
    if (!this.hot.has(node)) return node;
    const decorated = this.compiledElements.get(node);
    if (decorated !== undefined && !this.serialised.keepsItsText(decorated)) {
      const entry = this.compiled.get(decorated) as LoweredTraced;
      const site = this.frameSite(decorated, decorated.asteriskToken === undefined, entry.info);
      const sub = (n: TS.Node) => this.visit(n, fn, inTraced) as TS.Node;
      return rewriteDecoratorExpression(this.cx, node as TS.Expression, sub, site, decorated, entry.as) ?? node;
    }
    // `@await-tree-ignore`: this node and everything in it stay as written.
    if (this.serialised.isIgnored(node)) return node;
    // A class whose text may be read at run time (`${Job}`): it and its methods stay as written.
    if (ts.isClassLike(node) && this.serialised.keepsItsText(node)) return node;
    if (isFunctionNode(ts, node)) return this.visitFunction(node, inTraced);
    const sub = (n: TS.Node) => this.visit(n, fn, inTraced) as TS.Node;
    if (
      ts.isPropertyDeclaration(node) ||
      ts.isClassStaticBlockDeclaration(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node)
    ) {
      // Class fields, static blocks, constructors and accessors run in their own scope, not in the
      // enclosing function: their catch/finally must not resume (or close the wait of) its frame.
      checkMisplaced(this.cx, node);
      return ts.visitEachChild(node, (c) => this.visit(c, undefined, inTraced), this.cx.context);
    }
    if (fn !== undefined) {
      if (ts.isAwaitExpression(node)) {
        const join = awaitedJoin(this.cx, node);
        if (join !== undefined) this.awaitedJoins.add(join);
        return rewriteAwait(this.cx, fn, node, sub(node.expression) as TS.Expression);
      }
      if (ts.isYieldExpression(node) && fn.asyncGenerator) {
        const operand = node.expression === undefined ? undefined : (sub(node.expression) as TS.Expression);
        return rewriteYield(this.cx, fn, node, operand);
      }
      if (ts.isReturnStatement(node) && fn.asyncGenerator && node.expression !== undefined) {
        return rewriteGeneratorReturn(this.cx, fn, node, sub(node.expression) as TS.Expression);
      }
      if (ts.isReturnStatement(node) && !fn.asyncGenerator && node.expression !== undefined) {
        return rewriteReturn(this.cx, fn, node, node.expression, sub(node.expression) as TS.Expression);
      }
      if (ts.isForOfStatement(node) && node.awaitModifier !== undefined) {
        return rewriteForAwait(this.cx, fn, node, sub, []);
      }
      if (ts.isLabeledStatement(node)) {
        const labels: TS.LabeledStatement[] = [node];
        let s = node.statement;
        while (ts.isLabeledStatement(s)) {
          labels.push(s);
          s = s.statement;
        }
        if (ts.isForOfStatement(s) && s.awaitModifier !== undefined)
          return rewriteForAwait(this.cx, fn, s, sub, labels);
      }
      if (ts.isCatchClause(node)) return resumeInCatch(this.cx, fn, ts.visitEachChild(node, sub, this.cx.context));
      if (ts.isTryStatement(node)) return resumeInFinally(this.cx, fn, ts.visitEachChild(node, sub, this.cx.context));
      if (ts.isBlock(node) && hasAwaitUsing(ts, node)) {
        return rewriteAwaitUsing(this.cx, fn, node, ts.visitEachChild(node, sub, this.cx.context));
      }
    }
    if (ts.isCallExpression(node)) {
      const target = tracedCallTarget(this.cx, node);
      if (target !== undefined) {
        const fnNode = target.fn;
        if (!target.reference) {
          if (this.leftAsWritten(fnNode)) this.untouchable.add(fnNode);
          else
            this.wrapped.set(fnNode, {
              info: tracedArgInfo(this.cx.ts, target.label),
              reference: false,
              written: tracedCallName(this.cx.ts, node),
            });
        }
        // Registered by findReferences (a reference) or just above.
        if (this.wrapped.has(fnNode)) {
          return rewriteTracedCall(this.cx, node, target.label, sub, fnNode, () => this.frameSiteOf(fnNode));
        }
      } else if (fn !== undefined && isJoin(this.cx, node)) {
        return rewriteJoin(this.cx, fn, node, sub, this.awaitedJoins.has(node));
      }
    }
    if (ts.isBinaryExpression(node)) return this.visitBinaryChain(node, sub);
    if (ts.isIfStatement(node)) return this.visitIfChain(node, sub);
    if (ts.isConditionalExpression(node)) return this.visitConditionalChain(node, sub);
    checkMisplaced(this.cx, node);
    return ts.visitEachChild(node, sub, this.cx.context);
  };

  /**
   * A left-deep chain of binary expressions (`"a" + await x + "b" + ...`, `a && b && ...`), visited
   * without recursing along its left spine: generated code writes thousands of terms, and
   * TypeScript compiles them. The operands are visited in the order `visitEachChild` would visit
   * them (the innermost left operand first, then each right operand going up).
   */
  private visitBinaryChain(top: TS.BinaryExpression, sub: (n: TS.Node) => TS.Node): TS.Expression {
    const { ts, f } = this.cx;
    const hot = this.hot;
    const spine: TS.BinaryExpression[] = [top];
    for (let l = top.left; ts.isBinaryExpression(l) && hot.has(l); l = l.left) spine.push(l);
    const bottom = spine[spine.length - 1] as TS.BinaryExpression;
    let left = sub(bottom.left) as TS.Expression;
    for (let i = spine.length - 1; i >= 0; i--) {
      const b = spine[i] as TS.BinaryExpression;
      const right = sub(b.right) as TS.Expression;
      const original = i === spine.length - 1 ? b.left : (spine[i + 1] as TS.BinaryExpression);
      left = left === original && right === b.right ? b : f.updateBinaryExpression(b, left, b.operatorToken, right);
    }
    return left;
  }

  /**
   * An `if ... else if ... else if ...` chain, visited without recursing along its `else` branches
   * (generated dispatchers write thousands), in the order `visitEachChild` would visit them.
   */
  private visitIfChain(top: TS.IfStatement, sub: (n: TS.Node) => TS.Node): TS.Statement {
    const { ts, f } = this.cx;
    const spine: TS.IfStatement[] = [];
    let last: TS.Statement | undefined = top;
    while (last !== undefined && ts.isIfStatement(last) && (last === top || this.hot.has(last))) {
      spine.push(last);
      last = last.elseStatement;
    }
    const conditions: TS.Expression[] = [];
    const branches: TS.Statement[] = [];
    for (const s of spine) {
      conditions.push(sub(s.expression) as TS.Expression);
      branches.push(this.statement(sub(s.thenStatement)));
    }
    let rest = last === undefined ? undefined : this.statement(sub(last));
    for (let i = spine.length - 1; i >= 0; i--) {
      const s = spine[i] as TS.IfStatement;
      const cond = conditions[i] as TS.Expression;
      const then = branches[i] as TS.Statement;
      rest =
        cond === s.expression && then === s.thenStatement && rest === s.elseStatement
          ? s
          : f.updateIfStatement(s, cond, then, rest);
    }
    return rest as TS.Statement;
  }

  /** `a ? x : b ? y : ...`, visited without recursing along its `: ...` branches, like an `if` chain. */
  private visitConditionalChain(top: TS.ConditionalExpression, sub: (n: TS.Node) => TS.Node): TS.Expression {
    const { ts, f } = this.cx;
    const spine: TS.ConditionalExpression[] = [];
    let last: TS.Expression = top;
    while (ts.isConditionalExpression(last) && (last === top || this.hot.has(last))) {
      spine.push(last);
      last = last.whenFalse;
    }
    const conditions: TS.Expression[] = [];
    const branches: TS.Expression[] = [];
    for (const c of spine) {
      conditions.push(sub(c.condition) as TS.Expression);
      branches.push(sub(c.whenTrue) as TS.Expression);
    }
    let rest = sub(last) as TS.Expression;
    for (let i = spine.length - 1; i >= 0; i--) {
      const c = spine[i] as TS.ConditionalExpression;
      const cond = conditions[i] as TS.Expression;
      const whenTrue = branches[i] as TS.Expression;
      rest =
        cond === c.condition && whenTrue === c.whenTrue && rest === c.whenFalse
          ? c
          : f.updateConditionalExpression(c, cond, c.questionToken, whenTrue, c.colonToken, rest);
    }
    return rest;
  }

  /** What `visitEachChild` does with a visited statement position: several statements become a block. */
  private statement(visited: TS.Node | TS.Node[]): TS.Statement {
    if (!Array.isArray(visited)) return visited as TS.Statement;
    return visited.length === 1 ? (visited[0] as TS.Statement) : this.cx.f.createBlock(visited as TS.Statement[]);
  }

  /**
   * A function whose text may be serialised, or inside a node the user opted out: never rewritten
   * (a `traced(fn)` naming it is then left as written too, so that the wrapper keeps its own span).
   */
  private leftAsWritten(fn: FunctionNode): boolean {
    if (this.serialised.keepsItsText(fn)) return true;
    for (let p: TS.Node | undefined = fn; p !== undefined; p = p.parent) if (this.serialised.isIgnored(p)) return true;
    return this.withScoped(fn) || this.losesNames(fn);
  }

  /** Whether a function declaration kept at the top level of `fn`'s body would lose a name of the body. */
  private losesNames(fn: FunctionNode): boolean {
    const { ts } = this.cx;
    return keptFunctionsLoseNames(ts, (ts.getParseTreeNode(fn) as FunctionNode | undefined) ?? fn);
  }

  /**
   * Whether `fn` is inside a `with` statement, or has one in its own body (sloppy scripts only):
   * there every name the emitted code uses (`$at_1`, `$f_1`, `$t_1`) would be looked up on the
   * `with` object first, which can answer for it (a Proxy sandbox does). Such a function stays as
   * written; a traced one is then one span, from the `traced()` wrapper.
   */
  private withScoped(fn: FunctionNode): boolean {
    const { ts } = this.cx;
    const original = ts.getParseTreeNode(fn) ?? fn;
    const withs = this.withStatementsOf(original.getSourceFile());
    if (withs.length === 0) return false;
    for (let p = original.parent; p !== undefined; p = p.parent) if (ts.isWithStatement(p)) return true;
    return withs.some((w) => {
      let p = w.parent;
      while (p !== undefined && !isFunctionNode(ts, p)) p = p.parent;
      return p === original;
    });
  }

  /** The `with` statements of a file (none, without a parse walk, when the text has no `with`). */
  private withStatementsOf(sf: TS.SourceFile): readonly TS.Node[] {
    let found = this.withStatements.get(sf);
    if (found === undefined) {
      const { ts } = this.cx;
      const all: TS.Node[] = [];
      if (/\bwith\s*\(/.test(sf.text)) {
        walk(ts, sf, (n) => {
          if (ts.isWithStatement(n)) all.push(n);
          return true;
        });
      }
      found = all;
      this.withStatements.set(sf, found);
    }
    return found;
  }

  private readonly withStatements = new Map<TS.SourceFile, readonly TS.Node[]>();

  private visitFunction(node: FunctionNode, inTraced: boolean): TS.Node {
    const cx = this.cx;
    const { ts } = cx;
    // Its text may be read at run time (see serialised.ts): it, and all it contains, stays as written.
    if (this.serialised.keepsItsText(node)) return node;
    // Inside a `with`, or with one in its body: stays as written (see `withScoped`). So does a body
    // whose kept function declarations would lose a name of the body (body-functions.ts).
    if (this.withScoped(node) || this.losesNames(node)) return node;
    let mode: Mode | undefined;
    let info: TracedArgInfo = {};
    let decoratorSwap: Map<TS.Node, TS.Decorator> | undefined;
    /** A decorated method whose body records its frame with no wrapper (rewrite-traced.ts `isDirect`). */
    let direct = false;
    const sub = (n: TS.Node) => this.visit(n, undefined, inTraced) as TS.Node;

    if (ts.isMethodDeclaration(node)) {
      const decs = tracedDecorators(cx, node);
      const last = decs[decs.length - 1];
      if (last !== undefined) {
        if (!isAsync(ts, node)) {
          // Marked as compiled (its frame hides no await) when it returns a promise; its site only
          // locates the frame the wrapper opens (no body adopts it).
          const known = checkNonAsyncMethod(cx, node, last) ? decoratorInfo(cx, last) : undefined;
          const r =
            known === undefined
              ? undefined
              : rewriteDecorator(cx, last, sub, this.frameSite(node, true, known), node, "noAwait");
          if (r !== undefined) decoratorSwap = new Map([[last.decorator, r.decorator]]);
        } else if (node.body !== undefined) {
          // Only the innermost @traced (the one that wraps the body itself) hands its frame over.
          const known = decoratorInfo(cx, last);
          direct = known !== undefined && isDirect(cx, node, last);
          const r =
            known === undefined
              ? undefined
              : rewriteDecorator(
                  cx,
                  last,
                  sub,
                  this.frameSite(node, !direct && node.asteriskToken === undefined, known),
                  node,
                  direct ? "direct" : "body",
                );
          if (r !== undefined) {
            mode = "wrapped";
            info = r.info;
            decoratorSwap = new Map([[last.decorator, r.decorator]]);
          } else direct = false;
        }
        if (mode === undefined) this.untouchable.add(node);
      }
    }
    const lowered = this.compiled.get(node);
    if (lowered !== undefined && lowered.as === "body") {
      mode = "wrapped";
      info = lowered.info;
    }
    const wrapped = this.wrapped.get(node);
    if (wrapped !== undefined) {
      mode = "wrapped";
      info = wrapped.info;
    }
    // Called only through its wrapper: the wrapper labels the frame, the site only locates it.
    const wrapperOnly =
      mode === "wrapped" && !direct && wrapped?.reference !== true && node.asteriskToken === undefined;
    if (
      mode === undefined &&
      !this.untouchable.has(node) &&
      node.body !== undefined &&
      isAsync(ts, node) &&
      (cx.traceAll || (inTraced && cx.options.nested))
    ) {
      mode = "own";
    }
    if (mode === undefined) {
      const swap = decoratorSwap;
      if (swap !== undefined) return ts.visitEachChild(node, (c) => swap.get(c) ?? sub(c), cx.context);
      return ts.visitEachChild(node, sub, cx.context);
    }

    const asyncGenerator = node.asteriskToken !== undefined;
    const fn: FnContext = { node, frame: this.frameName, asyncGenerator, join: undefined, resumed: undefined };
    const inner = (n: TS.Node) => this.visit(n, undefined, true) as TS.Node;
    return ts.visitEachChild(
      node,
      (child) => {
        if (child === node.body) {
          const body = this.visit(child, fn, true) as TS.ConciseBody;
          // A function also called by name is labelled as itself there; the wrapper labels its own calls.
          const labelInfo = wrapped?.reference === true ? {} : info;
          const label = this.frameLabel(node, wrapperOnly, labelInfo);
          const site = this.frameSite(node, wrapperOnly, labelInfo);
          return wrapBody(cx, fn, body, site, wrapperOnly ? [] : label.values);
        }
        const swapped = decoratorSwap?.get(child);
        if (swapped !== undefined) return swapped;
        return inner(child);
      },
      cx.context,
    );
  }

  /** The frame site of `node`, made on first use (a wrapper's marker may need it before the body). */
  private frameSite(node: FunctionNode, wrapperOnly: boolean, info: TracedArgInfo): TS.Identifier {
    let site = this.frameSites.get(node);
    if (site === undefined) {
      const label = this.frameLabel(node, wrapperOnly, info);
      site = this.cx.sites.add({
        parts: label.parts,
        at: frameLocation(node),
        template: label.template,
        verbose: label.verbose,
        longRunning: label.longRunning,
        generator: node.asteriskToken !== undefined,
        named: label.named,
        anonymous: label.anonymous,
        passedToWait: label.passedToWait,
      });
      this.frameSites.set(node, site);
    }
    return site;
  }

  /** The frame site of a function passed to `traced(...)`, as its body will use it. */
  private frameSiteOf(node: FunctionNode): TS.Identifier {
    const wrapped = this.wrapped.get(node);
    const reference = wrapped?.reference === true;
    const wrapperOnly = !reference && node.asteriskToken === undefined;
    return this.frameSite(node, wrapperOnly, reference ? {} : (wrapped?.info ?? {}));
  }

  /**
   * A function called only through its wrapper gets its frame (and label) from the wrapper; the
   * site only gives the location. Any other traced function (no wrapper, an async generator whose
   * body runs after the wrapper returned, a function also called by name) is labelled by its site.
   */
  private frameLabel(node: FunctionNode, wrapperOnly: boolean, info: TracedArgInfo): FrameLabel {
    const { ts } = this.cx;
    const written = this.wrapped.get(node)?.written;
    if (wrapperOnly) return staticFrameLabel(ts, node, info, written);
    return (
      templateFrameLabel(ts, node, info) ?? derivedFrameLabel(ts, node, info, this.cx.options.maxLabelLength, written)
    );
  }
}

function isFunctionNode(ts: typeof TS, n: TS.Node): n is FunctionNode {
  return (
    ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n)
  );
}
