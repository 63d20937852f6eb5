/**
 * Syntactic name resolution, the same with and without a type checker (so a transpile-only build
 * emits exactly what a full build emits). Used to decide which identifiers of an awaited
 * expression may be read a second time for a label, and whether `Promise` is the global one.
 */
import type * as TS from "typescript";
import { walk, walkChildren } from "./walk";

export type DeclKind = "const" | "let" | "var" | "param" | "function" | "class" | "import" | "other";

export interface LocalDecl {
  kind: DeclKind;
  /** The function (or source file) whose scope holds the declaration. */
  fn: TS.Node;
  /** The scope node (block, function, file...) that declares it. */
  scope: TS.Node;
}

interface Write {
  fn: TS.Node;
  pos: number;
  /** The identifier written, resolved (lazily) to the scope that declares it. */
  id: TS.Identifier;
}

export class Scopes {
  private readonly declared = new WeakMap<TS.Node, Map<string, DeclKind>>();
  private writes: Map<string, Write[]> | undefined;

  constructor(
    private readonly ts: typeof TS,
    private readonly sf: TS.SourceFile,
  ) {}

  isFunctionLike(n: TS.Node): boolean {
    const ts = this.ts;
    return (
      ts.isFunctionDeclaration(n) ||
      ts.isFunctionExpression(n) ||
      ts.isArrowFunction(n) ||
      ts.isMethodDeclaration(n) ||
      ts.isConstructorDeclaration(n) ||
      ts.isGetAccessorDeclaration(n) ||
      ts.isSetAccessorDeclaration(n) ||
      ts.isClassStaticBlockDeclaration(n)
    );
  }

  /**
   * The function (or source file) a node belongs to. A class field's initializer runs when an
   * instance is built, not where the class is written: it counts as a function of its own.
   */
  functionOf(n: TS.Node): TS.Node {
    for (let p = n.parent; p !== undefined; p = p.parent) {
      if (this.isFunctionLike(p) || this.ts.isSourceFile(p) || this.ts.isPropertyDeclaration(p)) return p;
    }
    return this.sf;
  }

  /** The declaration `name` refers to at `from`, if it is declared in this file. */
  resolve(name: string, from: TS.Node): LocalDecl | undefined {
    for (let cur: TS.Node | undefined = from; cur !== undefined; cur = cur.parent) {
      if (!this.isScope(cur)) continue;
      const kind = this.declarationsOf(cur).get(name);
      if (kind !== undefined) {
        const fn = this.isFunctionLike(cur) || this.ts.isSourceFile(cur) ? cur : this.functionOf(cur);
        return { kind, fn, scope: cur };
      }
    }
    return undefined;
  }

  /**
   * Whether the file writes the variable `decl` declares as `name` anywhere but in `fn`, or inside
   * `[start, end)`. Writes of another variable of the same name (a helper's own `i`, as compiled
   * output has) do not count.
   */
  writtenOutside(name: string, decl: LocalDecl, fn: TS.Node, start: number, end: number): boolean {
    for (const w of this.writesOf(name, decl)) if (w.fn !== fn || (w.pos >= start && w.pos < end)) return true;
    return false;
  }

  /** Whether the file writes the variable `decl` declares as `name` anywhere. */
  isWritten(name: string, decl: LocalDecl): boolean {
    return this.writesOf(name, decl).length > 0;
  }

  private writesOf(name: string, decl: LocalDecl): Write[] {
    const ws = this.allWrites().get(name);
    if (ws === undefined) return [];
    return ws.filter((w) => this.resolve(name, w.id)?.scope === decl.scope);
  }

  /**
   * Whether `n` itself declares `name` (as a parameter, variable, function, class, catch binding...):
   * for a walk that tracks ancestors itself, over nodes without `parent` (an `after` transform's).
   */
  declares(n: TS.Node, name: string): boolean {
    return this.isScope(n) && this.declarationsOf(n).has(name);
  }

  /** Nodes that can declare names (the only ones `resolve` looks into). */
  private isScope(n: TS.Node): boolean {
    const ts = this.ts;
    switch (n.kind) {
      case ts.SyntaxKind.SourceFile:
      case ts.SyntaxKind.Block:
      case ts.SyntaxKind.ModuleBlock:
      case ts.SyntaxKind.CaseBlock:
      case ts.SyntaxKind.ForStatement:
      case ts.SyntaxKind.ForInStatement:
      case ts.SyntaxKind.ForOfStatement:
      case ts.SyntaxKind.CatchClause:
      case ts.SyntaxKind.ClassExpression:
        return true;
      default:
        return this.isFunctionLike(n);
    }
  }

  private declarationsOf(n: TS.Node): Map<string, DeclKind> {
    let m = this.declared.get(n);
    if (m === undefined) {
      m = new Map();
      this.collect(n, m);
      this.declared.set(n, m);
    }
    return m;
  }

