/**
 * Source maps of compiled input (TypeScript 7's, esbuild's, any compiler's `.js` with a map):
 * read the input's map, translate positions of the compiled file back to the original source (so
 * that a wait's location names `src/users.ts:12:5`, not `dist/users.js`), and chain the map of our
 * own output to it (so that stack traces point at the original too).
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { originalPositionFor, TraceMap, traceSegment } from "@jridgewell/trace-mapping";

// Loaded by `require` with a local type: the package's own CommonJS declarations do not parse.
type Remap = (
  map: SourceMapJson,
  loader: (source: string) => SourceMapJson | null | undefined,
) => { toString(): string };
const remapping = require("@jridgewell/remapping") as Remap;

export interface SourceMapJson {
  version: number;
  file?: string;
  sources: (string | null)[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
  sourceRoot?: string;
}

const URL_COMMENT = /\/\/[#@] sourceMappingURL=([^\s'"]+)\s*$/;

/** The map a compiled file names in its last `sourceMappingURL` comment (inline or a file), if readable. */
export function readInputMap(code: string, fileName: string): SourceMapJson | undefined {
  // The whole last line: an inline map (ts-jest's, @swc/jest's, with the sources' text) is often
  // far longer than any fixed tail of the file.
  const text = code.trimEnd();
  const m = URL_COMMENT.exec(text.slice(text.lastIndexOf("\n") + 1));
  if (m === null) return undefined;
  const url = m[1] as string;
  try {
    if (url.startsWith("data:")) {
      const comma = url.indexOf(",");
      const meta = url.slice(5, comma);
      const data = url.slice(comma + 1);
      const text = meta.endsWith(";base64") ? Buffer.from(data, "base64").toString("utf8") : decodeURIComponent(data);
      return JSON.parse(text) as SourceMapJson;
    }
    return JSON.parse(
      readFileSync(path.resolve(path.dirname(fileName), decodeURIComponent(url)), "utf8"),
    ) as SourceMapJson;
  } catch {
    return undefined; // An unreadable map: positions stay those of the compiled file.
  }
}

/**
 * Code without its `sourceMappingURL` comment on its last line (our output names its own map), in
 * either spelling: `//#`, or the legacy `//@` some transformers still write.
 */
export function withoutMapComment(code: string): string {
  const end = code.trimEnd();
  const i = end.lastIndexOf("\n") + 1;
  return URL_COMMENT.test(end.slice(i)) ? code.slice(0, i) : code;
}

export interface OriginalPosition {
  /** Absolute path of the original source. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /**
   * The source's text when the map carries it (`sourcesContent`): a package's map often names a
   * source it does not ship (drizzle-orm's resolve to `node_modules/src/...`), and labels read
   * their names from it (original-names.ts).
   */
  content?: string;
}

/**
 * Positions of a compiled file, translated through its map. For a file of an installed package
 * (under `node_modules`), only into sources that can be read: published maps often name sources
 * the package does not ship (TypeORM 0.3's resolve to `src/...` beside `node_modules`, with no
 * `sourcesContent`), and a location there would name a file nobody can open, which reads like one
 * of the project's own. Such positions stay those of the compiled file. The project's own compiled
 * files keep their sources' names, read or not (a build's `dist/` next to its `src/`, a bundler's
 * chain naming a file by its id).
 */
export class OriginalPositions {
  private readonly trace: TraceMap;
  private readonly dir: string;
  /** Whether each source the map names (as resolved) exists, or the map carries its text. */
  private readonly readable = new Map<string, boolean>();
  /** The compiled file is a package's: its map's sources must be readable to be named. */
  private readonly installed: boolean;

  constructor(map: SourceMapJson, fileName: string) {
    this.trace = new TraceMap(map as unknown as ConstructorParameters<typeof TraceMap>[0]);
    this.dir = path.dirname(fileName);
    this.installed = /[\\/]node_modules[\\/]/.test(fileName);
  }

  /**
   * `line` 1-based, `column` 1-based, in the compiled file; undefined where the map says nothing.
   * `exact`: only where a mapping starts at that very column (else a position between two mappings
   * takes the earlier one's original, which for a name may be another name: see original-names.ts).
   */
  locate(line: number, column: number, exact = false): OriginalPosition | undefined {
    if (exact && traceSegment(this.trace, line - 1, column - 1)?.[0] !== column - 1) return undefined;
    const o = originalPositionFor(this.trace, { line, column: column - 1 });
    if (o.source === null || o.line === null || o.column === null) return undefined;
    const file = o.source.startsWith("file:") ? new URL(o.source).pathname : path.resolve(this.dir, o.source);
    if (this.installed && !this.canRead(o.source, file)) return undefined;
    const content = this.contentOf(o.source);
    return content === undefined
      ? { file, line: o.line, column: o.column + 1 }
      : { file, line: o.line, column: o.column + 1, content };
  }

  private contentOf(source: string): string | undefined {
    const i = this.trace.resolvedSources.indexOf(source);
    const text = i < 0 ? undefined : this.trace.sourcesContent?.[i];
    return typeof text === "string" ? text : undefined;
  }

  private canRead(source: string, file: string): boolean {
    let known = this.readable.get(source);
    if (known === undefined) {
      known = this.contentOf(source) !== undefined || existsSync(file);
      this.readable.set(source, known);
    }
    return known;
  }
}

/** Our output's map followed by the input's: output positions to the original source. */
export function chainMaps(output: SourceMapJson, input: SourceMapJson, fileName: string): SourceMapJson {
  const dir = path.dirname(fileName);
  let given = false;
  const chained = remapping(output, (source) => {
    // The output map names the compiled file itself; its map leads on to the original sources.
    // Once: the input map may name the file itself again (tsx's map of a package's JavaScript,
    // whose `import()` it rewrites), and giving it again for that source chained it forever
    // ("Maximum call stack size exceeded", a CLI using listr2 under tsx, node_modules traced).
    if (given) return null;
    if (path.resolve(dir, source) === path.resolve(fileName) || source === fileName) {
      given = true;
      return input;
    }
    return null;
  });
  return JSON.parse(chained.toString()) as SourceMapJson;
}
