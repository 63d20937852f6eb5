/** Registry options, validated so that a typo fails loudly instead of silently doing nothing. */

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
}

export interface ResolvedConfig {
  verbose: boolean;
  slowNs: number;
  maxLabelLength: number;
  autoRoots: boolean;
}

const KNOWN = new Set(["verbose", "slowThresholdMs", "maxLabelLength", "autoRoots"]);

export function resolveConfig(config: unknown, where: string): ResolvedConfig {
  if (config === undefined) config = {};
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw new TypeError(`${where}: config must be an object, got ${config === null ? "null" : typeof config}`);
  }
  const c = config as Record<string, unknown>;
  for (const k of Object.keys(c)) {
    if (!KNOWN.has(k)) {
      throw new TypeError(`${where}: unknown option "${k}" (known: ${[...KNOWN].join(", ")})`);
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
  return {
    verbose: bool("verbose", false),
    slowNs: Math.round(num("slowThresholdMs", 10_000, 0) * 1e6),
    maxLabelLength: Math.floor(num("maxLabelLength", 1000, 8)),
    autoRoots: bool("autoRoots", true),
  };
}
