/**
 * Where Node's module hooks read the transformer's options, first match wins:
 * 1. the environment variable `AWAIT_TREE_TRANSFORMER`: a JSON object, or the path of a JSON file;
 * 2. the `@await-tree/transformer` entry of `compilerOptions.plugins` in the tsconfig
 *    (`AWAIT_TREE_TSCONFIG`, else the nearest `tsconfig.json` above the working directory), whose
 *    other compiler options (decorators, JSX, class fields) shape the JavaScript as tsc would;
 * 3. the defaults.
 * Every error names the option and where it was read; nothing is silently ignored.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type * as TS from "typescript";
import { bundledTypescript, bundledTypescriptVersion } from "../bundled-typescript";
import { OptionError, resolveOptions, type TransformerOptions } from "../options";
import { unreadableBase } from "../tsconfig-extends";
import { inTsconfigSpelling, type Spelled } from "../tsconfig-spelling";
import { CompileCache } from "./cache";

export const OPTIONS_ENV = "AWAIT_TREE_TRANSFORMER";
export const TSCONFIG_ENV = "AWAIT_TREE_TSCONFIG";
export const PACKAGE_NAME = "@await-tree/transformer";

export interface HookConfig {
  /** Plugin options, checked. */
  options: TransformerOptions;
  /** The tsconfig's compiler options (JSON form), for the JavaScript's shape. */
  compilerOptions: Record<string, unknown>;
  /** Where the options came from, for messages. */
  source: string;
  /** Findings to print once (a plugin entry that looks like ours but is not used, ...). */
  warnings: string[];
}

