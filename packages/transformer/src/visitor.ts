/**
 * One pass over a source file: decides which functions are traced (decorated with the runtime's
 * `@traced`, passed to `traced(...)` inline or by name, nested in a traced function, or every async
 * function with `traceAll`) and rewrites their bodies; everything else is left as it was.
 */
import type * as TS from "typescript";
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
} from "./frames";
import { rewriteAwait, rewriteForAwait, rewriteGeneratorReturn, rewriteReturn, rewriteYield } from "./rewrite-await";
import { resumeInCatch, resumeInFinally, wrapBody } from "./rewrite-function";
import { isJoin, rewriteJoin } from "./rewrite-join";
import {
  checkMisplaced,
  checkNonAsyncMethod,
  decoratorInfo,
  isAsync,
  rewriteDecorator,
  rewriteTracedCall,
  tracedCallTarget,
  tracedDecorators,
} from "./rewrite-traced";
import { hasAwaitUsing, rewriteAwaitUsing } from "./rewrite-using";

type Mode = "wrapped" | "own";

export class FileVisitor {
  /**
   * Functions passed to the runtime's `traced(...)`, with what its label argument says; a
   * `reference` (a function named by identifier) may also be called without the wrapper.
   */
  private readonly wrapped = new Map<TS.Node, { info: TracedArgInfo; reference: boolean }>();
  /** Functions whose wrapper stays untransformed: never traced on their own (no double frame). */
  private readonly untouchable = new Set<TS.Node>();
  /** Frame sites of wrapped functions, made when first needed: the wrapper's marker names them. */
  private readonly frameSites = new Map<TS.Node, TS.Identifier>();
  private readonly frameName: TS.Identifier;

  constructor(private readonly cx: FileContext) {
    this.frameName = cx.f.createUniqueName("$f");
    // A function passed by name may be declared before the call: find those calls first.
    if (cx.sf.text.includes("traced")) this.findReferences(cx.sf);
  }

  private findReferences(n: TS.Node): void {
    const { ts } = this.cx;
    if (ts.isCallExpression(n)) {
      const last = n.arguments[n.arguments.length - 1];
      if (last !== undefined && ts.isIdentifier(last)) {
        const target = tracedCallTarget(this.cx, n);
        if (target?.reference === true) {
          this.wrapped.set(target.fn, { info: tracedArgInfo(ts, target.label), reference: true });
        }
      }
    }
    ts.forEachChild(n, (c) => this.findReferences(c));
  }

  visit = (node: TS.Node, fn: FnContext | undefined, inTraced: boolean): TS.Node | TS.Node[] | undefined => {
    const { ts } = this.cx;
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
      if (ts.isAwaitExpression(node)) return rewriteAwait(this.cx, fn, node, sub(node.expression) as TS.Expression);
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
          this.wrapped.set(fnNode, { info: tracedArgInfo(this.cx.ts, target.label), reference: false });
        }
        // Registered by findReferences (a reference) or just above.
        if (this.wrapped.has(fnNode)) {
          return rewriteTracedCall(this.cx, node, target.label, sub, fnNode, () => this.frameSiteOf(fnNode));
        }
      } else if (fn !== undefined && isJoin(this.cx, node)) {
        return rewriteJoin(this.cx, fn, node, sub);
      }
    }
    checkMisplaced(this.cx, node);
    return ts.visitEachChild(node, sub, this.cx.context);
  };

  private visitFunction(node: FunctionNode, inTraced: boolean): TS.Node {
    const cx = this.cx;
    const { ts } = cx;
    let mode: Mode | undefined;
    let info: TracedArgInfo = {};
    let decoratorSwap: Map<TS.Node, TS.Decorator> | undefined;
    const sub = (n: TS.Node) => this.visit(n, undefined, inTraced) as TS.Node;

    if (ts.isMethodDeclaration(node)) {
      const decs = tracedDecorators(cx, node);
      const last = decs[decs.length - 1];
      if (last !== undefined) {
        if (!isAsync(ts, node)) checkNonAsyncMethod(cx, node, last);
        else if (node.body !== undefined) {
          // Only the innermost @traced (the one that wraps the body itself) hands its frame over.
          const known = decoratorInfo(cx, last);
          const r =
            known === undefined
              ? undefined
              : rewriteDecorator(cx, last, sub, this.frameSite(node, node.asteriskToken === undefined, known), node);
          if (r !== undefined) {
            mode = "wrapped";
            info = r.info;
            decoratorSwap = new Map([[last.decorator, r.decorator]]);
          }
        }
        if (mode === undefined) this.untouchable.add(node);
      }
    }
    const wrapped = this.wrapped.get(node);
    if (wrapped !== undefined) {
      mode = "wrapped";
      info = wrapped.info;
    }
    // Called only through its wrapper: the wrapper labels the frame, the site only locates it.
    const wrapperOnly = mode === "wrapped" && wrapped?.reference !== true && node.asteriskToken === undefined;
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
      return ts.visitEachChild(node, sub, cx.context);
    }

    const asyncGenerator = node.asteriskToken !== undefined;
    const fn: FnContext = { node, frame: this.frameName, asyncGenerator, join: undefined };
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
    if (wrapperOnly) return staticFrameLabel(ts, node, info);
    return templateFrameLabel(ts, node, info) ?? derivedFrameLabel(ts, node, info);
  }
}

function isFunctionNode(ts: typeof TS, n: TS.Node): n is FunctionNode {
  return (
    ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n)
  );
}
