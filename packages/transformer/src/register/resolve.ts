/**
 * TypeScript's module names, which Node does not resolve by itself: `./db.js` written in a `.ts`
 * file means `./db.ts` (as tsc reads it under `nodenext`), `./db` means `./db.ts` or
 * `./db/index.ts` (`bundler` resolution, tsx). Consulted only after Node failed to resolve.
 */
import { statSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const JS_TO_TS: Record<string, string[]> = {
  ".js": [".ts", ".tsx"],
  ".mjs": [".mts"],
  ".cjs": [".cts"],
  ".jsx": [".tsx"],
};

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The file a relative or absolute `specifier` names under TypeScript's rules, or undefined. */
export function typescriptFile(specifier: string, parent: string | undefined): string | undefined {
  if (parent === undefined) return undefined;
  const relative = specifier.startsWith("./") || specifier.startsWith("../") || specifier === "." || specifier === "..";
  let base: string;
  if (relative) base = path.resolve(path.dirname(parent), specifier);
  else if (specifier.startsWith("file:")) base = fileURLToPath(specifier);
  else if (path.isAbsolute(specifier)) base = specifier;
  else return undefined;
  const ext = path.extname(base);
  for (const ts of JS_TO_TS[ext] ?? []) {
    const p = base.slice(0, -ext.length) + ts;
    if (isFile(p)) return p;
  }
  if (ext === "" || !(ext in JS_TO_TS)) {
    for (const p of [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) if (isFile(p)) return p;
  }
  return undefined;
}

/** The parent module's file from a resolve hook's `parentURL`. */
export function parentFile(parentURL: string | undefined): string | undefined {
  return parentURL?.startsWith("file:") ? fileURLToPath(parentURL) : undefined;
}

export function isNotFound(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
}
