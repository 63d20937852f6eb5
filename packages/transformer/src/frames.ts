/**
 * Frame labels of traced functions, known at compile time: `Class.method(` value `, ` value `)`
 * for the parameters that are plain identifiers, or the user's template
 * (`@traced("load user ${id}")`, whose `${id}` names a parameter).
 */
import { splitTemplate } from "@await-tree/runtime/contract";
import type * as TS from "typescript";
import { awaitOfCall, passedTo } from "./callback-context";
import { normalisedParts } from "./labels";

export type FunctionNode = TS.FunctionDeclaration | TS.FunctionExpression | TS.ArrowFunction | TS.MethodDeclaration;

export interface FrameLabel {
  parts: string[];
  values: TS.Identifier[];
  template: boolean;
  /** The parts are the user's own name (a `@traced` / `traced` argument), not derived from the function. */
  named: boolean;
  /** Labelled `<anonymous>(…)`: the function has no name of its own (`SiteInit.anonymous`). */
  anonymous: boolean;
  /** An anonymous function's: the `await` of the call it is passed to (`SiteInit.passedToWait`). */
  passedToWait?: TS.Node;
  verbose: boolean;
  longRunning: boolean;
}

/** What a `@traced(...)` / `traced(arg, fn)` argument says, when it is written literally. */
export interface TracedArgInfo {
  name?: string;
  verbose?: boolean;
  longRunning?: boolean;
}

export function propertyNameText(ts: typeof TS, name: TS.PropertyName): string {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name))
    return name.text;
  if (ts.isComputedPropertyName(name)) {
    const sf = name.getSourceFile();
    return normalisedParts(ts, sf, name, name.getStart(sf), name.end, []).join("");
  }
  return "";
}

function className(ts: typeof TS, c: TS.ClassLikeDeclaration): string {
  if (c.name !== undefined) return c.name.text;
  const p = c.parent;
  if (p !== undefined && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  return "";
}

/** `Class.method`, `name`, or `<anonymous>`, as the function's name would read at run time. */
export function functionName(ts: typeof TS, fn: FunctionNode): string {
  if (ts.isMethodDeclaration(fn)) {
    const m = propertyNameText(ts, fn.name);
    const owner = ts.isClassLike(fn.parent) ? className(ts, fn.parent) : "";
    return owner === "" ? m : `${owner}.${m}`;
  }
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name !== undefined) return fn.name.text;
  // `export default async function () {}` is named "default".
  if (ts.isFunctionDeclaration(fn)) return "default";
  return assignedName(ts, fn) ?? ANONYMOUS;
}

/**
 * The name of what `expr` is assigned to (a variable, a parameter's default, a property, a class
 * field, `a.b = `), as V8 names a function written there; undefined elsewhere.
 */
export function assignedName(ts: typeof TS, expr: TS.Node): string | undefined {
  const p = expr.parent;
  if (p !== undefined) {
    if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p)) && ts.isIdentifier(p.name)) {
      return p.name.text;
    }
    if (ts.isPropertyAssignment(p)) return propertyNameText(ts, p.name);
    if (ts.isPropertyDeclaration(p)) {
      const owner = ts.isClassLike(p.parent) ? className(ts, p.parent) : "";
      const m = propertyNameText(ts, p.name);
      return owner === "" ? m : `${owner}.${m}`;
    }
    if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === expr) {
      const sf = p.getSourceFile();
      return normalisedParts(ts, sf, p.left, p.left.getStart(sf), p.left.end, []).join("");
    }
  }
  return undefined;
}

/**
 * The name of an anonymous function passed to `traced(...)`: what the call's result is assigned
 * to (`const fetchUser = traced(async (id) => ...)` is `fetchUser`), as the program calls it.
 */
export function tracedCallName(ts: typeof TS, call: TS.Node): string | undefined {
  let e = call;
  while (e.parent !== undefined && (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent)))
    e = e.parent;
  return assignedName(ts, e);
}

const ANONYMOUS = "<anonymous>";

/** Where a frame is in the source: the function's name, else the function itself. */
export function frameLocation(fn: FunctionNode): TS.Node {
  return fn.name ?? fn;
}

