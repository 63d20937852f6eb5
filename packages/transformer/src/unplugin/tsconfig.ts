/**
 * The compiler options of the tsconfig.json nearest to a file, as TypeScript resolves them
 * (comments, `extends`), so that a bundler build shapes the JavaScript of a traced file as `tsc`
 * would (decorator mode, class fields, target). Bundlers read the same nearest tsconfig for their
 * own TypeScript transform (Vite, esbuild, Rolldown), so both halves of a build agree.
 */
import * as path from "node:path";
import type * as TS from "typescript";
import { bundledTypescript } from "../bundled-typescript";

/** Found tsconfig per directory (undefined: none up to the root). */
const nearestByDir = new Map<string, string | undefined>();
/** Parsed compiler options per tsconfig file. */
const optionsByFile = new Map<string, Record<string, unknown>>();

export function nearestTsconfig(dir: string, exists: (file: string) => boolean): string | undefined {
  if (nearestByDir.has(dir)) return nearestByDir.get(dir);
  const here = path.join(dir, "tsconfig.json");
  const up = path.dirname(dir);
  const found = exists(here) ? here : up === dir ? undefined : nearestTsconfig(up, exists);
  nearestByDir.set(dir, found);
  return found;
}

/** A tsconfig that cannot be read: the build goes on with TypeScript's defaults, and says so once. */
export class TsconfigError extends Error {}

/**
 * The JSON form of the compiler options that shape the JavaScript of `file` (empty without a
 * tsconfig). Throws a `TsconfigError` (once per tsconfig) when the tsconfig cannot be read.
 */
export function compilerOptionsFor(file: string): Record<string, unknown> {
  const ts = bundledTypescript();
  const config = nearestTsconfig(path.dirname(file), (f) => ts.sys.fileExists(f));
  if (config === undefined) return {};
  const cached = optionsByFile.get(config);
  if (cached !== undefined) return cached;
  const read = ts.readConfigFile(config, (f) => ts.sys.readFile(f));
  if (read.error !== undefined) {
    optionsByFile.set(config, {});
    throw new TsconfigError(
      `${config} cannot be read: ${ts.flattenDiagnosticMessageText(read.error.messageText, "\n")}`,
    );
  }
  // `extends` chains are followed by TypeScript; the raw JSON form keeps option names as written.
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(config), undefined, config);
  const merged = emitShaping(ts, parsed.options);
  optionsByFile.set(config, merged);
  return merged;
}

/**
 * The options that shape the emitted JavaScript, from TypeScript's parsed view of the tsconfig
 * (so that `extends` counts), in the JSON spelling the core reads. JSX is absent on purpose: the
 * plugin keeps JSX as written for the host's own JSX transform.
 */
function emitShaping(ts: typeof TS, parsed: TS.CompilerOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of BOOLEAN_OPTIONS) {
    const value = parsed[key];
    if (typeof value === "boolean") out[key] = value;
  }
  if (parsed.target !== undefined) {
    // ScriptTarget's reverse mapping, without its aliases (`Latest`, `JSON`).
    const name = Object.keys(ts.ScriptTarget).find(
      (k) => /^ES/.test(k) && (ts.ScriptTarget as unknown as Record<string, unknown>)[k] === parsed.target,
    );
    if (name !== undefined) out.target = name;
  }
  return out;
}

/** Boolean compiler options that change the JavaScript of a traced file. */
const BOOLEAN_OPTIONS = [
  "experimentalDecorators",
  "emitDecoratorMetadata",
  "useDefineForClassFields",
  "importHelpers",
  "esModuleInterop",
  "downlevelIteration",
  "preserveConstEnums",
] as const;
