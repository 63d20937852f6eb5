/**
 * Names as the original source wrote them, for labels of compiled input. A CommonJS compile
 * writes an imported `never()` as `(0, _harness_js_1.never)()` (tsc) or `(0, import_harness.never)()`
 * (esbuild), and a renamed import under its exported name; the input's source map leads each such
 * reference back to the identifier the user wrote, which the label then shows instead.
 */
import { readFileSync } from "node:fs";
import type * as TS from "typescript";
import type { OriginalLocator } from "./sites";

const IDENTIFIER = /^[A-Za-z_$][\w$]*/;

export class OriginalNames {
  private readonly texts = new Map<string, string[] | undefined>();

  constructor(
    private readonly ts: typeof TS,
    private readonly sf: TS.SourceFile,
    private readonly locate: OriginalLocator,
  ) {}

  /**
   * Replacements for the label of `expr`: each compiled import reference in it (`(0, m_1.name)`,
   * `m_1.name`) whose start maps to an identifier other than the one written here.
   */
  renames(expr: TS.Node): { start: number; end: number; text: string }[] {
    const { ts, sf } = this;
    const out: { start: number; end: number; text: string }[] = [];
    const stack: TS.Node[] = [expr];
    while (stack.length > 0) {
      const n = stack.pop() as TS.Node;
      const ref = this.importReference(n);
      if (ref !== undefined) {
        const start = n.getStart(sf);
        const name = this.identifierAt(start);
        if (name !== undefined && name !== ref.namespace) {
          out.push({ start, end: n.end, text: name });
          continue;
        }
      }
      ts.forEachChild(n, (c) => {
        stack.push(c);
      });
    }
    return out.sort((a, b) => a.start - b.start);
  }

  /** `(0, ns.name)` or `ns.name`: gives `ns`. */
  private importReference(n: TS.Node): { namespace: string } | undefined {
    const ts = this.ts;
    let access: TS.Node = n;
    if (ts.isParenthesizedExpression(n)) {
      const e = n.expression;
      if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.CommaToken) return undefined;
      if (!ts.isNumericLiteral(e.left)) return undefined;
      access = e.right;
    }
    if (!ts.isPropertyAccessExpression(access) || !ts.isIdentifier(access.expression)) return undefined;
    return { namespace: access.expression.text };
  }

  /** The identifier the original source has where the compiled `pos` maps to, if any. */
  private identifierAt(pos: number): string | undefined {
    const { line, character } = this.sf.getLineAndCharacterOfPosition(pos);
    const o = this.locate(line + 1, character + 1);
    if (o === undefined) return undefined;
    const text = this.linesOf(o.file)?.[o.line - 1];
    return text === undefined ? undefined : IDENTIFIER.exec(text.slice(o.column - 1))?.[0];
  }

  private linesOf(file: string): string[] | undefined {
    if (!this.texts.has(file)) {
      let lines: string[] | undefined;
      try {
        lines = readFileSync(file, "utf8").split(/\r?\n/);
      } catch {
        lines = undefined; // the original is not on disk: labels keep the compiled text
      }
      this.texts.set(file, lines);
    }
    return this.texts.get(file);
  }
}
