/** Registry options, validated so that a typo fails loudly instead of silently doing nothing. */
import * as State from "../core/state";

export interface RegistryConfig {
  /** Show spans marked verbose (default false: they are hidden and their children move up). */
  verbose?: boolean;
  /** Pending this long or longer marks a span `!!!` (default 10,000 ms, as await-tree). */
  slowThresholdMs?: number;
  /** Longest label printed, in characters; longer labels are cut with a marker (default 1,000). */
  maxLabelLength?: number;
  /**
   * Traced calls made outside any task become anonymous roots of this registry (only for the
   * global registry; default true there).
   */
  autoRoots?: boolean;
  /**
   * Most automatic roots alive at once (global registry only; default 10,000). Beyond it the
   * oldest is dropped: work that never settles outside any task cannot grow without bound.
   * Dropped roots are counted (`Registry#dropped`, a line of `Registry#toString()`).
   */
  maxAutoRoots?: number;
  /**
   * Most detached and orphaned subtrees kept in the process (global registry only; default
   * 10,000; see `setDetachedLimit`). Beyond it the oldest are dropped and counted: in the tree of
   * their task (`[Dropped N detached spans: limit reached]`) or, for tasks that ended, in
   * `spanStats().droppedOrphans` and the global registry's `toString()`.
   */
  maxDetached?: number;
}

export interface ResolvedConfig {
  verbose: boolean;
  slowNs: number;
  maxLabelLength: number;
  autoRoots: boolean;
  maxAutoRoots: number;
  /** undefined: leave the process-wide limit as it is. */
  maxDetached: number | undefined;
}

/** Default of `maxAutoRoots`. */
export const DEFAULT_MAX_AUTO_ROOTS = 10_000;
/** Default of `maxDetached` (the arena's own default, core/arena.ts). */
export const DEFAULT_MAX_DETACHED = 10_000;

const KNOWN = new Set(["verbose", "slowThresholdMs", "maxLabelLength", "autoRoots", "maxAutoRoots", "maxDetached"]);
/** Options that only the global registry takes (they bound process-wide state). */
const GLOBAL_ONLY = new Set(["autoRoots", "maxAutoRoots", "maxDetached"]);

export function resolveConfig(config: unknown, where: string, global = false): ResolvedConfig {
  if (config === undefined) config = {};
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw new TypeError(`${where}: config must be an object, got ${config === null ? "null" : typeof config}`);
  }
  const c = config as Record<string, unknown>;
  for (const k of Object.keys(c)) {
    if (!KNOWN.has(k)) {
      throw new TypeError(`${where}: unknown option "${k}" (known: ${[...KNOWN].join(", ")})`);
    }
    if (!global && GLOBAL_ONLY.has(k) && c[k] !== undefined) {
      throw new TypeError(`${where}: option "${k}" is for the global registry only (give it to initGlobalRegistry)`);
    }
  }
  const bool = (k: string, d: boolean): boolean => {
    const v = c[k];
    if (v === undefined) return d;
    if (typeof v !== "boolean") throw new TypeError(`${where}: option "${k}" must be a boolean, got ${typeof v}`);
    return v;
  };
  const num = (k: string, d: number, min: number): number => {
    const v = c[k];
    if (v === undefined) return d;
    if (typeof v !== "number" || !Number.isFinite(v) || v < min) {
      throw new TypeError(`${where}: option "${k}" must be a finite number >= ${min}, got ${String(v)}`);
    }
    return v;
  };
  const int = (k: string, d: number | undefined, min: number, max: number): number | undefined => {
    const v = c[k];
    if (v === undefined) return d;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      throw new TypeError(`${where}: option "${k}" must be an integer from ${min} to ${max}, got ${String(v)}`);
    }
    return v;
  };
  const maxLabelLength = Math.floor(num("maxLabelLength", 1000, 8));
  // Label values longer than any registry shows are kept only as far as they can be shown.
  if (maxLabelLength + 1 > State.shown.chars) State.shown.chars = maxLabelLength + 1;
  return {
    verbose: bool("verbose", false),
    slowNs: Math.round(num("slowThresholdMs", 10_000, 0) * 1e6),
    maxLabelLength,
    autoRoots: bool("autoRoots", true),
    maxAutoRoots: int("maxAutoRoots", DEFAULT_MAX_AUTO_ROOTS, 1, 2 ** 24) as number,
    maxDetached: int("maxDetached", undefined, 1, 2 ** 24 - 1),
  };
}
