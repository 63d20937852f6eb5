/**
 * Options of the mocha integration and where they come from: the `AWAIT_TREE_LEAKS` environment
 * variable (wins, so CI can tighten a project's setting), else `configure()` in a setup file,
 * else `awaitTree` in the mocha config, else the defaults. A wrong value is an error naming its source, never
 * silently ignored.
 */
import type { ConfigValue } from "./config-file";

/** What to do with traced work a passing test left pending. */
export type LeakMode = "off" | "warn" | "fail";

export interface AwaitTreeMochaOptions {
  /** `off`, `warn` (default: one report per test on stderr) or `fail` (the test fails). */
  leaks?: LeakMode;
}

export interface ResolvedMochaOptions {
  leaks: LeakMode;
}

export const LEAKS_ENV = "AWAIT_TREE_LEAKS";
const PREFIX = "@await-tree/runtime/mocha: ";
const MODES: readonly LeakMode[] = ["off", "warn", "fail"];
const KEYS = new Set(["leaks"]);

function leakMode(v: unknown, where: string): LeakMode {
  if (typeof v === "string" && (MODES as readonly string[]).includes(v)) return v as LeakMode;
  throw new TypeError(`${PREFIX}${where} must be "off", "warn" or "fail", got ${JSON.stringify(v) ?? String(v)}`);
}

/** Validates an options object (from the config file or `configure`). */
export function checkOptions(o: unknown, where: string): AwaitTreeMochaOptions {
  if (o === null || typeof o !== "object" || Array.isArray(o)) {
    throw new TypeError(
      `${PREFIX}${where} must be an object such as { leaks: "warn" }, got ${JSON.stringify(o) ?? typeof o}`,
    );
  }
  const out: AwaitTreeMochaOptions = {};
  for (const [k, v] of Object.entries(o)) {
    if (!KEYS.has(k)) throw new TypeError(`${PREFIX}${where}: unknown option "${k}" (known: ${[...KEYS].join(", ")})`);
    if (k === "leaks" && v !== undefined) out.leaks = leakMode(v, `${where}: leaks`);
  }
  return out;
}

export function resolveOptions(
  env: NodeJS.ProcessEnv,
  config: ConfigValue | undefined,
  programmatic: AwaitTreeMochaOptions,
): ResolvedMochaOptions {
  const fromConfig = config === undefined ? {} : checkOptions(config.value, `awaitTree in ${config.file}`);
  const raw = env[LEAKS_ENV];
  const fromEnv = raw === undefined || raw === "" ? undefined : leakMode(raw.trim(), `${LEAKS_ENV}`);
  return { leaks: fromEnv ?? programmatic.leaks ?? fromConfig.leaks ?? "warn" };
}
