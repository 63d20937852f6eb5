/**
 * Plugin options, validated so that a typo fails the compile with a message naming the option
 * instead of silently tracing nothing.
 */

export interface TransformerOptions {
  /** Trace every async function and async generator of the matched files, decorated or not. Default false. */
  traceAll?: boolean;
  /** Files to transform, as globs relative to the project root. Default `["**\/*"]`. */
  include?: string[];
  /** Files left alone, as globs relative to the project root. Default `["**\/node_modules/**"]`. */
  exclude?: string[];
  /** Trace async functions and arrows nested inside a traced function. Default true. */
  nested?: boolean;
  /** Longest static part of a derived label (source text of an awaited expression), in characters. Default 80. */
  maxLabelLength?: number;
  /**
   * Module specifiers (besides `@await-tree/runtime`) whose `traced` export is the runtime's, for
   * builds without a type checker that can follow re-exports (ts-node transpile-only, ts-loader
   * transpileOnly). Default none.
   */
  tracedModules?: string[];
  /** Directory that `file` of a location is relative to. Default: the directory of the tsconfig. */
  projectRoot?: string;
}

export interface ResolvedOptions {
  traceAll: boolean;
  include: string[];
  exclude: string[];
  nested: boolean;
  maxLabelLength: number;
  tracedModules: string[];
  projectRoot: string | undefined;
}

/** Keys that ts-patch itself reads from the plugin entry; they reach the plugin and are not ours to reject. */
const TS_PATCH_KEYS = [
  "transform",
  "after",
  "afterDeclarations",
  "name",
  "type",
  "transformProgram",
  "import",
  "isEsm",
  "resolvePathAliases",
  "tsConfig",
];

/** The options of this package's transformer, whatever the route. */
export const KNOWN_OPTIONS = [
  "traceAll",
  "include",
  "exclude",
  "nested",
  "maxLabelLength",
  "tracedModules",
  "projectRoot",
] as const;
const KNOWN: readonly string[] = KNOWN_OPTIONS;

export const DEFAULT_INCLUDE = ["**/*"];
export const DEFAULT_EXCLUDE = ["**/node_modules/**"];

/** Thrown for an invalid option; `option` names it. */
export class OptionError extends Error {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(message);
    this.name = "OptionError";
  }
}

/** A value as an error message names it: `the string "x"`, `an object`, `number 5`. */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  if (typeof v === "object") return "an object";
  return `${typeof v} ${String(v)}`;
}

export function resolveOptions(raw: unknown): ResolvedOptions {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new OptionError("(options)", `the plugin options must be an object, got ${describeValue(raw)}`);
  }
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!KNOWN.includes(k) && !TS_PATCH_KEYS.includes(k)) {
      throw new OptionError(k, `unknown option "${k}" (known: ${KNOWN.join(", ")})`);
    }
  }
  const bool = (k: string, d: boolean): boolean => {
    const v = o[k];
    if (v === undefined) return d;
    if (typeof v !== "boolean")
      throw new OptionError(k, `option "${k}" must be true or false, got ${describeValue(v)}`);
    return v;
  };
  const strings = (k: string, d: string[]): string[] => {
    const v = o[k];
    if (v === undefined) return d;
    if (!Array.isArray(v) || v.some((s) => typeof s !== "string" || s === "")) {
      throw new OptionError(k, `option "${k}" must be an array of non-empty strings, got ${describeValue(v)}`);
    }
    return v as string[];
  };
  const maxLabelLength = o.maxLabelLength;
  if (
    maxLabelLength !== undefined &&
    (typeof maxLabelLength !== "number" || !Number.isInteger(maxLabelLength) || maxLabelLength < 8)
  ) {
    throw new OptionError(
      "maxLabelLength",
      `option "maxLabelLength" must be an integer of at least 8, got ${describeValue(maxLabelLength)}`,
    );
  }
  const projectRoot = o.projectRoot;
  if (projectRoot !== undefined && (typeof projectRoot !== "string" || projectRoot === "")) {
    throw new OptionError(
      "projectRoot",
      `option "projectRoot" must be a non-empty string, got ${describeValue(projectRoot)}`,
    );
  }
  return {
    traceAll: bool("traceAll", false),
    include: strings("include", DEFAULT_INCLUDE),
    exclude: strings("exclude", DEFAULT_EXCLUDE),
    nested: bool("nested", true),
    maxLabelLength: (maxLabelLength as number | undefined) ?? 80,
    tracedModules: strings("tracedModules", []),
    projectRoot: projectRoot as string | undefined,
  };
}