/** A configuration error: the message names the option and its source. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AwaitTreeConfigError";
  }
}

function check(raw: unknown, source: string): TransformerOptions {
  try {
    resolveOptions(raw);
  } catch (e) {
    if (e instanceof OptionError) throw new ConfigError(`${source}: ${e.message}`);
    throw e;
  }
  return (raw ?? {}) as TransformerOptions;
}

function fromEnv(value: string, cwd: string): { raw: unknown; source: string } {
  const trimmed = value.trim();
  if (trimmed.startsWith("{")) {
    try {
      return { raw: JSON.parse(trimmed), source: `${OPTIONS_ENV} (environment)` };
    } catch (e) {
      throw new ConfigError(`${OPTIONS_ENV} (environment) is not valid JSON: ${(e as Error).message}`);
    }
  }
  const file = path.resolve(cwd, trimmed);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(`${OPTIONS_ENV} names ${file}, which cannot be read: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${file} (named by ${OPTIONS_ENV}) is not valid JSON: ${(e as Error).message}`);
  }
  // `null` is valid JSON, but no options object: said, as an array is (the core takes `null` as none).
  if (raw === null) throw new ConfigError(`${file} (named by ${OPTIONS_ENV}): the options must be an object, got null`);
  return { raw, source: file };
}

/** The nearest tsconfig.json at or above `dir`. */
function findTsconfig(dir: string): string | undefined {
  for (let d = dir; ; ) {
    const f = path.join(d, "tsconfig.json");
    if (existsSync(f)) return f;
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

interface PluginEntryLike {
  transform?: unknown;
  name?: unknown;
  [k: string]: unknown;
}

/** Whether a plugin entry points at this package (by name, or a path into it). */
function isOurs(spec: unknown): boolean {
  return typeof spec === "string" && (spec === PACKAGE_NAME || spec.startsWith(`${PACKAGE_NAME}/`));
}

/** Looks like an attempt to enable us that a host would ignore: report it instead. */
function nearMiss(entry: PluginEntryLike): string | undefined {
  if (isOurs(entry.name) && entry.transform === undefined) {
    return `uses "name": "${String(entry.name)}"; a transformer plugin is enabled with "transform": "${PACKAGE_NAME}"`;
  }
  const t = entry.transform;
  if (typeof t === "string" && !isOurs(t) && /await-?tree/i.test(t)) {
    return `has "transform": "${t}", which is not "${PACKAGE_NAME}" (misspelt?)`;
  }
  return undefined;
}

interface TsconfigFindings {
  raw: unknown;
  compilerOptions: Record<string, unknown>;
  warnings: string[];
  found: boolean;
  /** The file the plugin entry was read from (the tsconfig or a base it extends). */
  from?: string;
}

interface CachedTsconfig {
  /** Every file TypeScript read to resolve the config (`extends` chains), with a hash of its text. */
  read: Array<[string, string]>;
  findings: TsconfigFindings;
}

const hash = (text: string): string => createHash("sha256").update(text).digest("hex");

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * The tsconfig, resolved by TypeScript (comments, `extends`) once, then from the cache for as
 * long as none of the files it read changed: a warm start does not load the compiler.
 */
function fromTsconfigCached(file: string, cache: CompileCache): TsconfigFindings {
  const text = readText(file) ?? "";
  const hit = cache.getValue<CachedTsconfig>(`tsconfig:${file}`, text);
  if (hit?.read.every(([f, h]) => hash(readText(f) ?? "") === h)) return hit.findings;
  const read: Array<[string, string]> = [];
  const findings = fromTsconfig(bundledTypescript(), file, (f) => {
    const t = readText(f);
    read.push([f, hash(t ?? "")]);
    return t;
  });
  cache.setValue(`tsconfig:${file}`, text, { read, findings } satisfies CachedTsconfig);
  return findings;
}

function fromTsconfig(ts: typeof TS, file: string, readFile: (f: string) => string | undefined): TsconfigFindings {
  const read = ts.readConfigFile(file, readFile);
  if (read.error !== undefined) {
    const text = ts.flattenDiagnosticMessageText(read.error.messageText, "\n");
    throw new ConfigError(`${file} cannot be read: ${text}`);
  }
  // `extends` is followed by TypeScript itself; the plugins list is not merged by it, so it is read
  // from the most derived file that has one, as tsc does.
  const bases: Array<[string, string | undefined]> = [];
  const host: TS.ParseConfigHost = {
    ...ts.sys,
    readFile: (f) => {
      const t = readFile(f);
      bases.push([f, t]);
      return t;
    },
  };
  const parsed = ts.parseJsonConfigFileContent(read.config, host, path.dirname(file), undefined, file);
  const broken = unreadableBase(ts, parsed.errors, file);
  if (broken !== undefined) throw new ConfigError(broken);
  const raw = (parsed.raw ?? {}) as { compilerOptions?: Record<string, unknown> };
  const plugins = (parsed.options.plugins ?? []) as unknown as PluginEntryLike[];
  const warnings: string[] = [];
  let entry: PluginEntryLike | undefined;
  plugins.forEach((p, i) => {
    if (typeof p !== "object" || p === null) return;
    if (isOurs(p.transform)) entry ??= p;
    else {
      const miss = nearMiss(p);
      if (miss !== undefined) warnings.push(`${file}: compilerOptions.plugins[${i}] ${miss}`);
    }
  });
  // What the file's `extends` chain gives (TypeScript merged it into `parsed.options`), under what
  // the file itself writes: a shared base's `experimentalDecorators` or `useDefineForClassFields`
  // shapes the JavaScript as it does for `tsc` (the file's own JSON alone dropped it).
  const compilerOptions = { ...inTsconfigSpelling(ts, parsed.options, INHERITED), ...(raw.compilerOptions ?? {}) };
  delete compilerOptions.plugins;
  if (entry === undefined) return { raw: undefined, compilerOptions, warnings, found: false };
  const { transform: _t, ...rest } = entry;
  return { raw: rest, compilerOptions, warnings, found: true, from: pluginsFile(ts, file, read.config, bases) };
}

/**
 * The file whose `compilerOptions.plugins` the entry came from: the tsconfig itself when it has a
 * list, else the first base read that has one (for error messages: the option was read there).
 */
function pluginsFile(ts: typeof TS, file: string, config: unknown, bases: Array<[string, string | undefined]>): string {
  const hasPlugins = (c: unknown): boolean =>
    Array.isArray((c as { compilerOptions?: { plugins?: unknown } } | undefined)?.compilerOptions?.plugins);
  if (hasPlugins(config)) return file;
  for (const [f, text] of bases) {
    if (text === undefined) continue;
    const r = ts.parseConfigFileTextToJson(f, text);
    if (r.error === undefined && hasPlugins(r.config)) return f;
  }
  return file;
}

export function loadHookConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): HookConfig {
  const explicitTsconfig = env[TSCONFIG_ENV];
  const tsconfig =
    explicitTsconfig !== undefined && explicitTsconfig !== "" ? path.resolve(cwd, explicitTsconfig) : findTsconfig(cwd);
  if (explicitTsconfig !== undefined && explicitTsconfig !== "" && tsconfig !== undefined && !existsSync(tsconfig)) {
    throw new ConfigError(`${TSCONFIG_ENV} names ${tsconfig}, which does not exist`);
  }
  const cache = new CompileCache(`config ${bundledTypescriptVersion()}`, env, cwd);
  const fromConfig = tsconfig !== undefined ? fromTsconfigCached(tsconfig, cache) : undefined;
  const compilerOptions = fromConfig?.compilerOptions ?? {};
  const warnings = fromConfig?.warnings ?? [];
  const envValue = env[OPTIONS_ENV];
  if (envValue !== undefined && envValue.trim() !== "") {
    const { raw, source } = fromEnv(envValue, cwd);
    return { options: check(raw, source), compilerOptions, source, warnings };
  }
  if (fromConfig?.found === true && tsconfig !== undefined) {
    const from = fromConfig.from ?? tsconfig;
    const source =
      from === tsconfig
        ? `${tsconfig} (compilerOptions.plugins, "${PACKAGE_NAME}")`
        : `${from} (compilerOptions.plugins, "${PACKAGE_NAME}"; extended by ${tsconfig})`;
    const options = check(fromConfig.raw, source);
    // As under tspc: locations are relative to the tsconfig's directory (or its `projectRoot`).
    const root = path.resolve(path.dirname(tsconfig), options.projectRoot ?? ".");
    return { options: { ...options, projectRoot: root }, compilerOptions, source, warnings };
  }
  return { options: {}, compilerOptions, source: "defaults", warnings };
}

/**
 * The compiler options TypeScript resolved through `extends`: every boolean, the target and the
 * JSX settings. Options about files, paths and resolution do not shape a single file's JavaScript.
 */
const INHERITED: Spelled = { booleans: "all", jsx: true };
