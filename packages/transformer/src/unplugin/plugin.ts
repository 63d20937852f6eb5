/**
 * The bundler plugin (Vite and vitest, Rollup, Rolldown, esbuild, webpack, rspack), written once
 * with `unplugin`; `./vite`, `./rollup`, ... are one-line adapters over `awaitTreeUnplugin`.
 *
 * Order: `enforce: "pre"`, before the host's own TypeScript/JSX transform (esbuild, Oxc, SWC,
 * ts-loader). The plugin must see the source as written: `@traced` and its arguments (after the
 * host's transform, decorators are either gone into helpers of that host's own shape, or, for
 * standard decorators under Vite 8/Oxc and esbuild's `esnext`, left for Node to choke on), the
 * awaited expressions' text for labels, and the original positions for locations. Its output is
 * plain JavaScript (types removed, decorators lowered as `tsc` lowers them, JSX kept as written),
 * which the host's transform then takes as any other file: JSX, `define`, target lowering and
 * minification still happen, and the host chains our source map to its own.
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import { createUnplugin, type UnpluginInstance } from "unplugin";
import { bundledTypescriptVersion } from "../bundled-typescript";
import { KNOWN_OPTIONS, OptionError, resolveOptions, type TransformerOptions } from "../options";
import { CompileCache } from "../register/cache";
import { isOwnPackage } from "../register/package-scope";
import { mayTrace, type SourceMapJson, transformSource } from "../transform-source";
import { viteCompilerOptions } from "./host-options";
import { forHost } from "./host-target";
import { checkBundlerVersion, UnsupportedBundlerError } from "./host-versions";
import { PLUGIN_NAME } from "./plugin-name";
import { compilerOptionsFor, TsconfigError } from "./tsconfig";
import { vitestCacheKey } from "./vitest-cache-key";

/** This package's version: a new version never reads an older one's cache entries. */
const PACKAGE_VERSION = (require("../../package.json") as { version: string }).version;

/** What a build stores per file, so that the next build of an unchanged file compiles nothing. */
type CachedResult =
  | { status: "transformed"; code: string; map: SourceMapJson | undefined; diagnostics: string[] }
  | { status: "unchanged"; reason: string };

export type AwaitTreePluginOptions = TransformerOptions;

export { PLUGIN_NAME };

/** Files the plugin looks at: TypeScript and JavaScript, JSX included. */
const SOURCE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const NODE_MODULES = /[\\/]node_modules[\\/]/;

/** Bad options: the message names the option, and the build stops with it. */
export class AwaitTreePluginError extends Error {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`${PLUGIN_NAME}: ${message}`);
    this.name = "AwaitTreePluginError";
  }
}

/**
 * Options checked as the ts-patch plugin checks them; the build fails on the first bad one. The
 * keys ts-patch reads from a tsconfig plugin entry (`transform`, `after`, ...) mean nothing here.
 */
export function checkPluginOptions(raw: unknown): TransformerOptions {
  try {
    resolveOptions(raw);
  } catch (e) {
    if (e instanceof OptionError) throw new AwaitTreePluginError(e.option, e.message);
    throw e;
  }
  if (raw !== null && typeof raw === "object") {
    for (const k of Object.keys(raw)) {
      if (!(KNOWN_OPTIONS as readonly string[]).includes(k)) {
        throw new AwaitTreePluginError(
          k,
          `unknown option "${k}" (a ts-patch option of a tsconfig plugin entry, not the bundler plugin's; known: ${KNOWN_OPTIONS.join(", ")})`,
        );
      }
    }
  }
  return (raw ?? {}) as TransformerOptions;
}

/**
 * esbuild's loader for what the plugin returns: the build's own `loader` for the file's extension
 * (`{ ".js": "jsx" }`), else the extension's (unplugin would guess from the extension alone).
 */
function esbuildLoader(loaders: Record<string, string> | undefined, id: string): string {
  const ext = path.extname(id);
  return loaders?.[ext] ?? DEFAULT_LOADERS[ext] ?? "js";
}

const DEFAULT_LOADERS: Record<string, string> = {
  ".ts": "ts",
  ".mts": "ts",
  ".cts": "ts",
  ".tsx": "tsx",
  ".jsx": "jsx",
};

/** The file an id names: a virtual module (`\0...`) or one with a query (`?raw`, `?vue&...`) is not ours. */
function fileOf(id: string): string | undefined {
  if (id.startsWith("\0") || id.includes("?") || !path.isAbsolute(id)) return undefined;
  return SOURCE_FILE.test(id) && !id.endsWith(".d.ts") ? id : undefined;
}

