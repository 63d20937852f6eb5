/**
 * TypeScript's single-file emit (`transpileModule`) with the options every route of this package
 * shares: the instrumenting one (transform-source.ts) and the plain type stripping of Node's
 * module hooks (register/loader.ts). One place, so that a file compiles to the same JavaScript
 * whether or not it has anything to trace.
 */
import * as path from "node:path";
import type * as TS from "typescript";
import { metadataImportsTransformer } from "./metadata-imports";
import { moduleImpliedOptions } from "./module-implied";
import { saveCodeCacheOnce } from "./typescript-code-cache";
import { walk } from "./walk";

/**
 * How the JavaScript returned is loaded: as an ES module, as CommonJS, or by a bundler, which reads
 * the module syntax as written (`module: preserve`; the tsconfig's `verbatimModuleSyntax` decides,
 * as it does for the bundler's own TypeScript transform, whether an unused import is kept).
 */
export type OutputFormat = "module" | "commonjs" | "bundler";

/**
 * Where the source map goes: `separate` in `sourceMapText` (the caller attaches it), `inline` as
 * a `sourceMappingURL` data comment at the end of the code, `none` nowhere.
 */
export type MapEmit = "separate" | "inline" | "none";

/** Compiler options of a tsconfig's `compilerOptions`, as TypeScript's own parser reads them. */
export function compilerOptionsFor(
  ts: typeof TS,
  raw: Record<string, unknown> | undefined,
  fileName: string,
): TS.CompilerOptions {
  return ts.convertCompilerOptionsFromJson(raw ?? {}, path.dirname(fileName)).options;
}

/** One file to JavaScript: the user's options, with what every route needs forced over them. */
export function transpile(
  ts: typeof TS,
  code: string,
  fileName: string,
  user: TS.CompilerOptions,
  format: OutputFormat,
  map: MapEmit,
  transformers?: TS.CustomTransformers,
): TS.TranspileOutput {
  const javascript = JS_FILE.test(fileName);
  // ES module output for Node of TypeScript with decorator metadata: imports only that metadata
  // reads go through a namespace import (metadata-imports.ts). Not under `verbatimModuleSyntax`,
  // where tsc too keeps every import as written. Not for bundlers (`bundler`): webpack links the
  // kept import without a word but warns on the namespace's missing member, and Vite 8's own
  // transform keeps such an import too (Rolldown then stops with MISSING_EXPORT, plugin or not).
  const metadataImports =
    !javascript &&
    format === "module" &&
    user.emitDecoratorMetadata === true &&
    user.experimentalDecorators === true &&
    user.verbatimModuleSyntax !== true &&
    code.includes("@");
  const all: TS.CustomTransformers | undefined = metadataImports
    ? { ...transformers, after: [...(transformers?.after ?? []), metadataImportsTransformer(ts)] }
    : transformers;
  const out = ts.transpileModule(code, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: {
      ...user,
      // What the user's `module` implies (esModuleInterop, moduleDetection), which the `module`
      // forced below would otherwise change: module-implied.ts.
      ...moduleImpliedOptions(ts, user),
      target: targetFor(ts, code, fileName, user, javascript),
      // A JavaScript script stays a script (sloppy, no `__esModule`): a `.cjs` file is not made a
      // module by its extension, nor strict by the tsconfig's `strict`.
      ...(javascript ? { moduleDetection: ts.ModuleDetectionKind.Legacy, alwaysStrict: false } : {}),
      module:
        format === "commonjs"
          ? javascript && scriptWithImportCall(ts, code, fileName)
            ? ts.ModuleKind.Node16
            : ts.ModuleKind.CommonJS
          : format === "bundler"
            ? ts.ModuleKind.Preserve
            : ts.ModuleKind.ESNext,
      sourceMap: map === "separate",
      inlineSourceMap: map === "inline",
      inlineSources: true,
      declaration: false,
      noEmit: false,
      isolatedModules: true,
      // An unused import (and its module's side effects) is kept where the tsconfig says so, as tsc,
      // tsx and the bundlers keep it. Not in CommonJS output, where TypeScript then refuses every
      // ES import (the program's own `tsc` would too: the hook leaves that to Node and tsc).
      verbatimModuleSyntax: format !== "commonjs" && user.verbatimModuleSyntax === true,
    },
    transformers: all,
  });
  saveCodeCacheOnce(); // what this compile made V8 compile, for the next start (bundled-typescript.ts)
  return out;
}

