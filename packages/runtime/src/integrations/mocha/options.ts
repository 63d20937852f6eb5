/**
 * Options of the mocha integration and where they come from: the environment variables
 * `AWAIT_TREE_LEAKS` and `AWAIT_TREE_ASYNC_CONTEXT` (win, so CI can tighten a project's setting),
 * else `configure()` in a setup file, else `awaitTree` in the mocha config, else the defaults. A
 * wrong value is an error naming its source, never silently ignored.
 */
import type { ConfigValue } from "./config-file";

/** What to do with traced work a passing test left pending. */
export type LeakMode = "off" | "warn" | "fail";

/**
 * How a test's untransformed code, resumed after an await, is tied to the test. `auto`: by
 * AsyncLocalStorage where it is cheap (Node 24 and later) or already in use (untransformed
 * `@traced` code created it), else by "the test running now". `always`: AsyncLocalStorage for
 * every test, which on Node 20 and 22 slows every promise of the process.
 */
export type AsyncContextMode = "auto" | "always";

export interface AwaitTreeMochaOptions {
  /** `off`, `warn` (default: one report per test on stderr) or `fail` (the test fails). */
  leaks?: LeakMode;
  /** `auto` (default) or `always`: see {@link AsyncContextMode}. */
  asyncContext?: AsyncContextMode;
}

export interface ResolvedMochaOptions {
  leaks: LeakMode;
  asyncContext: AsyncContextMode;
}

export const LEAKS_ENV = "AWAIT_TREE_LEAKS";
export const ASYNC_CONTEXT_ENV = "AWAIT_TREE_ASYNC_CONTEXT";
const PREFIX = "@await-tree/runtime/mocha: ";
const MODES: readonly LeakMode[] = ["off", "warn", "fail"];
const CONTEXT_MODES: readonly AsyncContextMode[] = ["auto", "always"];
const KEYS = new Set(["leaks", "asyncContext"]);

function oneOf<T extends string>(modes: readonly T[], v: unknown, where: string): T {
  if (typeof v === "string" && (modes as readonly string[]).includes(v)) return v as T;
  const names = modes.map((m) => `"${m}"`);
  const list = names.length > 2 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : names.join(" or ");
  throw new TypeError(`${PREFIX}${where} must be ${list}, got ${JSON.stringify(v) ?? String(v)}`);
}

function leakMode(v: unknown, where: string): LeakMode {
  return oneOf(MODES, v, where);
}

function asyncContextMode(v: unknown, where: string): AsyncContextMode {
  return oneOf(CONTEXT_MODES, v, where);
}

function fromEnv<T>(env: NodeJS.ProcessEnv, name: string, parse: (v: unknown, where: string) => T): T | undefined {
  const raw = env[name];
  return raw === undefined || raw === "" ? undefined : parse(raw.trim(), name);
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
    if (v === undefined) continue;
    if (k === "leaks") out.leaks = leakMode(v, `${where}: leaks`);
    else out.asyncContext = asyncContextMode(v, `${where}: asyncContext`);
  }
  return out;
}

export function resolveOptions(
  env: NodeJS.ProcessEnv,
  config: ConfigValue | undefined,
  programmatic: AwaitTreeMochaOptions,
): ResolvedMochaOptions {
  const fromConfig = config === undefined ? {} : checkOptions(config.value, `awaitTree in ${config.file}`);
  return {
    leaks: fromEnv(env, LEAKS_ENV, leakMode) ?? programmatic.leaks ?? fromConfig.leaks ?? "warn",
    asyncContext:
      fromEnv(env, ASYNC_CONTEXT_ENV, asyncContextMode) ??
      programmatic.asyncContext ??
      fromConfig.asyncContext ??
      "auto",
  };
}