export const awaitTreeUnplugin: UnpluginInstance<AwaitTreePluginOptions | undefined, false> = createUnplugin(
  (raw: AwaitTreePluginOptions | undefined, meta) => {
    const options = checkPluginOptions(raw);
    // webpack calls the factory from its `apply`, with its version known (none: webpack 4).
    if (meta.framework === "webpack") checkBundlerVersion("webpack", meta.versions?.webpack);
    // `node_modules` is skipped before reading the file unless the user wrote their own `exclude`
    // (then `include`/`exclude` decide, in the core, as for the ts-patch plugin).
    const skipNodeModules = options.exclude === undefined;
    const warned = new Set<string>();
    // Shared with the Node hooks' cache (same directory, `AWAIT_TREE_CACHE` to move or disable it).
    const identity = JSON.stringify(["bundler", PACKAGE_VERSION, bundledTypescriptVersion(), options]);
    const cache = new CompileCache(identity);
    let esbuildLoaders: Record<string, string> | undefined;
    // What the host's config sets for its own TypeScript transform, over the tsconfig's (Vite's
    // `oxc.decorator`, `esbuild.tsconfigRaw`): traced files are compiled with it too.
    let hostCompilerOptions: Record<string, unknown> = {};
    /** The file of an id that the plugin may transform (never one of our own packages' files). */
    const ownFile = (id: string): string | undefined => {
      const file = fileOf(id);
      if (file === undefined || (skipNodeModules && NODE_MODULES.test(file))) return undefined;
      return isOwnPackage(file) ? undefined : file;
    };
    /** The options a file is compiled with: its tsconfig's, then the host's own settings over them. */
    const compilerOptionsOf = (file: string): { compilerOptions: Record<string, unknown>; problem?: string } => {
      let compilerOptions: Record<string, unknown> = {};
      let problem: string | undefined;
      try {
        compilerOptions = compilerOptionsFor(file, cache);
      } catch (e) {
        if (!(e instanceof TsconfigError)) throw e;
        problem = e.message;
      }
      // JSX stays as written: the host's JSX transform (React, Preact, Solid, ...) runs after us,
      // and so does its lowering to its own target (host-target.ts).
      compilerOptions = { ...forHost({ ...compilerOptions, ...hostCompilerOptions }), jsx: "preserve" };
      return { compilerOptions, problem };
    };
    return {
      name: PLUGIN_NAME,
      enforce: "pre",
      vite: {
        configResolved(config: { oxc?: unknown; esbuild?: unknown; root?: string; getSortedPluginHooks?: unknown }) {
          checkViteVersion(config);
          hostCompilerOptions = viteCompilerOptions(config);
        },
        // vitest's module cache must not give a run the modules another plugin set-up transformed.
        configureVitest: vitestCacheKey((id) => {
          const file = ownFile(id);
          if (file === undefined) return undefined;
          return `${identity}\0${JSON.stringify(compilerOptionsOf(file).compilerOptions)}`;
        }),
      },
      rollup: {
        // The first hook with the version (`this.meta.rollupVersion`), before any file.
        buildStart() {
          checkBundlerVersion("rollup", (this as { meta?: { rollupVersion?: string } }).meta?.rollupVersion);
        },
      },
      esbuild: {
        config(build) {
          esbuildLoaders = build.loader as Record<string, string> | undefined;
        },
        loader: (_code, id) => esbuildLoader(esbuildLoaders, id) as never,
      },
      transform: {
        // Hosts that filter natively (Rolldown, Vite 8) never call into JavaScript for other files.
        filter: {
          id: { include: [SOURCE_FILE], exclude: skipNodeModules ? [NODE_MODULES, /\0/] : [/\0/] },
          code: options.traceAll === true ? "async" : "traced",
        },
        handler(code, id) {
          const file = ownFile(id);
          if (file === undefined) return null;
          if (!mayTrace(code, options)) return null;
          const once = (message: string): void => {
            if (warned.has(message)) return;
            warned.add(message);
            this.warn(message);
          };
          const { compilerOptions, problem } = compilerOptionsOf(file);
          if (problem !== undefined) once(`${PLUGIN_NAME}: ${problem} (TypeScript's defaults are used)`);
          const keyText = `${JSON.stringify(compilerOptions)}\0${code}`;
          let result = cache.getValue<CachedResult>(file, keyText);
          if (result === undefined) {
            try {
              result = transformSource(code, file, { ...options, compilerOptions, format: "bundler" });
            } catch (e) {
              // A bug of ours must not break the user's build: the file goes on untraced.
              once(`${PLUGIN_NAME}: ${file} was not instrumented (it is bundled as it is): ${(e as Error).message}`);
              return null;
            }
            cache.setValue(file, keyText, result);
          }
          if (result.status === "unchanged") {
            if (result.reason !== "nothing to trace") {
              once(`${PLUGIN_NAME}: ${file} was not instrumented (it is bundled as it is): ${result.reason}`);
            }
            return null;
          }
          for (const d of result.diagnostics) once(`${PLUGIN_NAME}: ${d}`);
          return { code: result.code, map: result.map as never };
        },
      },
    };
  },
);

/**
 * Vite before 3.1 cannot call the transform hook (an object hook). Vite reports its version to
 * plugins only from 7 on (`this.meta.viteVersion`), so the check is what 3.1 added with object
 * hooks: `getSortedPluginHooks` on the resolved config. The version the message names is the
 * project's `vite` package, when it resolves to one that old (else only "older than 3.1.0").
 */
function checkViteVersion(config: { root?: string; getSortedPluginHooks?: unknown }): void {
  if (typeof config.getSortedPluginHooks === "function") return;
  let version: string | undefined;
  try {
    const from = createRequire(path.join(config.root ?? process.cwd(), "package.json"));
    version = (from("vite/package.json") as { version?: string }).version;
  } catch {
    version = undefined;
  }
  if (version !== undefined) checkBundlerVersion("vite", version);
  throw new UnsupportedBundlerError("vite", "older than 3.1.0");
}
