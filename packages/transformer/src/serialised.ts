/**
 * Functions whose source text may be read at run time, and functions the user opted out: both are
 * left exactly as written (with everything inside them), because the text of a rewritten function
 * refers to the module's `$at`, `$s_N` and `$f` names, which do not exist where serialised code is
 * evaluated again (`page.evaluate(async () => ...)` in Playwright or Puppeteer, `vm`,
 * `new Function`, a worker with `eval: true`).
 *
 * The rule is syntactic and file-local. A function expression, arrow, function declaration or class
 * (`${Job}` gives a class's whole text, methods included) is
 * "serialised" when it, or a name it is bound to in this file (`const`/`let`/`var` initializer, a
 * function declaration, an assignment `name = fn`, through aliases `const g = f`), appears
 * (parentheses and type assertions aside)
 * - as the substitution of a template literal: `${fn}`;
 * - as an operand of `+` or `+=`: `"" + fn`;
 * - as the object of `.toString` / `.toLocaleString` / `.toSource`: `fn.toString()`;
 * - as an argument of a call or `new` whose callee names (any identifier or property along its
 *   chain) include one of SERIALISERS: `String(fn)`, `Function.prototype.toString.call(fn)`,
 *   `page.evaluate(fn)`, `vm.runInNewContext(...)`, `pool.exec(fn)`; of `new Worker(...)` itself,
 *   only the first argument (`new Worker(fn)`; BullMQ's `new Worker(name, processor)` is traced).
 * - as an argument of `vi.hoisted(...)`, `vi.mock(...)` (`vitest.` too) or `jest.mock(...)`: the
 *   runners move these calls above the file's imports, where the runtime's import is not
 *   initialised yet (babel-jest refuses a factory that names it).
 * A property read in such a position (`${api.double}`, `String(Calc.prototype.triple)`) counts
 * for every method and function-valued property of that name in the file's object literals and
 * classes. Names are matched by their text, whatever binding they refer to: a false match only
 * leaves a function untraced, it never changes the program.
 *
 * Opt-out: a comment containing `@await-tree-ignore` right before a statement, declaration, class
 * member or expression leaves it (and all it contains) as written.
 */
import type * as TS from "typescript";

/** Callee names whose arguments may be serialised or evaluated as source text. */
const SERIALISERS = new Set([
  // The language and Node.js.
  "String",
  "Function",
  "eval",
  "toString",
  "vm",
  "Script",
  "runInContext",
  "runInNewContext",
  "runInThisContext",
  "compileFunction",
  "SourceTextModule",
  "Worker",
  "Blob",
  // Browser automation (Playwright, Puppeteer, Selenium, WebdriverIO) and worker pools
  // (workerpool's `pool.exec(fn)`).
  "evaluate",
  "evaluateHandle",
  "evaluateAll",
  "$eval",
  "$$eval",
  "waitForFunction",
  "addInitScript",
  "evaluateOnNewDocument",
  "executeScript",
  "executeAsyncScript",
  "executeAsync",
  "exec",
]);

const TO_STRING = new Set(["toString", "toLocaleString", "toSource"]);

/**
 * Calls that the test runner's own transform moves above the file's imports (vitest's `hoistMocks`,
 * babel-jest's `babel-plugin-jest-hoist`): their functions run before them, or must not name them.
 */
const HOISTING_OBJECTS = new Set(["vi", "vitest", "jest"]);
const HOISTED_CALLS = new Set(["hoisted", "mock"]);

export const IGNORE_MARKER = "@await-tree-ignore";

export class SerialisedFunctions {
  /** Function nodes found directly in a serialising position. */
  private readonly direct = new Set<TS.Node>();
  /** Names used in a serialising position. */
  private readonly names = new Set<string>();
  /** name -> function nodes bound to it. */
  private readonly bound = new Map<string, TS.Node[]>();
  /** Property names used in a serialising position (`${api.double}`, `String(C.prototype.m)`). */
  private readonly members = new Set<string>();
  /** property name -> methods and function-valued properties of object literals and classes. */
  private readonly boundMembers = new Map<string, TS.Node[]>();
  /** name -> names it was assigned from (`const g = f`: g -> f). */
  private readonly aliases = new Map<string, string[]>();
  private resolved: Set<TS.Node> | undefined;
  private readonly ignored = new Set<TS.Node>();

  constructor(
    private readonly ts: typeof TS,
    private readonly sf: TS.SourceFile,
  ) {
    this.findIgnored();
  }