  private collect(n: TS.Node, m: Map<string, DeclKind>): void {
    const ts = this.ts;
    const add = (name: TS.BindingName | undefined, kind: DeclKind) => this.bindingNames(name, (s) => m.set(s, kind));
    if (ts.isSourceFile(n) || ts.isBlock(n) || ts.isModuleBlock(n) || ts.isCaseBlock(n)) {
      const stmts = ts.isCaseBlock(n) ? n.clauses.flatMap((c) => [...c.statements]) : n.statements;
      for (const s of stmts) this.collectStatement(s, m);
      if (ts.isSourceFile(n)) this.collectVars(n, m);
    } else if (this.isFunctionLike(n)) {
      const f = n as TS.SignatureDeclaration & { body?: TS.Node };
      if (ts.isFunctionExpression(n) && n.name) m.set(n.name.text, "function");
      for (const p of f.parameters ?? []) add(p.name, "param");
      if (f.body !== undefined) this.collectVars(f.body, m);
    } else if (ts.isForStatement(n) || ts.isForInStatement(n) || ts.isForOfStatement(n)) {
      const init = n.initializer;
      if (init !== undefined && ts.isVariableDeclarationList(init)) {
        const kind = this.listKind(init);
        if (kind !== "var") for (const d of init.declarations) add(d.name, kind);
      }
    } else if (ts.isCatchClause(n)) {
      if (n.variableDeclaration !== undefined) add(n.variableDeclaration.name, "let");
    } else if (ts.isClassExpression(n) && n.name !== undefined) {
      m.set(n.name.text, "class");
    }
  }

  private collectStatement(s: TS.Statement, m: Map<string, DeclKind>): void {
    const ts = this.ts;
    if (ts.isVariableStatement(s)) {
      const kind = this.listKind(s.declarationList);
      if (kind !== "var")
        for (const d of s.declarationList.declarations) this.bindingNames(d.name, (x) => m.set(x, kind));
    } else if (ts.isFunctionDeclaration(s) && s.name) m.set(s.name.text, "function");
    else if (ts.isClassDeclaration(s) && s.name) m.set(s.name.text, "class");
    else if ((ts.isEnumDeclaration(s) || ts.isModuleDeclaration(s)) && ts.isIdentifier(s.name))
      m.set(s.name.text, "other");
    else if (ts.isImportEqualsDeclaration(s)) m.set(s.name.text, "import");
    else if (ts.isImportDeclaration(s) && s.importClause !== undefined) {
      const c = s.importClause;
      if (c.name) m.set(c.name.text, "import");
      const b = c.namedBindings;
      if (b !== undefined) {
        if (ts.isNamespaceImport(b)) m.set(b.name.text, "import");
        else for (const e of b.elements) m.set(e.name.text, "import");
      }
    }
  }

  /** `var` declarations of a function body, not those of nested functions. */
  private collectVars(body: TS.Node, m: Map<string, DeclKind>): void {
    const ts = this.ts;
    walkChildren(ts, body, (n) => {
      if (this.isFunctionLike(n) || ts.isClassLike(n)) return false;
      if (ts.isVariableDeclarationList(n) && this.listKind(n) === "var") {
        for (const d of n.declarations) this.bindingNames(d.name, (x) => m.set(x, "var"));
      }
      return true;
    });
  }

  private listKind(list: TS.VariableDeclarationList): DeclKind {
    const ts = this.ts;
    const f = list.flags;
    if (f & ts.NodeFlags.Const) return "const";
    if (f & ts.NodeFlags.Let) return "let";
    // `using` / `await using`: block-scoped, never reassigned.
    if (f & ts.NodeFlags.BlockScoped) return "const";
    return "var";
  }

  private bindingNames(name: TS.BindingName | undefined, out: (s: string) => void): void {
    const ts = this.ts;
    if (name === undefined) return;
    if (ts.isIdentifier(name)) out(name.text);
    else
      for (const e of name.elements) {
        if (!ts.isOmittedExpression(e)) this.bindingNames(e.name, out);
      }
  }

  private allWrites(): Map<string, Write[]> {
    if (this.writes !== undefined) return this.writes;
    const ts = this.ts;
    const writes = new Map<string, Write[]>();
    const record = (id: TS.Identifier) => {
      const list = writes.get(id.text) ?? [];
      list.push({ fn: this.functionOf(id), pos: id.getStart(this.sf), id });
      writes.set(id.text, list);
    };
    const target = (t: TS.Node): void => {
      if (ts.isIdentifier(t)) record(t);
      else if (ts.isParenthesizedExpression(t) || ts.isNonNullExpression(t) || ts.isAsExpression(t))
        target(t.expression);
      else if (ts.isObjectLiteralExpression(t)) {
        for (const p of t.properties) {
          if (ts.isShorthandPropertyAssignment(p)) record(p.name);
          else if (ts.isPropertyAssignment(p)) target(p.initializer);
          else if (ts.isSpreadAssignment(p)) target(p.expression);
        }
      } else if (ts.isArrayLiteralExpression(t)) {
        for (const e of t.elements) target(ts.isSpreadElement(e) ? e.expression : e);
      } else if (ts.isBinaryExpression(t) && t.operatorToken.kind === ts.SyntaxKind.EqualsToken) target(t.left);
    };
    walk(ts, this.sf, (n) => {
      if (ts.isBinaryExpression(n)) {
        const k = n.operatorToken.kind;
        if (k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment) target(n.left);
      } else if (ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) {
        if (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken) {
          target(n.operand);
        }
      } else if ((ts.isForInStatement(n) || ts.isForOfStatement(n)) && !ts.isVariableDeclarationList(n.initializer)) {
        target(n.initializer);
      }
      return true;
    });
    this.writes = writes;
    return writes;
  }
}
