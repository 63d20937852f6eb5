/**
 * The compiler options of the tsconfig.json nearest to a file, as TypeScript resolves them
 * (comments, `extends`), so that a bundler build shapes the JavaScript of a traced file as `tsc`
 * would (decorator mode, class fields, target). Bundlers read the same nearest tsconfig for their
 * own TypeScript transform (Vite, esbuild, Rolldown), so both halves of a build agree.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type * as TS from "typescript";
import { bundledTypescript } from "../bundled-typescript";
import type { CompileCache } from "../register/cache";
import { unreadableBase } from "../tsconfig-extends";
import { inTsconfigSpelling, type Spelled } from "../tsconfig-spelling";

/** Found tsconfig per directory (undefined: none up to the root). */
const nearestByDir = new Map<string, string | undefined>();
/** Parsed compiler options per tsconfig file. */
const optionsByFile = new Map<string, Record<string, unknown>>();

export function nearestTsconfig(dir: string, exists: (file: string) => boolean): string | undefined {
  if (nearestByDir.has(dir)) return nearestByDir.get(dir);
  const here = path.join(dir, "tsconfig.json");
  const up = path.dirname(dir);
  const found = exists(here) ? here : up === dir ? undefined : nearestTsconfig(up, exists);
  nearestByDir.set(dir, found);
  return found;
}

/** A tsconfig that cannot be read: the build goes on with TypeScript's defaults, and says so once. */
export class TsconfigError extends Error {}

/**
 * The JSON form of the compiler options that shape the JavaScript of `file` (empty without a
 * tsconfig). Throws a `TsconfigError` (once per tsconfig) when the tsconfig cannot be read.
 * With a `cache`, a later build reads the resolved options from it without loading TypeScript.
 */
export function compilerOptionsFor(file: string, cache?: CompileCache): Record<string, unknown> {
  const config = nearestTsconfig(path.dirname(file), existsSync);
  if (config === undefined) return {};
  const referenced = mayHaveReferences(config) ? referencedProjectOf(config, file) : undefined;
  return optionsOf(referenced ?? config, cache);
}

/** Cheap test, from the text: most tsconfigs have no `references`, and need no TypeScript here. */
function mayHaveReferences(config: string): boolean {
  let has = withReferences.get(config);
  if (has === undefined) {
    has = (readText(config) ?? "").includes('"references"');
    withReferences.set(config, has);
  }
  return has;
}

const withReferences = new Map<string, boolean>();

/** Per solution tsconfig: the files it includes itself, and its referenced projects' files. */
const solutions = new Map<string, { own: Set<string>; projects: Array<{ config: string; files: Set<string> }> }>();

/**
 * A solution-style tsconfig.json (create-vite's: `"files": []` and `references`): a file it does not
 * include itself takes the options of the first referenced project that includes it, as `tsc`'s
 * editor support and Vite do. Undefined: the nearest
 * tsconfig's own options apply. Memoised per process, per file (the lists are read again once for
 * a file they do not have: it may be new).
 */
function referencedProjectOf(config: string, file: string): string | undefined {
  const key = normal(file);
  const memo = `${config}\0${key}`;
  if (answers.has(memo)) return answers.get(memo);
  let solution = solutions.get(config);
  if (solution === undefined || !(solution.own.has(key) || solution.projects.some((p) => p.files.has(key)))) {
    // Read again once: the file may be new since the lists were made.
    solution = readSolution(config);
    solutions.set(config, solution);
  }
  const answer = solution.own.has(key) ? undefined : solution.projects.find((p) => p.files.has(key))?.config;
  answers.set(memo, answer);
  return answer;
}

/** `config\0file` -> the referenced project whose options the file takes (undefined: the config's own). */
const answers = new Map<string, string | undefined>();

function readSolution(config: string): { own: Set<string>; projects: Array<{ config: string; files: Set<string> }> } {
  const ts = bundledTypescript();
  const parse = (file: string): TS.ParsedCommandLine | undefined => {
    const json = ts.readConfigFile(file, ts.sys.readFile);
    if (json.error !== undefined) return undefined;
    return ts.parseJsonConfigFileContent(json.config, ts.sys, path.dirname(file), undefined, file);
  };
  const root = parse(config);
  const own = new Set((root?.fileNames ?? []).map(normal));
  const projects: Array<{ config: string; files: Set<string> }> = [];
  for (const ref of root?.projectReferences ?? []) {
    const refConfig = ts.resolveProjectReferencePath(ref);
    if (!existsSync(refConfig)) continue;
    projects.push({ config: refConfig, files: new Set((parse(refConfig)?.fileNames ?? []).map(normal)) });
  }
  return { own, projects };
}

