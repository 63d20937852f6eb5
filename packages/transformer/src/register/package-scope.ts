/**
 * The package a file belongs to, as Node sees it: the nearest package.json's `type` and the nearest
 * `name`, read once per folder. Used by the hooks (a file's format when Node does not say it) and,
 * for the name, by every route that decides whether a file may be instrumented (`isOwnPackage`).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";

export interface PackageScope {
  /** The nearest package.json's `type` ("commonjs" when it has none or cannot be read as JSON). */
  type: string | undefined;
  /** Whether that package.json states its `type` (without one, Node decides a `.js` file's format from its syntax). */
  typed: boolean;
  /** The `name` of the nearest package.json above that has one. */
  name: string | undefined;
}

const scopeCache = new Map<string, PackageScope>();

/** The package scope of `dir`: the nearest package.json's `type`, and the nearest `name`. */
export function packageScope(dir: string): PackageScope {
  const cached = scopeCache.get(dir);
  if (cached !== undefined) return cached;
  let text: string | undefined;
  try {
    text = readFileSync(path.join(dir, "package.json"), "utf8");
  } catch {
    text = undefined;
  }
  const up = path.dirname(dir);
  const above = (): PackageScope =>
    up === dir ? { type: undefined, typed: false, name: undefined } : packageScope(up);
  let scope: PackageScope;
  if (text === undefined) {
    scope = above();
  } else {
    let json: { type?: unknown; name?: unknown } = {};
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      // Unreadable as JSON: Node takes it as CommonJS.
    }
    const typed = typeof json.type === "string";
    const type = typed ? (json.type as string) : "commonjs";
    // A package.json with a `type` and no `name` (as some builds put in an output folder) is not
    // the package itself: its name is further up.
    const name = typeof json.name === "string" ? json.name : above().name;
    scope = { type, typed, name };
  }
  scopeCache.set(dir, scope);
  return scope;
}

/**
 * Our own packages: their files are never instrumented, by the hooks or the bundler plugin,
 * wherever they are installed (a linked monorepo or a workspace puts them outside node_modules).
 * Some of their files name `traced` and the runtime, so the hooks' core would parse them on every
 * cold start, loading the TypeScript compiler for nothing; and with `traceAll` an async function of
 * the runtime's own would be rewritten to call the runtime's instrument module from inside the
 * runtime (a bundle then fails as it loads: found by the streams audit, 2026-12-05).
 */
const OWN_PACKAGES: ReadonlySet<string> = new Set([
  "@await-tree/runtime",
  "@await-tree/transformer",
  "@await-tree/cli",
]);

/** Whether `file` is one of our own packages' files (`OWN_PACKAGES`), found by its package's name. */
export function isOwnPackage(file: string): boolean {
  const name = packageScope(path.dirname(file)).name;
  return name !== undefined && OWN_PACKAGES.has(name);
}