  /** Called by the pre-scan for every node of the file. */
  scan(n: TS.Node): void {
    const ts = this.ts;
    switch (n.kind) {
      case ts.SyntaxKind.TemplateSpan:
        this.sink((n as TS.TemplateSpan).expression);
        break;
      case ts.SyntaxKind.BinaryExpression: {
        const b = n as TS.BinaryExpression;
        const op = b.operatorToken.kind;
        if (op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.PlusEqualsToken) {
          this.sink(b.left);
          this.sink(b.right);
        } else if (op === ts.SyntaxKind.EqualsToken && ts.isIdentifier(b.left)) {
          this.bind(b.left.text, b.right);
        }
        break;
      }
      case ts.SyntaxKind.PropertyAccessExpression: {
        const p = n as TS.PropertyAccessExpression;
        if (TO_STRING.has(p.name.text)) this.sink(p.expression);
        break;
      }
      case ts.SyntaxKind.ElementAccessExpression: {
        const e = n as TS.ElementAccessExpression;
        const key = e.argumentExpression;
        if (ts.isStringLiteralLike(key) && TO_STRING.has(key.text)) this.sink(e.expression);
        break;
      }
      case ts.SyntaxKind.CallExpression:
      case ts.SyntaxKind.NewExpression: {
        const c = n as TS.CallExpression | TS.NewExpression;
        if (c.arguments !== undefined && c.arguments.length > 0) {
          const count = this.isHoistedByRunner(c.expression)
            ? c.arguments.length
            : this.serialisedArguments(c.expression);
          for (const a of c.arguments.slice(0, count)) this.sink(ts.isSpreadElement(a) ? a.expression : a);
        }
        break;
      }
      case ts.SyntaxKind.VariableDeclaration: {
        const d = n as TS.VariableDeclaration;
        if (ts.isIdentifier(d.name) && d.initializer !== undefined) this.bind(d.name.text, d.initializer);
        break;
      }
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.ClassDeclaration: {
        const f = n as TS.FunctionDeclaration | TS.ClassDeclaration;
        if (f.name !== undefined) this.addBound(f.name.text, f);
        break;
      }
      case ts.SyntaxKind.MethodDeclaration: {
        const m = n as TS.MethodDeclaration;
        const name = this.memberName(m.name);
        if (name !== undefined) this.addBoundMember(name, m);
        break;
      }
      case ts.SyntaxKind.PropertyAssignment:
      case ts.SyntaxKind.PropertyDeclaration: {
        const p = n as TS.PropertyAssignment | TS.PropertyDeclaration;
        const name = this.memberName(p.name);
        const value = p.initializer === undefined ? undefined : this.skipOuter(p.initializer);
        if (name !== undefined && value !== undefined && this.isFunction(value)) this.addBoundMember(name, value);
        break;
      }
    }
  }

  private memberName(n: TS.PropertyName): string | undefined {
    const ts = this.ts;
    return ts.isIdentifier(n) || ts.isStringLiteralLike(n) || ts.isNumericLiteral(n) ? n.text : undefined;
  }

  private addBoundMember(name: string, fn: TS.Node): void {
    const list = this.boundMembers.get(name) ?? [];
    list.push(fn);
    this.boundMembers.set(name, list);
  }

  /**
   * Whether `fn` (a function or a class) must be left as written: its text, or that of a class
   * around it, may be serialised.
   */
  keepsItsText(fn: TS.Node): boolean {
    if (this.resolved === undefined) this.resolved = this.resolve();
    const resolved = this.resolved;
    if (resolved.size === 0) return false;
    for (let n: TS.Node | undefined = fn; n !== undefined; n = n.parent) {
      if (resolved.has(n)) return n === fn || this.ts.isClassLike(n);
    }
    return false;
  }

  /** Whether the user opted `n` out with a `@await-tree-ignore` comment. */
  isIgnored(n: TS.Node): boolean {
    return this.ignored.size > 0 && this.ignored.has(n);
  }

  private sink(e: TS.Expression): void {
    const inner = this.skipOuter(e);
    if (this.isFunction(inner)) this.direct.add(inner);
    else if (this.ts.isIdentifier(inner)) this.names.add(inner.text);
    else if (this.ts.isPropertyAccessExpression(inner)) this.members.add(inner.name.text);
    else if (this.ts.isElementAccessExpression(inner) && this.ts.isStringLiteralLike(inner.argumentExpression)) {
      this.members.add(inner.argumentExpression.text);
    }
  }

  private bind(name: string, value: TS.Expression): void {
    const inner = this.skipOuter(value);
    if (this.isFunction(inner)) this.addBound(name, inner);
    else if (this.ts.isIdentifier(inner)) {
      const list = this.aliases.get(name) ?? [];
      list.push(inner.text);
      this.aliases.set(name, list);
    }
  }

  private addBound(name: string, fn: TS.Node): void {
    const list = this.bound.get(name) ?? [];
    list.push(fn);
    this.bound.set(name, list);
  }

