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
        const name = this.nameOf(ref.access, start);
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

  /**
   * The identifier the original has for a reference starting at `start`, whose `ns.name` is
   * `access`. Only from a mapping that starts exactly at the reference or at its `ns.name` (not at
   * `name`: for a property access that is no import, `span?.setAttributes(...)` in drizzle-orm,
   * that would replace the whole access by `setAttributes`): esbuild maps `const params = (0, import_sql.fillPlaceholders)(...)` at `const`,
   * `params` and `import_sql` but not at `(`, and the nearest mapping before the `(` is the
   * declared `params` (drizzle-orm's CommonJS build labelled `params(...)` for
   * `fillPlaceholders(...)`).
   */
  private nameOf(access: TS.PropertyAccessExpression, start: number): string | undefined {
    for (const pos of [start, access.getStart(this.sf)]) {
      const name = this.identifierAt(pos);
      if (name !== undefined) return name;
    }
    return undefined;
  }

  /** `(0, ns.name)` or `ns.name`: gives `ns` and the `ns.name`. */
  private importReference(n: TS.Node): { namespace: string; access: TS.PropertyAccessExpression } | undefined {
    const ts = this.ts;
    let access: TS.Node = n;
    if (ts.isParenthesizedExpression(n)) {
      const e = n.expression;
      if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.CommaToken) return undefined;
      if (!ts.isNumericLiteral(e.left)) return undefined;
      access = e.right;
    }
    if (!ts.isPropertyAccessExpression(access) || !ts.isIdentifier(access.expression)) return undefined;
    return { namespace: access.expression.text, access };
  }

  /** The identifier the original source has where the compiled `pos` maps to, if any. */
  private identifierAt(pos: number): string | undefined {
    const { line, character } = this.sf.getLineAndCharacterOfPosition(pos);
    const o = this.locate(line + 1, character + 1, true);
    if (o === undefined) return undefined;
    const text = this.linesOf(o.file, o.content)?.[o.line - 1];
    return text === undefined ? undefined : IDENTIFIER.exec(text.slice(o.column - 1))?.[0];
  }

  /**
   * The original's lines: the text the map carries first (the very text its positions point into;
   * a package's map may name a source it does not ship, as drizzle-orm's do), else the file on disk.
   */
  private linesOf(file: string, content: string | undefined): string[] | undefined {
    if (!this.texts.has(file)) {
      let lines: string[] | undefined;
      if (content !== undefined) lines = content.split(/\r?\n/);
      else
        try {
          lines = readFileSync(file, "utf8").split(/\r?\n/);
        } catch {
          lines = undefined; // the original is neither carried nor on disk: labels keep the compiled text
        }
      this.texts.set(file, lines);
    }
    return this.texts.get(file);
  }
}
