/**
 * A synchronous JavaScript stack from the inspector's `Debugger.paused` call frames, as text,
 * mapped through source maps where the scripts have them (`//# sourceMappingURL=`, inline or a
 * file next to the script). Used by the watchdog's worker; the CLI has the same logic for frames
 * it receives over the wire.
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

/** `    at fn (file:line:col)` lines, 1-based positions, mapped where a source map says. */
export function formatStack(frames: readonly CallFrame[], scripts: ReadonlyMap<string, ScriptInfo>): string {
  const maps = new Map<string, SourceMap | undefined>();
  let out = "";
  for (const f of frames) {
    const script = scripts.get(f.location.scriptId);
    const url = script?.url || f.url || "<anonymous>";
    let file = displayPath(url);
    let line = f.location.lineNumber;
    let column = f.location.columnNumber ?? 0;
    if (script !== undefined) {
      if (!maps.has(f.location.scriptId)) maps.set(f.location.scriptId, loadMap(script));
      const map = maps.get(f.location.scriptId);
      const entry = map?.findEntry(line, column) as
        | { originalSource?: string; originalLine?: number; originalColumn?: number }
        | undefined;
      if (entry?.originalSource !== undefined && entry.originalLine !== undefined) {
        file = displayPath(entry.originalSource);
        line = entry.originalLine;
        column = entry.originalColumn ?? 0;
      }
    }
    out += `    at ${f.functionName || "<anonymous>"} (${file}:${line + 1}:${column + 1})\n`;
  }
  return out;
}
