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

function loadMap(script: ScriptInfo): SourceMap | undefined {
  const ref = script.sourceMapURL;
  if (ref === undefined || ref === "") return undefined;
  try {
    let text: string;
    if (ref.startsWith("data:")) {
      const comma = ref.indexOf(",");
      const meta = ref.slice(0, comma);
      const data = ref.slice(comma + 1);
      text = meta.endsWith(";base64") ? Buffer.from(data, "base64").toString("utf8") : decodeURIComponent(data);
    } else {
      const base = script.url.startsWith("file:") ? script.url : pathToFileURL(script.url).href;
      const url = new URL(ref, base);
      if (url.protocol !== "file:") return undefined;
      text = readFileSync(fileURLToPath(url), "utf8");
    }
    return new SourceMap(JSON.parse(text));
  } catch {
    return undefined;
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
  const maps = new Map<string, SourceMap | undefined>();
  const out: MappedFrame[] = [];
  for (const f of frames) {
    const script = scripts.get(f.location.scriptId);
    let file = displayPath(script?.url || f.url || "<anonymous>");
    let line = f.location.lineNumber;
    let column = f.location.columnNumber ?? 0;
    if (script !== undefined) {
      if (!maps.has(f.location.scriptId)) maps.set(f.location.scriptId, loadMap(script));
      const entry = maps.get(f.location.scriptId)?.findEntry(line, column) as
        | { originalSource?: string; originalLine?: number; originalColumn?: number }
        | undefined;
      if (entry?.originalSource !== undefined && entry.originalLine !== undefined) {
        file = displayPath(entry.originalSource);
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
