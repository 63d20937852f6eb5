/**
 * What Node's module hooks do with one file, whichever hook API delivers it: instrument it with
 * the transform core, strip its types when Node cannot, or leave it to Node.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { bundledTypescript, bundledTypescriptVersion } from "../bundled-typescript";
import { RUNTIME_PACKAGE } from "../detect";
import { INSTRUMENT_MODULE } from "../imports";
import { forThisNode } from "../node-syntax";
import { withoutMapComment } from "../source-maps";
import { mayTrace, type OutputFormat, type SourceMapJson, transformSource } from "../transform-source";

/** How Node.js loads a file: the formats of `transformSource` that are not a bundler's. */
export type NodeFormat = Exclude<OutputFormat, "bundler">;

import { compilerOptionsFor, transpile } from "../transpile";
import { type CachedOutput, CompileCache } from "./cache";
import type { HookConfig } from "./config";
import { isOwnPackage, packageScope } from "./package-scope";
import { HOOK_MAP_MARKER, markedMap } from "./source-map-support";

/** This package's version: a new version never reads an older one's cache entries. */
const PACKAGE_VERSION = (require("../../package.json") as { version: string }).version;

const TS_EXTENSIONS = new Set([".ts", ".mts", ".cts"]);
const JS_EXTENSIONS = new Set([".js", ".mjs", ".cjs"]);

export function isTypeScript(file: string): boolean {
  return TS_EXTENSIONS.has(path.extname(file)) && !file.endsWith(".d.ts");
}

export function handles(file: string): boolean {
  return isTypeScript(file) || JS_EXTENSIONS.has(path.extname(file));
}

/**
 * A map as a `sourceMappingURL` comment, marked as the hook's: `source-map-support`, when the
 * program uses it, maps the frames of these files (and only these) through the map Node keeps.
 */
function inlineMap(map: SourceMapJson): string {
  return `//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(markedMap(map))).toString("base64")}\n`;
}

