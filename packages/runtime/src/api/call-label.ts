/**
 * Frame labels of traced functions: `Class.method(arg, ...)` by default, or the user's template
 * (`"load user ${id}"`) whose `${name}`s name parameters. Formatted only when a tree is dumped.
 */
import { types } from "node:util";
import { className, formatArgValue, formatTemplateValue } from "../core/label-value";
import { splitTemplate } from "../instrument/contract";

export interface ParsedTemplate {
  parts: string[];
  /** Parameter index for each value between parts. */
  indexes: number[];
  /** The rest parameter's index: its value is every argument from there on (an array). */
  rest?: number;
}

/** The name of a function without one of its own (`traced(async () => ...)`), as V8's stacks say. */
export const ANONYMOUS = "<anonymous>";

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

  /**
   * Labelled with the name the user gave (`@traced("load user ${id}")`, a Span): a template, which a
   * name derived from the function (`Class.method(args)`) has not. Read by the text format, which
   * does not fold such a frame under the wait on its call (format/snapshot.ts).
   */
  get named(): boolean {
    return this.template !== undefined;
  }

  /**
   * The frame of a function without a name of its own: usually a callback a callee's untraced code
   * runs. Read by the text format, which does not fold such a frame under the wait on a call.
   */
  get anonymous(): boolean {
    return this.template === undefined && !this.owner && this.name === ANONYMOUS;
  }

  /** `vals` is the call's arguments array. */
  format(vals: unknown): string {
    const args = Array.isArray(vals) ? vals : [];
    const t = this.template;
    if (t !== undefined) {
      let out = t.parts[0] as string;
      for (let i = 0; i < t.indexes.length; i++) {
        const at = t.indexes[i] as number;
        out += formatTemplateValue(at === t.rest ? args.slice(at) : args[at]) + t.parts[i + 1];
      }
      return out;
    }
    const head = this.owner ? `${this.owner}.${this.name}` : this.name;
    let out = `${head}(`;
    for (let i = 0; i < args.length; i++) out += (i === 0 ? "" : ", ") + formatArgValue(args[i]);
    return `${out})`;
  }

  /**
   * Learn the class name (for standard decorators, whose context does not give the class): the
   * class that owns the method, i.e. the home object on the receiver's prototype chain whose own
   * `key` is `wrapper` (a `Base` method called on a `Sub` instance prints `Base.load`). Nothing is
   * cached when it is not found (a null-prototype receiver, a detached call): a later call may tell.
   * A private method (no `key`) takes the receiver's class.
   */
  learnOwner(self: unknown, isStatic: boolean, wrapper: unknown, key: string | symbol | undefined): void {
    if (this.owner !== undefined) return;
    try {
      if (key === undefined) {
        if (isStatic) this.owner = ownName(self);
        else this.owner = typeof self === "object" && self !== null ? className(self) : "";
        return;
      }
      const home = homeObject(self, wrapper, key);
      if (home === undefined) return;
      this.owner = isStatic ? ownName(home) : ownName(Object.getOwnPropertyDescriptor(home, "constructor")?.value);
    } catch {
      // Unknown this time; a later call may tell.
    }
  }
}

/** A function's own `name` data property, or "" (never calls a getter). */
function ownName(fn: unknown): string {
  if (typeof fn !== "function" || types.isProxy(fn)) return "";
  const d = Object.getOwnPropertyDescriptor(fn, "name");
  return d !== undefined && typeof d.value === "string" ? d.value : "";
}

/**
 * The object on `self`'s prototype chain whose own property `key` holds `wrapper`. Never runs user
 * code: it stops at a Proxy (whose traps could) and reads data descriptors only.
 */
function homeObject(self: unknown, wrapper: unknown, key: string | symbol): object | undefined {
  let o: unknown = self;
  for (let i = 0; i < 10_000 && (typeof o === "object" || typeof o === "function") && o !== null; i++) {
    if (types.isProxy(o)) return undefined;
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d !== undefined && d.value === wrapper) return o;
    o = Object.getPrototypeOf(o);
  }
  return undefined;
}

/** Parse `"load user ${id}"` against parameter names; unknown names are an error naming them. */
export function parseTemplate(
  text: string,
  params: ReadonlyArray<string | undefined>,
  where: string,
  rest?: number,
): ParsedTemplate | undefined {
  const { parts, names } = splitTemplate(text);
  if (names.length === 0) return undefined;
  const indexes: number[] = [];
  for (const name of names) {
    const idx = params.indexOf(name);
    if (idx < 0) {
      const known = params.filter((p) => p !== undefined).join(", ");
      throw new TypeError(`${where}: the span template "${text}" names \${${name}}, but the parameters are (${known})`);
    }
    indexes.push(idx);
  }
  return rest === undefined ? { parts, indexes } : { parts, indexes, rest };
}