/** Identifier parameters (with `this` left out), in order. */
function parameters(ts: typeof TS, fn: FunctionNode): Array<TS.Identifier | string> {
  const out: Array<TS.Identifier | string> = [];
  for (const p of fn.parameters) {
    if (ts.isIdentifier(p.name)) {
      if (p.name.text === "this") continue;
      out.push(p.name);
    } else out.push(ts.isObjectBindingPattern(p.name) ? "{…}" : "[…]");
  }
  return out;
}

/**
 * `name(` a `, ` b `)` with the identifier parameters as values; destructured ones shown as `{…}`.
 * An anonymous function passed to a call is followed by that call (`<anonymous>(req, res) in
 * app.get("/users/:id", …)`, callback-context.ts), at most `max` characters of it.
 */
export function derivedFrameLabel(
  ts: typeof TS,
  fn: FunctionNode,
  info: TracedArgInfo = {},
  max = Number.POSITIVE_INFINITY,
  written?: string,
): FrameLabel {
  const parts: string[] = [];
  const values: TS.Identifier[] = [];
  const name = nameOf(ts, fn, written);
  let cur = `${name}(`;
  const params = parameters(ts, fn);
  params.forEach((p, i) => {
    if (i > 0) cur += ", ";
    if (typeof p === "string") cur += p;
    else {
      parts.push(cur);
      values.push(p);
      cur = "";
    }
  });
  parts.push(`${cur})${name === ANONYMOUS ? passedTo(ts, fn, max) : ""}`);
  return {
    parts,
    values,
    template: false,
    named: false,
    anonymous: name === ANONYMOUS,
    passedToWait: name === ANONYMOUS ? awaitOfCall(ts, fn) : undefined,
    verbose: info.verbose === true,
    longRunning: info.longRunning === true,
  };
}

/** `functionName`, or `written` (see `tracedCallName`) for a function without a name of its own. */
function nameOf(ts: typeof TS, fn: FunctionNode, written: string | undefined): string {
  const name = functionName(ts, fn);
  return name === ANONYMOUS && written !== undefined ? written : name;
}

/** A plain label without values (a frame whose wrapper formats the real label at run time). */
export function staticFrameLabel(
  ts: typeof TS,
  fn: FunctionNode,
  info: TracedArgInfo = {},
  written?: string,
): FrameLabel {
  const name = info.name ?? nameOf(ts, fn, written);
  return {
    parts: [name],
    values: [],
    template: false,
    named: info.name !== undefined,
    anonymous: info.name === undefined && name === ANONYMOUS,
    verbose: info.verbose === true,
    longRunning: info.longRunning === true,
  };
}

/** The user's template against the parameters; undefined when it names something else. */
export function templateFrameLabel(ts: typeof TS, fn: FunctionNode, info: TracedArgInfo): FrameLabel | undefined {
  const text = info.name;
  if (text === undefined) return undefined;
  const byName = new Map<string, TS.Identifier>();
  for (const p of parameters(ts, fn)) if (typeof p !== "string") byName.set(p.text, p);
  const { parts, names } = splitTemplate(text);
  const values: TS.Identifier[] = [];
  for (const name of names) {
    const id = byName.get(name);
    if (id === undefined) return undefined;
    values.push(id);
  }
  return {
    parts,
    values,
    template: values.length > 0,
    named: true,
    anonymous: false,
    verbose: info.verbose === true,
    longRunning: info.longRunning === true,
  };
}

/** Reads a literal `"name"` or `{ name, verbose, longRunning }` argument; other forms say nothing. */
export function tracedArgInfo(ts: typeof TS, arg: TS.Expression | undefined): TracedArgInfo {
  if (arg === undefined) return {};
  if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) return { name: arg.text };
  const info: TracedArgInfo = {};
  if (!ts.isObjectLiteralExpression(arg)) return info;
  for (const p of arg.properties) {
    if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name)) continue;
    const v = p.initializer;
    if (p.name.text === "name" && (ts.isStringLiteral(v) || ts.isNoSubstitutionTemplateLiteral(v))) info.name = v.text;
    const flag = v.kind === ts.SyntaxKind.TrueKeyword;
    if (p.name.text === "verbose") info.verbose = flag;
    if (p.name.text === "longRunning") info.longRunning = flag;
  }
  return info;
}
