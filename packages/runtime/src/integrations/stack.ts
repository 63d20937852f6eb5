/**
 * A synchronous JavaScript stack from the inspector's `Debugger.paused` call frames, mapped
 * through source maps where the scripts have them (`//# sourceMappingURL=`, inline or a file next
 * to the script). Used by the watchdog's worker (integrations/watchdog-worker.ts) and by
 * `@await-tree/cli` for the frames it receives over the wire, which loads it through the
 * internal `@await-tree/runtime/internal/stack` subpath (docs/packaging.md). Stateless and
 * dependent on Node built-ins only: loading it starts and publishes nothing.
 */
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

export interface ScriptInfo {
  url: string;
  sourceMapURL?: string;
}

export interface CallFrame {
  functionName: string;
  location: { scriptId: string; lineNumber: number; columnNumber?: number };
  url?: string;
}

/** A script's source map, and the URL its `sources` are relative to (the map file's, or the script's for an inline map). */
interface LoadedMap {
  map: SourceMap;
  base: string;
}

function loadMap(script: ScriptInfo): LoadedMap | undefined {
  const ref = script.sourceMapURL;
  if (ref === undefined || ref === "") return undefined;
  try {
    const scriptUrl = script.url.startsWith("file:") ? script.url : pathToFileURL(script.url).href;
    let text: string;
    let base = scriptUrl;
    if (ref.startsWith("data:")) {
      const comma = ref.indexOf(",");
      const meta = ref.slice(0, comma);
      const data = ref.slice(comma + 1);
      text = meta.endsWith(";base64") ? Buffer.from(data, "base64").toString("utf8") : decodeURIComponent(data);
    } else {
      const url = new URL(ref, scriptUrl);
      if (url.protocol !== "file:") return undefined;
      text = readFileSync(fileURLToPath(url), "utf8");
      base = url.href;
    }
    return { map: new SourceMap(JSON.parse(text)), base };
  } catch {
    return undefined;
  }
}

/**
 * An original source as a map names it, made a path: `sources` are relative to the map (tsc writes
 * `../src/main.ts`), which printed as it is named a file relative to nothing the reader knows.
 */
function sourcePath(source: string, base: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(source) || source.startsWith("/")) return displayPath(source);
  try {
    return displayPath(new URL(source, base).href);
  } catch {
    return source;
  }
}

function displayPath(url: string): string {
  if (!url.startsWith("file:")) return url;
  try {
    return fileURLToPath(url);
  } catch {
    return url;
  }
}

export interface MappedFrame {
  functionName: string;
  /** A path for files, the URL otherwise; the original source where a source map says. */
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
}

/** The frames with 1-based positions, mapped where a source map says. */
export function mapFrames(frames: readonly CallFrame[], scripts: ReadonlyMap<string, ScriptInfo>): MappedFrame[] {
  const maps = new Map<string, LoadedMap | undefined>();
  const out: MappedFrame[] = [];
  for (const f of frames) {
    const script = scripts.get(f.location.scriptId);
    let file = displayPath(script?.url || f.url || "<anonymous>");
    let line = f.location.lineNumber;
    let column = f.location.columnNumber ?? 0;
    if (script !== undefined) {
      if (!maps.has(f.location.scriptId)) maps.set(f.location.scriptId, loadMap(script));
      const loaded = maps.get(f.location.scriptId);
      const entry = loaded?.map.findEntry(line, column) as
        | { originalSource?: string; originalLine?: number; originalColumn?: number }
        | undefined;
      if (loaded !== undefined && entry?.originalSource !== undefined && entry.originalLine !== undefined) {
        file = sourcePath(entry.originalSource, loaded.base);
        line = entry.originalLine;
        column = entry.originalColumn ?? 0;
      }
    }
    out.push({ functionName: f.functionName || "<anonymous>", file, line: line + 1, column: column + 1 });
  }
  return out;
}

/** `    at fn (file:line:col)` lines. */
export function formatFrames(frames: readonly MappedFrame[]): string {
  let out = "";
  for (const f of frames) out += `    at ${f.functionName} (${f.file}:${f.line}:${f.column})\n`;
  return out;
}