  private resolve(): Set<TS.Node> {
    const out = new Set(this.direct);
    for (const m of this.members) for (const fn of this.boundMembers.get(m) ?? []) out.add(fn);
    const seen = new Set<string>();
    const todo = [...this.names];
    for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
      if (seen.has(name)) continue;
      seen.add(name);
      for (const fn of this.bound.get(name) ?? []) out.add(fn);
      for (const from of this.aliases.get(name) ?? []) todo.push(from);
    }
    return out;
  }

  /**
   * How many leading arguments of a call of `callee` may be serialised: all of them when a name
   * along its chain is one of SERIALISERS, none otherwise. A callee that is itself a `Worker`
   * (`new Worker(...)`, `new threads.Worker(...)`) serialises only its first argument: a worker
   * built from a function (`new Worker(fn)`, tiny-worker's and webworker-threads' form) takes it
   * first, while BullMQ's `new Worker(queueName, async (job) => ...)` runs its processor where it is
   * written, and is traced.
   */
  private serialisedArguments(callee: TS.Expression): number {
    const ts = this.ts;
    let e: TS.Expression = this.skipOuter(callee);
    const own = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
    if (own === "Worker") return 1;
    for (;;) {
      e = this.skipOuter(e);
      if (ts.isIdentifier(e)) return SERIALISERS.has(e.text) ? Number.POSITIVE_INFINITY : 0;
      if (ts.isPropertyAccessExpression(e)) {
        if (SERIALISERS.has(e.name.text)) return Number.POSITIVE_INFINITY;
        e = e.expression;
      } else if (ts.isElementAccessExpression(e)) {
        const key = e.argumentExpression;
        if (ts.isStringLiteralLike(key) && SERIALISERS.has(key.text)) return Number.POSITIVE_INFINITY;
        e = e.expression;
      } else if (ts.isCallExpression(e)) e = e.expression;
      else return 0;
    }
  }

  /**
   * `vi.hoisted(fn)`, `vi.mock(path, factory)` (and `vitest.`), `jest.mock(path, factory)`: the
   * runner's own transform, which runs after ours, moves these calls above the file's imports, the
   * runtime's among them. Under vitest a `hoisted` callback runs there, and a factory as soon as
   * its module is first imported (which hoisted code may do), while the runtime's import is not
   * initialised yet: rewritten, they threw `Cannot access '__vi_import_0__' before
   * initialization`. babel-jest refuses to compile a factory that names a variable of the file
   * (`Invalid variable access: $at_1`). Matched as the runners match them: the object named `vi`,
   * `vitest` or `jest`, the method named.
   */
  private isHoistedByRunner(callee: TS.Expression): boolean {
    const ts = this.ts;
    return (
      ts.isPropertyAccessExpression(callee) &&
      ts.isIdentifier(callee.expression) &&
      HOISTING_OBJECTS.has(callee.expression.text) &&
      HOISTED_CALLS.has(callee.name.text)
    );
  }

  /** Whether `n` has a source text of its own to serialise: a function, or a class. */
  private isFunction(n: TS.Node): boolean {
    const ts = this.ts;
    return (
      ts.isFunctionExpression(n) ||
      ts.isArrowFunction(n) ||
      ts.isFunctionDeclaration(n) ||
      ts.isClassExpression(n) ||
      ts.isClassDeclaration(n)
    );
  }

  private skipOuter(e: TS.Expression): TS.Expression {
    const ts = this.ts;
    for (;;) {
      if (
        ts.isParenthesizedExpression(e) ||
        ts.isNonNullExpression(e) ||
        ts.isAsExpression(e) ||
        ts.isTypeAssertionExpression(e) ||
        ts.isSatisfiesExpression(e)
      ) {
        e = e.expression;
      } else return e;
    }
  }

  /**
   * Each `@await-tree-ignore` comment applies to the outermost node whose leading comments hold it
   * (the statement, declaration, member or expression that follows it).
   */
  private findIgnored(): void {
    const ts = this.ts;
    const text = this.sf.text;
    for (let at = text.indexOf(IGNORE_MARKER); at >= 0; at = text.indexOf(IGNORE_MARKER, at + 1)) {
      let n: TS.Node = this.sf;
      for (;;) {
        let next: TS.Node | undefined;
        ts.forEachChild(n, (c) => {
          if (c.pos <= at && at < c.end) next = c;
          return next !== undefined;
        });
        if (next === undefined) break;
        if (next.getStart(this.sf) > at) {
          if (this.inComment(next, at)) this.ignored.add(next);
          break;
        }
        n = next;
      }
    }
  }

  /** Whether position `at` is inside one of the leading comments of `n`. */
  private inComment(n: TS.Node, at: number): boolean {
    const ranges = this.ts.getLeadingCommentRanges(this.sf.text, n.pos) ?? [];
    return ranges.some((r) => r.pos <= at && at < r.end);
  }
}