const ESM_SYNTAX = /^\s*(?:import\s*[\w*{"'$]|export\s)/m;

/**
 * The format a file is loaded as, when Node did not say: by extension, then the package's
 * `type`, then (no `type`, as Node's syntax detection does) whether it has `import`/`export`.
 * A package.json without `type` leaves a `.js` file to that detection too (found by kysely's test
 * suite: `require` of an ES module of such a package was compiled to CommonJS, which Node then
 * evaluated as the ES module it detected); a TypeScript file there follows tsc (CommonJS).
 */
export function guessFormat(file: string, source: string): NodeFormat {
  const ext = path.extname(file);
  if (ext === ".mts" || ext === ".mjs") return "module";
  if (ext === ".cts" || ext === ".cjs") return "commonjs";
  const { type, typed } = packageScope(path.dirname(file));
  if (type === "module") return "module";
  if (type === "commonjs" && (typed || isTypeScript(file))) return "commonjs";
  return ESM_SYNTAX.test(source) ? "module" : "commonjs";
}

/** Node's format names, with `-typescript` for files whose types Node strips. */
export function formatFromNode(format: string | null | undefined): NodeFormat | undefined {
  if (format === "module" || format === "module-typescript") return "module";
  if (format === "commonjs" || format === "commonjs-typescript") return "commonjs";
  return undefined;
}

/** What to say of a file left uninstrumented; nothing when it simply has nothing to trace. */
function unchangedMessage(file: string, reason: string): string | undefined {
  if (reason === "nothing to trace") return undefined;
  return `await-tree: ${file} was not instrumented (it is loaded as it is): ${reason}`;
}

export class Loader {
  private readonly reported = new Set<string>();
  /** CommonJS code produced by the load hook and not yet seen by the require hook, by file. */
  private readonly compiledForRequire = new Map<string, string>();

  private readonly cache: CompileCache;
  /** The tsconfig's compiler options, as this Node can run their output (node-syntax.ts). */
  private readonly compilerOptions: Record<string, unknown>;

  constructor(
    private readonly config: HookConfig,
    private readonly warn: (message: string) => void,
  ) {
    this.compilerOptions = forThisNode(config.compilerOptions);
    // The marker of our maps: entries written before maps carried it are not read.
    const salt = JSON.stringify([
      PACKAGE_VERSION,
      bundledTypescriptVersion(),
      config.options,
      this.compilerOptions,
      HOOK_MAP_MARKER,
    ]);
    this.cache = new CompileCache(salt);
  }

  /**
   * Whether `file` may be instrumented. The default exclusion (`node_modules`) is decided here,
   * before the file is read; the core applies `include`/`exclude` to project-relative paths.
   */
  wants(file: string): boolean {
    // A module required while a file is compiled is required by the compile itself (the
    // TypeScript compiler, loaded on first use): compiling it would need that compiler, still
    // half loaded (with `"exclude": []`, which lets node_modules through).
    if (this.loading || !handles(file)) return false;
    // Without `exclude`, nothing under node_modules: decided from the path, with no file read.
    if (this.config.options.exclude === undefined && file.replace(/\\/g, "/").includes("/node_modules/")) {
      return false;
    }
    return !isOwnPackage(file);
  }

  /** The format `file` loads as when Node does not say (see `guessFormat`). */
  formatOf(file: string): NodeFormat {
    return guessFormat(file, readFileSync(file, "utf8"));
  }

  /**
   * JavaScript for `file`, or `undefined` to let Node load it as it would without us. `source`
   * is the file's text (read here when not given), `format` what Node said it is, if anything.
   */
  load(
    file: string,
    source: string | undefined,
    format: NodeFormat | undefined,
  ): { code: string; format: NodeFormat } | undefined {
    if (!this.wants(file)) return undefined;
    this.loading = true;
    try {
      return this.loadNow(file, source, format);
    } finally {
      this.loading = false;
    }
  }

  /** Whether `load` is running: what it requires is loaded as it is (see `wants`). */
  private loading = false;

  private loadNow(
    file: string,
    source: string | undefined,
    format: NodeFormat | undefined,
  ): { code: string; format: NodeFormat } | undefined {
    const text = source ?? readFileSync(file, "utf8");
    const fmt = format ?? guessFormat(file, text);
    // JavaScript with nothing to trace is decided from its text alone: no cache needed.
    if (!isTypeScript(file) && !mayTrace(text, this.config.options)) return undefined;
    const keyText = `${fmt}\0${text}`;
    let out = this.cache.get(file, keyText);
    if (out === undefined) {
      const compiled = this.compile(file, text, fmt);
      out = compiled.output;
      if (compiled.cacheable) this.cache.set(file, keyText, out);
    }
    if ("unchanged" in out) {
      this.reportUnchanged(file, out.unchanged);
      return undefined;
    }
    if (out.code.includes(INSTRUMENT_MODULE) && !this.runtimeReachableFrom(file)) {
      // Instrumented code imports the runtime: a file that cannot (outside the project, or a
      // workspace package that does not depend on it) runs as it would without us.
      this.once(
        `await-tree: ${file} was not instrumented (it is loaded as it is): ${RUNTIME_PACKAGE} cannot be found from its folder; install it where the file can import it`,
      );
      if (!isTypeScript(file)) return undefined;
      const stripped = this.stripTypesOrWhy(text, file, fmt);
      if ("why" in stripped) {
        this.reportUnchanged(file, stripped.why);
        return undefined;
      }
      return this.done(file, stripped.code, fmt);
    }
    for (const w of out.warnings) this.once(w);
    return this.done(file, out.code, out.format);
  }

  /** Whether code in `file` can import the runtime's instrument entry (per folder, remembered). */
  private runtimeReachableFrom(file: string): boolean {
    const dir = path.dirname(file);
    let ok = this.reachable.get(dir);
    if (ok === undefined) {
      try {
        createRequire(file).resolve(INSTRUMENT_MODULE);
        ok = true;
      } catch {
        ok = false;
      }
      this.reachable.set(dir, ok);
    }
    return ok;
  }

  private readonly reachable = new Map<string, boolean>();

  /**
   * Compiled code with what to say of it, or why JavaScript is left as it is. All of it is
   * cached: a file the core parsed for nothing (it names `traced` and the runtime but traces
   * nothing, such as a package's own build output outside `node_modules`) would otherwise load the
   * TypeScript compiler on every start, and a warm start says what the cold one said.
   */
  private compile(file: string, text: string, fmt: NodeFormat): { output: CachedOutput; cacheable: boolean } {
    const result = transformSource(text, file, {
      ...this.config.options,
      compilerOptions: this.compilerOptions,
      format: fmt,
    });
    if (result.status === "transformed") {
      const code = result.map !== undefined ? result.code + inlineMap(result.map) : result.code;
      return {
        output: { code, format: fmt, warnings: result.diagnostics.map((d) => `await-tree: ${d}`) },
        cacheable: true,
      };
    }
    // TypeScript is always compiled here, never left to Node's type stripping: tsc's semantics
    // (ES module syntax in a CommonJS package, decorators, enums) hold on every Node version.
    if (isTypeScript(file)) {
      const stripped = this.stripTypesOrWhy(text, file, fmt);
      // Not kept: the stack it ran out of depends on the Node version (the cache is shared by all).
      if ("why" in stripped) return { output: { unchanged: stripped.why }, cacheable: false };
      const why = unchangedMessage(file, result.reason);
      return {
        output: { code: stripped.code, format: fmt, warnings: why === undefined ? [] : [why] },
        cacheable: true,
      };
    }
    return { output: { unchanged: result.reason }, cacheable: true };
  }

  private reportUnchanged(file: string, reason: string): void {
    const why = unchangedMessage(file, reason);
    if (why !== undefined) this.once(why);
  }

  private done(file: string, code: string, format: NodeFormat): { code: string; format: NodeFormat } {
    if (format === "commonjs") this.compiledForRequire.set(file, code);
    return { code, format };
  }

  /**
   * Whether the require hook receives the very code this loader produced for `file` (Node 22.15+
   * runs both the load hook and, for `require`, the require hook); it then passes it through. A
   * loader that discarded our output (tsx compiles from disk) hands over other code: compiled again.
   */
  takeCompiled(file: string, code: string): boolean {
    const ours = this.compiledForRequire.get(file);
    this.compiledForRequire.delete(file);
    return ours === code;
  }

  /**
   * TypeScript to JavaScript without instrumentation, for a Node that cannot strip types: the
   * emit of the instrumenting route (transpile.ts), with the source map inline.
   */
  private stripTypes(code: string, file: string, format: NodeFormat): string {
    const ts = bundledTypescript();
    const user = compilerOptionsFor(ts, this.compilerOptions, file);
    const out = transpile(ts, code, file, user, format, "separate");
    if (out.sourceMapText === undefined) return out.outputText;
    // TypeScript writes `sources` relative to where tsc would emit the file (`outDir`, `rootDir`,
    // `sourceRoot`), but this code runs from the file itself: with a tsconfig's `outDir`, frames
    // named `src/main.ts` as `main.ts` and `src/util/x.ts` as `src/x.ts` (HTTP clients audit,
    // 2026-12-05). The map names the file, as the instrumenting route's does (transform-source.ts).
    const map = JSON.parse(out.sourceMapText) as SourceMapJson;
    map.sources = [file];
    map.sourcesContent = [code];
    delete map.sourceRoot;
    return withoutMapComment(out.outputText) + inlineMap(map);
  }

  /**
   * `stripTypes`, or why it failed. TypeScript's emitter recurses, and overflows the stack on code
   * nested deeper than it can follow (about 150-175 nested async functions on Node 22 and later,
   * where the hooks run on the main thread's stack): the file is then left to Node, which strips
   * its types itself where it can (Node 22.18+), as it would without us.
   */
  private stripTypesOrWhy(code: string, file: string, format: NodeFormat): { code: string } | { why: string } {
    try {
      return { code: this.stripTypes(code, file, format) };
    } catch (e) {
      return { why: `TypeScript could not compile it (${e instanceof Error ? `${e.name}: ${e.message}` : String(e)})` };
    }
  }

  private once(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.warn(message);
  }
}