const JS_FILE = /\.[cm]?js$/;

/**
 * Whether CommonJS JavaScript is a script (no `import`/`export`: what Node runs as CommonJS) that
 * calls `import()`. TypeScript's `module: commonjs` turns `import(x)` into
 * `Promise.resolve().then(() => require(x))`: `module.exports` for the namespace, and no ES module
 * with top-level await (nor any ES module before Node 20.19). `node16` keeps `import()` in a file
 * whose format is CommonJS (every `.js`/`.cjs` file of `transpileModule`, which reads no
 * package.json), as Node runs it. ES module syntax that a host wants as CommonJS (jest's
 * transform) keeps `module: commonjs`.
 */
function scriptWithImportCall(ts: typeof TS, code: string, fileName: string): boolean {
  if (!/\bimport\s*\(/.test(code)) return false;
  const sf = ts.createSourceFile(fileName, code, ts.ScriptTarget.ESNext, false, ts.ScriptKind.JS);
  return !sf.statements.some(
    (s) =>
      ts.isImportDeclaration(s) ||
      ts.isImportEqualsDeclaration(s) ||
      ts.isExportDeclaration(s) ||
      ts.isExportAssignment(s) ||
      (ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) === true),
  );
}

/** Whether `fileName` is JavaScript (compiled as written: see `targetFor`). */
export function isJavaScript(fileName: string): boolean {
  return JS_FILE.test(fileName);
}

/**
 * TypeScript's errors for what sloppy scripts may write and V8 runs: legacy octal literals (`0644`,
 * which TypeScript emits as `420`) and octal escapes in strings (`"\101"`, kept as written).
 */
export const SLOPPY_SCRIPT_ONLY = new Set([1121, 1487, 1488]);

/**
 * The target the file is compiled to. Node 20.19+ runs ES2022 natively, and no Node runs standard
 * decorators, which TypeScript lowers only below ESNext.
 * - JavaScript is what the program runs already: nothing in it is lowered (class fields,
 *   `await using`, async generators stay native) but standard decorators.
 * - TypeScript with `target: "esnext"` (what `tsc --init` writes) compiles as `tsc` and Node's own
 *   type stripping would: `await using` stays native (lowered, each disposal took one more
 *   microtask on Node 24+, and its errors read differently), unless the file has standard
 *   decorators (`experimentalDecorators` are lowered at any target).
 * - TypeScript with a lower target is lowered to it; without one, to ES2022.
 */
function targetFor(
  ts: typeof TS,
  code: string,
  fileName: string,
  user: TS.CompilerOptions,
  javascript: boolean,
): TS.ScriptTarget {
  if (javascript)
    return hasDecorators(ts, code, fileName, ts.ScriptKind.JS) ? ts.ScriptTarget.ES2022 : ts.ScriptTarget.ESNext;
  if (user.target === undefined) return ts.ScriptTarget.ES2022;
  if (user.target < ts.ScriptTarget.ESNext) return user.target;
  const lowersDecorators = user.experimentalDecorators !== true && hasDecorators(ts, code, fileName, ts.ScriptKind.TS);
  return lowersDecorators ? ts.ScriptTarget.ES2022 : ts.ScriptTarget.ESNext;
}

/** Whether `code` has decorators (JavaScript: a compiler's output that left them, `target: esnext`). */
function hasDecorators(ts: typeof TS, code: string, fileName: string, kind: TS.ScriptKind): boolean {
  if (!code.includes("@")) return false;
  const sf = ts.createSourceFile(fileName, code, ts.ScriptTarget.ESNext, false, kind);
  let found = false;
  // Iterative (walk.ts): generated JavaScript can nest deeper than a recursive visit goes.
  walk(ts, sf, (n) => {
    if (n.kind === ts.SyntaxKind.Decorator) found = true;
    return !found;
  });
  return found;
}
