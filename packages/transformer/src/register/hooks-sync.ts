/**
 * Node 22.15+ (`module.registerHooks`): synchronous hooks, in the loading thread, for `import`
 * and `require` alike.
 */
import { fileURLToPath, pathToFileURL } from "node:url";
import { formatFromNode, isTypeScript, type Loader } from "./loader";
import { isNotFound, parentFile, typescriptFile } from "./resolve";
import { isSourceMapSupport, withHookMaps } from "./source-map-support";

interface LoadResult {
  format?: string | null;
  source?: string | ArrayBuffer | Uint8Array | null;
  shortCircuit?: boolean;
}
type NextLoad = (url: string, context?: { format?: string | null }) => LoadResult;
interface ResolveContext {
  parentURL?: string;
  [k: string]: unknown;
}
interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: ResolveContext) => ResolveResult;
export interface SyncHooks {
  resolve(specifier: string, context: ResolveContext, next: NextResolve): ResolveResult;
  load(url: string, context: { format?: string | null; conditions?: readonly string[] }, next: NextLoad): LoadResult;
}

function text(source: LoadResult["source"]): string | undefined {
  if (source === undefined || source === null) return undefined;
  return typeof source === "string" ? source : Buffer.from(source as Uint8Array).toString("utf8");
}

/**
 * Node 22 runs a CommonJS module that `import` loads with a source a load hook gave through its ES
 * module loader's own `require`, whose `require()` of an ES module that imports anything fails
 * (`ERR_VM_MODULE_LINK_FAILURE: request for './x.js' is from a module not been linked`): a
 * CommonJS TypeScript entry requiring an ES-module-only package (MikroORM 7) stopped at start, as
 * does any `.ts` entry under a no-op `registerHooks` hook there (Node 24 and 26 link it). On Node
 * 22 the program's entry (the one module resolved without a parent) is given no source when it is
 * CommonJS, so that Node hands it to its CommonJS loader, whose `require` links ES modules, and the
 * require hook (require-hook.ts) instruments it, as on Node 20. Only the entry: Node finds the
 * names a CommonJS module exports to an importer by reading the source it gets, and from the file
 * on disk (TypeScript, whose `export const bar: string` it does not see) when it gets none; an
 * entry has no importer.
 */
const entryThroughRequire = process.versions.node.split(".")[0] === "22";

/** Whether the load comes from `import` (the ES module loader), not `require`. */
function fromImport(context: { conditions?: readonly string[] }): boolean {
  return Array.isArray(context.conditions) && context.conditions.includes("import");
}

export function syncHooks(loader: Loader): SyncHooks {
  /** URLs resolved without a parent: the program's entry (see `entryThroughRequire`). */
  const entries = new Set<string>();
  const resolve = (specifier: string, context: ResolveContext, next: NextResolve): ResolveResult => {
    try {
      return next(specifier, context);
    } catch (e) {
      const file = isNotFound(e) ? typescriptFile(specifier, parentFile(context.parentURL)) : undefined;
      if (file === undefined) throw e;
      return next(pathToFileURL(file).href, context);
    }
  };
  return {
    resolve(specifier, context, next) {
      const r = resolve(specifier, context, next);
      if (entryThroughRequire && context.parentURL === undefined) entries.add(r.url);
      return r;
    },
    load(url, context, next) {
      if (!url.startsWith("file:")) return next(url, context);
      const file = fileURLToPath(url);
      if (isSourceMapSupport(file)) return sourceMapSupport(next(url, context));
      if (!loader.wants(file)) return next(url, context);
      let base: LoadResult | undefined;
      try {
        base = next(url, context);
      } catch {
        // This Node cannot load the file by itself (TypeScript without type stripping): we do.
        base = undefined;
      }
      const nodeFormat = formatFromNode(base?.format ?? context.format);
      if (
        entryThroughRequire &&
        entries.has(url) &&
        fromImport(context) &&
        (nodeFormat === "commonjs" || (base === undefined && loader.formatOf(file) === "commonjs"))
      ) {
        return { format: "commonjs", source: null, shortCircuit: true };
      }
      // TypeScript is read from disk: a loader that ran first (tsx) may have compiled it already.
      const source = isTypeScript(file) ? undefined : text(base?.source);
      const out = loader.load(file, source, nodeFormat);
      if (out === undefined) return base ?? next(url, context);
      return { format: out.format, source: out.code, shortCircuit: true };
    },
  };
}

/**
 * `source-map-support`'s main file: when a load step gives its source (Node reads a CommonJS file
 * itself, and the require hook sees it, unless a load hook hands the source over), it gets the
 * handler that maps the frames of the files compiled here through their own maps.
 */
export function sourceMapSupport<T extends { source?: string | ArrayBuffer | Uint8Array | null }>(base: T): T {
  const code = text(base.source);
  return code === undefined ? base : { ...base, source: withHookMaps(code) };
}
