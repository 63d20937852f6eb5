/**
 * Node before 22.15 (`module.register`): the ES module loader's asynchronous hooks, which run in
 * a thread of their own. `initialize` receives the configuration read by the main thread.
 * CommonJS files are left to `require`, where the require hook (require-hook.ts) instruments them.
 */
import { writeSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { HookConfig } from "./config";
import { sourceMapSupport } from "./hooks-sync";
import { formatFromNode, isTypeScript, Loader } from "./loader";
import { isNotFound, parentFile, typescriptFile } from "./resolve";
import { isSourceMapSupport } from "./source-map-support";

interface LoadResult {
  format?: string | null;
  source?: string | ArrayBuffer | Uint8Array | null;
  shortCircuit?: boolean;
}
type NextLoad = (url: string, context?: { format?: string | null }) => Promise<LoadResult>;

interface ResolveContext {
  parentURL?: string;
  [k: string]: unknown;
}
interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;

let loader: Loader | undefined;

/** Whether Node's own loader strips types (`process.features.typescript`, Node 22.10 on). */
const NODE_LOADS_TYPESCRIPT = Boolean((process.features as { typescript?: unknown }).typescript);

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<ResolveResult> {
  try {
    return await next(specifier, context);
  } catch (e) {
    const file = isNotFound(e) ? typescriptFile(specifier, parentFile(context.parentURL)) : undefined;
    if (file === undefined) throw e;
    return next(pathToFileURL(file).href, context);
  }
}

export function initialize(data: { config: HookConfig }): void {
  loader = new Loader(data.config, warn);
}

/**
 * A warning from the hooks' thread, written to the process's stderr directly: on Node 20 what this
 * thread writes to `process.stderr` never reaches the terminal.
 */
function warn(message: string): void {
  try {
    writeSync(2, `${message}\n`);
  } catch {
    process.stderr.write(`${message}\n`); // stderr would block (a full pipe): the stream queues it
  }
}

function text(source: LoadResult["source"]): string | undefined {
  if (source === undefined || source === null) return undefined;
  return typeof source === "string" ? source : Buffer.from(source as Uint8Array).toString("utf8");
}

export async function load(url: string, context: { format?: string | null }, next: NextLoad): Promise<LoadResult> {
  if (loader === undefined || !url.startsWith("file:")) return next(url, context);
  const file = fileURLToPath(url);
  if (isSourceMapSupport(file)) return sourceMapSupport(await next(url, context));
  if (!loader.wants(file)) return next(url, context);
  let base: LoadResult | undefined;
  // TypeScript on a Node without type stripping is loaded here, never asked of the next loader:
  // Node's own would throw (ERR_UNKNOWN_FILE_EXTENSION), and a loader in between that wraps every
  // module reported that failure for each file (import-in-the-middle under OpenTelemetry's
  // `--experimental-loader`: "failed to wrap", the APM audit of 2026-12-05). Its format is then
  // the package's, as Node's own rules give it (`loader.formatOf`).
  if (!isTypeScript(file) || NODE_LOADS_TYPESCRIPT) {
    try {
      base = await next(url, context);
    } catch {
      base = undefined; // a Node with type stripping turned off: loaded here.
    }
  }
  const nodeFormat = formatFromNode(base?.format ?? context.format);
  if (nodeFormat === "commonjs" || (base === undefined && loader.formatOf(file) === "commonjs")) {
    // `require` loads it (and the require hook instruments it): no source, so Node uses require.
    return { format: "commonjs", shortCircuit: true };
  }
  // TypeScript is read from disk: a loader that ran first (tsx) may have compiled it already.
  const out = loader.load(file, isTypeScript(file) ? undefined : text(base?.source), nodeFormat);
  if (out === undefined) return base ?? next(url, context);
  return { format: out.format, source: out.code, shortCircuit: true };
}
