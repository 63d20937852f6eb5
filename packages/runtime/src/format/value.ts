/**
 * Safe formatting of runtime values for labels. Never throws, never calls a getter or a Proxy
 * trap (for derived labels), and bounds the output, so a dump cannot break or hang the program.
 */
import { types } from "node:util";

export const MAX_VALUE_CHARS = 120;

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}

/** The name of a function, read without running user code (a static `name` getter is skipped). */
function functionName(fn: unknown): string {
  if (typeof fn !== "function") return "";
  const d = Object.getOwnPropertyDescriptor(fn, "name");
  return d !== undefined && typeof d.value === "string" ? d.value : "";
}

/** `ClassName` of an object from its prototype's own `constructor` data property, or "". */
export function className(obj: object): string {
  if (types.isProxy(obj)) return "Proxy";
  const proto = Object.getPrototypeOf(obj) as object | null;
  if (proto === null) return "";
  const d = Object.getOwnPropertyDescriptor(proto, "constructor");
  return d !== undefined ? functionName(d.value) : "";
}

/**
 * A value as it appears in a label derived from source (`fetchUser(42)`): strings quoted,
 * primitives as written, objects by class name.
 */
export function formatArgValue(v: unknown, max = MAX_VALUE_CHARS): string {
  try {
    switch (typeof v) {
      case "string":
        return clip(JSON.stringify(v), max);
      case "number":
        return Object.is(v, -0) ? "-0" : String(v);
      case "bigint":
        return `${v}n`;
      case "boolean":
      case "undefined":
        return String(v);
      case "symbol":
        return clip(v.toString(), max);
      case "function": {
        const n = functionName(v);
        return n ? `[Function ${clip(n, max)}]` : "[Function]";
      }
      default: {
        if (v === null) return "null";
        if (types.isProxy(v)) return "Proxy";
        if (Array.isArray(v)) return `Array(${v.length})`;
        if (types.isPromise(v)) return "Promise";
        if (v instanceof Date) return Number.isNaN(v.getTime()) ? "Invalid Date" : v.toISOString();
        const name = className(v as object);
        return name === "" || name === "Object" ? "{…}" : clip(name, max);
      }
    }
  } catch {
    return "<?>";
  }
}

/**
 * A value interpolated by the user's own template (`` span`pending ${i}` ``): what a template
 * literal would print, computed safely. User `toString` methods run (the user asked for them),
 * but an exception shows a placeholder instead of reaching the program.
 */
export function formatTemplateValue(v: unknown, max = MAX_VALUE_CHARS * 8): string {
  if (typeof v === "string") return clip(v, max);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "undefined" || v === null) {
    return String(v);
  }
  if (typeof v === "bigint") return String(v);
  if (typeof v === "symbol") return v.toString();
  try {
    if (typeof v === "object" && types.isProxy(v)) return "Proxy";
    return clip(String(v), max);
  } catch (e) {
    return `<label error: ${errorName(e)}>`;
  }
}

function errorName(e: unknown): string {
  try {
    if (e instanceof Error) return clip(`${e.name}: ${e.message}`, 80);
    return clip(String(e), 80);
  } catch {
    return "unprintable";
  }
}

/** Escape newlines and control characters so that one span is always one line. */
export function escapeLabel(s: string, max: number): string {
  // Fast path: most labels have nothing to escape and fit.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we escape
  if (s.length <= max && !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(s)) return s;
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, "0")}`;
    } else out += ch;
    if (out.length > max) break;
  }
  if (out.length > max) {
    return `${out.slice(0, max)}…(${s.length} chars)`;
  }
  return out;
}
