/**
 * Compiler options as TypeScript resolved them (`extends` followed, enums as numbers) written back
 * in a tsconfig's JSON spelling (`"target": "ES2022"`, `"jsx": "react-jsx"`), which is what
 * `transformSource` takes (transpile.ts `compilerOptionsFor`). Shared by the two routes that read
 * a tsconfig themselves: Node's module hooks (register/config.ts) and the bundler plugins
 * (unplugin/tsconfig.ts). Each keeps the options that shape one file's JavaScript on its route.
 */
import type * as TS from "typescript";

export interface Spelled {
  /** The boolean options kept: every one, or those named. */
  booleans: "all" | readonly string[];
  /** Keep `jsx` and its factories (the hooks compile JSX; the plugins leave it to the host). */
  jsx: boolean;
}

export function inTsconfigSpelling(ts: typeof TS, options: TS.CompilerOptions, keep: Spelled): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (typeof value === "boolean" && (keep.booleans === "all" || keep.booleans.includes(key))) out[key] = value;
  }
  // ScriptTarget's reverse mapping, without its aliases (`Latest`, `JSON`).
  const target = options.target === undefined ? undefined : enumName(ts.ScriptTarget, options.target, /^ES/);
  if (target !== undefined) out.target = target;
  if (!keep.jsx) return out;
  const jsx = options.jsx === undefined ? undefined : JSX_NAMES[options.jsx];
  if (jsx !== undefined) out.jsx = jsx;
  for (const key of ["jsxFactory", "jsxFragmentFactory", "jsxImportSource"] as const) {
    if (typeof options[key] === "string") out[key] = options[key];
  }
  return out;
}

/** An enum member's name (its first alias matching `like`: `ES2022`, not `Latest`). */
function enumName(e: object, value: number, like: RegExp): string | undefined {
  return Object.keys(e).find((k) => like.test(k) && (e as Record<string, unknown>)[k] === value);
}

/** `JsxEmit` values as a tsconfig writes them. */
const JSX_NAMES: Record<number, string> = {
  1: "preserve",
  2: "react",
  3: "react-native",
  4: "react-jsx",
  5: "react-jsxdev",
};
