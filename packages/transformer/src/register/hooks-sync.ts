/**
 * Node 22.15+ (`module.registerHooks`): synchronous hooks, in the loading thread, for `import`
 * and `require` alike.
 */
import { fileURLToPath } from "node:url";
import { formatFromNode, isTypeScript, type Loader } from "./loader";

interface LoadResult {
  format?: string | null;
  source?: string | ArrayBuffer | Uint8Array | null;
  shortCircuit?: boolean;
}
type NextLoad = (url: string, context?: { format?: string | null }) => LoadResult;
export interface SyncHooks {
  load(url: string, context: { format?: string | null }, next: NextLoad): LoadResult;
}

function text(source: LoadResult["source"]): string | undefined {
  if (source === undefined || source === null) return undefined;
  return typeof source === "string" ? source : Buffer.from(source as Uint8Array).toString("utf8");
}

export function syncHooks(loader: Loader): SyncHooks {
  return {
    load(url, context, next) {
      if (!url.startsWith("file:")) return next(url, context);
      const file = fileURLToPath(url);
      if (!loader.wants(file)) return next(url, context);
      let base: LoadResult | undefined;
      try {
        base = next(url, context);
      } catch {
        // This Node cannot load the file by itself (TypeScript without type stripping): we do.
        base = undefined;
      }
      // TypeScript is read from disk: a loader that ran first (tsx) may have compiled it already.
      const source = isTypeScript(file) ? undefined : text(base?.source);
      const out = loader.load(file, source, formatFromNode(base?.format ?? context.format));
      if (out === undefined) return base ?? next(url, context);
      return { format: out.format, source: out.code, shortCircuit: true };
    },
  };
}