const normal = (file: string): string => path.resolve(file).replace(/\\/g, "/");

function optionsOf(config: string, cache?: CompileCache): Record<string, unknown> {
  const cached = optionsByFile.get(config);
  if (cached !== undefined) return cached;
  const fromDisk = cache !== undefined ? cachedOptions(config, cache) : undefined;
  if (fromDisk !== undefined) {
    optionsByFile.set(config, fromDisk);
    return fromDisk;
  }
  const ts = bundledTypescript();
  const read: Array<[string, string]> = [];
  const readFile = (f: string): string | undefined => {
    const t = readText(f);
    read.push([f, hash(t ?? "")]);
    return t;
  };
  const json = ts.readConfigFile(config, readFile);
  if (json.error !== undefined) {
    optionsByFile.set(config, {});
    throw new TsconfigError(
      `${config} cannot be read: ${ts.flattenDiagnosticMessageText(json.error.messageText, "\n")}`,
    );
  }
  // `extends` chains are followed by TypeScript itself.
  const host: TS.ParseConfigHost = { ...ts.sys, readFile };
  const parsed = ts.parseJsonConfigFileContent(json.config, host, path.dirname(config), undefined, config);
  const broken = unreadableBase(ts, parsed.errors, config);
  if (broken !== undefined) {
    optionsByFile.set(config, {});
    throw new TsconfigError(broken);
  }
  const options = { ...inTsconfigSpelling(ts, parsed.options, EMIT_SHAPING), ...metadataShaping(parsed.options) };
  optionsByFile.set(config, options);
  cache?.setValue(`${CACHE_NAME}${config}`, readText(config) ?? "", { read, options } satisfies CachedTsconfig);
  return options;
}

/**
 * The cache entry's name. `v2`: entries written before `strictNullChecks` was kept (below) lack it,
 * and a build of the same version would have read them again.
 */
const CACHE_NAME = "tsconfig-emit:v2:";

/**
 * `strictNullChecks` as `strict` implies it: with `emitDecoratorMetadata`, TypeScript writes
 * `design:type` (and `design:paramtypes`, `design:returntype`) `Object` for a union with `null` or
 * `undefined` under it, and the other member without it (`slug: string | null` is Object or
 * String). ORMs and DI containers read those (TypeORM infers a column's type from it), and tsc and
 * the hosts' own transforms follow the tsconfig. Not `strict` itself: it implies `alwaysStrict`,
 * which would make a script strict where the host leaves it sloppy.
 */
function metadataShaping(options: TS.CompilerOptions): Record<string, unknown> {
  const strictNullChecks = options.strictNullChecks ?? options.strict === true;
  return strictNullChecks ? { strictNullChecks: true } : {};
}

interface CachedTsconfig {
  /** Every file TypeScript read to resolve the tsconfig (its `extends` chain), with its text's hash. */
  read: Array<[string, string]>;
  options: Record<string, unknown>;
}

const hash = (text: string): string => createHash("sha256").update(text).digest("hex");

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** The options resolved by an earlier build, if none of the files read then has changed: no TypeScript loaded. */
function cachedOptions(config: string, cache: CompileCache): Record<string, unknown> | undefined {
  const hit = cache.getValue<CachedTsconfig>(`${CACHE_NAME}${config}`, readText(config) ?? "");
  if (hit === undefined || !hit.read.every(([f, h]) => hash(readText(f) ?? "") === h)) return undefined;
  return hit.options;
}

/**
 * The options that shape the emitted JavaScript, from TypeScript's parsed view of the tsconfig
 * (so that `extends` counts): the booleans that change a traced file's JavaScript as the host's
 * own TypeScript transform would honour them, and the target. JSX is absent on purpose: the plugin
 * keeps JSX as written for the host's own JSX transform.
 */
const EMIT_SHAPING: Spelled = {
  booleans: [
    "experimentalDecorators",
    "emitDecoratorMetadata",
    "useDefineForClassFields",
    "importHelpers",
    "esModuleInterop",
    "downlevelIteration",
    "preserveConstEnums",
    "verbatimModuleSyntax",
  ],
  jsx: false,
};
