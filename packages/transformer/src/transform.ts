/** The transformer factory: per source file, decide whether to touch it and run the visitor. */
import type * as TS from "typescript";
import { Hooks } from "./context";
import { Detector } from "./detect";
import { DiagnosticCode, optionDiagnostic, type Report } from "./diagnostics";
import { matchesAny } from "./glob";
import { HotNodes } from "./hot";
import { importsInstrument, instrumentImport, unsupportedModuleKind } from "./imports";
import { FileNames } from "./names";
import type { ResolvedOptions } from "./options";
import { OriginalNames } from "./original-names";
import { ProjectPaths } from "./paths";
import { Scopes } from "./scope";
import { SerialisedFunctions } from "./serialised";
import { type OriginalLocator, SiteTable } from "./sites";
import { directiveCount } from "./utils";
import { FileVisitor } from "./visitor";
import { walk } from "./walk";

export interface FactoryInput {
  ts: typeof TS;
  program: TS.Program | undefined;
  options: ResolvedOptions;
  report: Report;
  /**
   * Compiled input: where a position of the file (1-based line and column) comes from in the
   * original source, through the file's own source map (transform-source.ts). Locations then
   * name the original file.
   */
  original?: (fileName: string) => OriginalLocator | undefined;
  /** The output is read by a bundler (transform-source.ts, format `bundler`): see imports.ts. */
  bundler?: boolean;
}

/**
 * Whether the program can resolve imports. `ts.transpileModule` (ts-node transpile-only,
 * ts-loader transpileOnly) builds a one-file program without lib and resolution: its checker would
 * answer about unresolved symbols, so every decision there is syntactic.
 */
function isIsolated(program: TS.Program | undefined): boolean {
  if (program === undefined) return true;
  const o = program.getCompilerOptions();
  return o.noResolve === true && o.noLib === true;
}

export function createFactory(input: FactoryInput): TS.TransformerFactory<TS.SourceFile> {
  const { ts, program, options, report } = input;
  const paths = new ProjectPaths(ts, program, options.projectRoot);
  const isolated = isIsolated(program);
  let checker: TS.TypeChecker | undefined;
  const getChecker = () => {
    if (isolated || program === undefined) return undefined;
    checker ??= program.getTypeChecker();
    return checker;
  };

  let reportedModule = false;
  return (context) => (sf) => {
    if (sf.isDeclarationFile) return sf;
    // Cheap pre-filter: nothing to trace or check without an async function or a decorator.
    if (!sf.text.includes("async") && !sf.text.includes("@")) return sf;
    const rel = paths.relative(sf.fileName);
    if (!matchesAny(rel, options.include) || matchesAny(rel, options.exclude)) return sf;
    if (importsInstrument(ts, sf)) return sf;

    const f = context.factory;
    const at = f.createUniqueName("$at");
    const scopes = new Scopes(ts, sf);
    const names = new FileNames(f, sf.text);
    const locate = input.original?.(sf.fileName);
    const sites = new SiteTable(
      ts,
      f,
      sf,
      rel,
      at,
      names,
      locate === undefined
        ? undefined
        : (line, column) => {
            const o = locate(line, column);
            return o === undefined ? undefined : { file: paths.relative(o.file), line: o.line, column: o.column };
          },
    );
    // One pass over the file: what the visitor must look at, and what it must leave as written.
    const hot = new HotNodes(ts);
    const serialised = new SerialisedFunctions(ts, sf);
    walk(ts, sf, (n) => {
      hot.scan(n);
      serialised.scan(n);
      return true;
    });
    const visitor = new FileVisitor(
      {
        ts,
        f,
        context,
        sf,
        options,
        traceAll: options.traceAll,
        isolated,
        scopes,
        detect: new Detector(ts, getChecker(), scopes, options.tracedModules),
        sites,
        names,
        hooks: new Hooks(ts, f, at),
        report,
        originalNames: locate === undefined ? undefined : new OriginalNames(ts, sf, locate),
        keepsOptionalChains: keepsOptionalChains(ts, context.getCompilerOptions()),
      },
      hot,
      serialised,
    );
    const statements = ts.visitNodes(
      sf.statements,
      (n) => visitor.visit(n, undefined, false),
      (n): n is TS.Statement => ts.isStatement(n),
    );
    if (sites.size === 0) return sf;
    const unsupported = unsupportedModuleKind(ts, context.getCompilerOptions());
    if (unsupported !== undefined) {
      // Reported once per compile; every file is left as written (the decorators still work).
      if (!reportedModule) {
        reportedModule = true;
        report(
          optionDiagnostic(
            ts,
            `"module": "${unsupported}" is not supported (its output cannot load @await-tree/runtime/instrument); use commonjs, node16/nodenext, preserve or an ES module setting. The files were compiled without instrumentation.`,
            DiagnosticCode.UnsupportedModule,
          ),
        );
      }
      return sf;
    }
    const prologue = directiveCount(ts, statements);
    const head = [
      instrumentImport(ts, f, sf, context.getCompilerOptions(), at, input.bundler === true),
      sites.statement() as TS.Statement,
    ];
    if (prologue === 0) keepPragmasFirst(ts, sf, head[0] as TS.Statement);
    return f.updateSourceFile(sf, [...statements.slice(0, prologue), ...head, ...statements.slice(prologue)]);
  };
}

/**
 * Whether this compile's output keeps `?.` as written: its target is ES2020 or later. The target is
 * TypeScript's own reading of the options (its default depends on the version and on `module`:
 * ES5 up to 5.9, the latest standard from 6.0); a TypeScript without that function is taken at
 * the `target` given, and no target at all as one that lowers `?.`.
 */
function keepsOptionalChains(ts: typeof TS, o: TS.CompilerOptions): boolean {
  const read = (ts as { getEmitScriptTarget?: (o: TS.CompilerOptions) => TS.ScriptTarget }).getEmitScriptTarget;
  const target = typeof read === "function" ? read(o) : o.target;
  return target !== undefined && target >= ts.ScriptTarget.ES2020;
}

/** `@jsx`, `@jsxFrag`, `@jsxImportSource`, `@jsxRuntime` in a comment. */
const JSX_PRAGMA = /@jsx(?:Frag|ImportSource|Runtime)?\b/;

/**
 * The file's leading comments that carry JSX pragmas, repeated before the statements put at its
 * top: TypeScript and Oxc read pragmas only from the comments a file starts with, and a bundler's
 * JSX transform reads our output (the originals stay where they were, after our statements).
 */
function keepPragmasFirst(ts: typeof TS, sf: TS.SourceFile, first: TS.Statement): void {
  for (const r of ts.getLeadingCommentRanges(sf.text, 0) ?? []) {
    const text = sf.text.slice(r.pos, r.end);
    if (!JSX_PRAGMA.test(text)) continue;
    const multi = r.kind === ts.SyntaxKind.MultiLineCommentTrivia;
    ts.addSyntheticLeadingComment(
      first,
      r.kind,
      multi ? text.slice(2, -2) : text.slice(2),
      r.hasTrailingNewLine === true || !multi,
    );
  }
}
