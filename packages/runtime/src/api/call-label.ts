/**
 * Frame labels of traced functions: `Class.method(arg, ...)` by default, or the user's template
 * (`"load user ${id}"`) whose `${name}`s name parameters. Formatted only when a tree is dumped.
 */
import { className, formatArgValue, formatTemplateValue } from "../format/value";

export interface ParsedTemplate {
  parts: string[];
  /** Parameter index for each value between parts. */
  indexes: number[];
}

export class CallLabel {
  /** `Class.` prefix, resolved on the first call when the decorator could not know it. */
  owner: string | undefined;

  constructor(
    readonly name: string,
    readonly template: ParsedTemplate | undefined,
    owner?: string,
  ) {
    this.owner = owner;
  }

  /** `vals` is the call's arguments array. */
  format(vals: unknown): string {
    const args = Array.isArray(vals) ? vals : [];
    const t = this.template;
    if (t !== undefined) {
      let out = t.parts[0] as string;
      for (let i = 0; i < t.indexes.length; i++) {
        out += formatTemplateValue(args[t.indexes[i] as number]) + t.parts[i + 1];
      }
      return out;
    }
    const head = this.owner ? `${this.owner}.${this.name}` : this.name;
    let out = `${head}(`;
    for (let i = 0; i < args.length; i++) out += (i === 0 ? "" : ", ") + formatArgValue(args[i]);
    return `${out})`;
  }

  /** Learn the class name from the receiver of the first call (for standard decorators). */
  learnOwner(self: unknown, isStatic: boolean): void {
    if (this.owner !== undefined) return;
    try {
      if (isStatic && typeof self === "function") {
        const d = Object.getOwnPropertyDescriptor(self, "name");
        this.owner = typeof d?.value === "string" ? d.value : "";
      } else if (typeof self === "object" && self !== null) {
        this.owner = className(self);
      } else this.owner = "";
    } catch {
      this.owner = "";
    }
  }
}

/** Parameter names of a function, from its source text; `undefined` for destructured ones. */
export function parameterNames(fn: (...args: never[]) => unknown): Array<string | undefined> {
  let src: string;
  try {
    src = Function.prototype.toString.call(fn);
  } catch {
    return [];
  }
  const arrow = /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(src);
  if (arrow) return [arrow[1]];
  const open = src.indexOf("(");
  if (open < 0) return [];
  const params: string[] = [];
  let depth = 0;
  let cur = "";
  let quote = "";
  for (let i = open + 1; i < src.length; i++) {
    const ch = src[i] as string;
    if (quote) {
      cur += ch;
      if (ch === "\\") cur += src[++i] ?? "";
      else if (ch === quote) quote = "";
      continue;
    }
    if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    else if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") {
      if (depth === 0) break;
      depth--;
    } else if (ch === "," && depth === 0) {
      params.push(cur);
      cur = "";
      continue;
    }
    cur += ch;
  }
  if (cur.trim() !== "") params.push(cur);
  return params.map((p) => /^\s*(?:\.\.\.)?\s*([A-Za-z_$][\w$]*)/.exec(p.replace(/\/\*[\s\S]*?\*\//g, ""))?.[1]);
}

/** Parse `"load user ${id}"` against parameter names; unknown names are an error naming them. */
export function parseTemplate(
  text: string,
  params: Array<string | undefined>,
  where: string,
): ParsedTemplate | undefined {
  const re = /\$\{\s*([A-Za-z_$][\w$]*)\s*\}/g;
  if (!re.test(text)) return undefined;
  re.lastIndex = 0;
  const parts: string[] = [];
  const indexes: number[] = [];
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const name = m[1] as string;
    const idx = params.indexOf(name);
    if (idx < 0) {
      const known = params.filter((p) => p !== undefined).join(", ");
      throw new TypeError(`${where}: the span template "${text}" names \${${name}}, but the parameters are (${known})`);
    }
    parts.push(text.slice(last, m.index));
    indexes.push(idx);
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return { parts, indexes };
}
