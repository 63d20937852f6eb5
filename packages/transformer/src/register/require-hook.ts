/**
 * `require` of CommonJS files (`.js`, `.cjs`, `.ts`, `.cts`): every CommonJS module is compiled
 * by `Module.prototype._compile(code, filename)`, whoever read and converted its source (Node's
 * own extension handlers, or a loader such as tsx that replaces them and never calls the load
 * hooks). Wrapping that one method therefore sees every required file. (`pirates` wraps the
 * extension handlers instead, which a loader registered after it replaces.)
 */
import { readFileSync } from "node:fs";
import Module from "node:module";
import { formatFromNode, guessFormat, isTypeScript, type Loader, type NodeFormat } from "./loader";
import { isNotFound, typescriptFile } from "./resolve";
import { isSourceMapSupport, withHookMaps } from "./source-map-support";

type Compile = (this: Module, code: string, filename: string, ...rest: unknown[]) => unknown;
type ResolveFilename = (
  request: string,
  parent: { filename?: string | null } | undefined,
  ...rest: unknown[]
) => string;
interface ModuleInternals {
  _resolveFilename: ResolveFilename;
  _extensions: Record<string, unknown>;
}

/**
 * `require` of TypeScript names (`./db.js` for `./db.ts`, `./db` for `./db.ts`) and of `.ts`
 * files on a Node that has no handler for them (before type stripping): Node's own resolution
 * first, TypeScript's only when it fails.
 */
export function installRequireResolution(): void {
  const M = Module as unknown as ModuleInternals;
  for (const ext of [".ts", ".cts"]) M._extensions[ext] ??= M._extensions[".js"];
  const original = M._resolveFilename;
  M._resolveFilename = function awaitTreeResolveFilename(request, parent, ...rest) {
    try {
      return original.call(this, request, parent, ...rest);
    } catch (e) {
      const file = isNotFound(e) ? typescriptFile(request, parent?.filename ?? undefined) : undefined;
      if (file === undefined) throw e;
      return original.call(this, file, parent, ...rest);
    }
  };
}

export function installRequireHook(loader: Loader): void {
  const proto = Module.prototype as unknown as { _compile: Compile };
  const original = proto._compile;
  proto._compile = function awaitTreeCompile(this: Module, code: string, filename: string, ...rest: unknown[]) {
    let out = code;
    if (typeof filename === "string" && typeof code === "string" && loader.wants(filename)) {
      if (!loader.takeCompiled(filename, code)) {
        // TypeScript is read from disk: a loader that ran first (tsx) hands over its own output.
        const format = requiredFormat(filename, code, rest[0]);
        out = loader.load(filename, isTypeScript(filename) ? undefined : code, format)?.code ?? code;
      }
    }
    // `source-map-support` maps the frames of the files compiled here through their maps, not the
    // maps on disk (source-map-support.ts).
    if (typeof filename === "string" && typeof out === "string" && isSourceMapSupport(filename))
      out = withHookMaps(out);
    return original.call(this, out, filename, ...rest);
  };
}

/**
 * The format `_compile` runs `code` as. `require()` of an ES module (Node 20.19+, 22.12+) reaches
 * `_compile` too, with the format Node decided (`"module"` for a `.js` file of a `"type": "module"`
 * package, `"module-typescript"` for a `.ts` one), and Node then evaluates the code as an ES module:
 * it must be instrumented as one (found by kysely's test suite, whose ES module test files mocha
 * loads with `require`). Without a format (a `.js` file of a package without `type`, or a `.ts`
 * file on Node 20, which reads it with its `.js` handler), Node decides from the syntax of the code:
 * the format is the one `guessFormat` gives (as for `import`). A loader that compiled the
 * TypeScript itself (tsx) hands over CommonJS: so is ours.
 */
function requiredFormat(filename: string, code: string, nodeFormat: unknown): NodeFormat {
  const given = typeof nodeFormat === "string" ? formatFromNode(nodeFormat) : undefined;
  if (given !== undefined) return given;
  if (isTypeScript(filename) && code !== readFileSync(filename, "utf8")) return "commonjs";
  return guessFormat(filename, code);
}
