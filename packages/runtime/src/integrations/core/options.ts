/**
 * Options shared by every test-runner integration and where they come from: the environment
 * variables `AWAIT_TREE_LEAKS` and `AWAIT_TREE_ASYNC_CONTEXT` (win, so CI can tighten a project's
 * setting), else `configure()` in a setup file, else the runner's own configuration (mocha's
 * config file, the vitest plugin's options, jest's `testEnvironmentOptions`), else the defaults.
 * A wrong value is an error naming its source, never silently ignored.
 */

/** What to do with traced work a passing test left pending. */
export type LeakMode = "off" | "warn" | "fail";

/**
 * How a test's untransformed code, resumed after an await, is tied to the test. `auto`: by
 * AsyncLocalStorage where it is cheap (Node 24 and later) or already in use (untransformed
 * `@traced` code created it), else by "the test running now". `always`: AsyncLocalStorage for
 * every test, which on Node 20 and 22 slows every promise of the process.
 */
export type AsyncContextMode = "auto" | "always";

export interface AwaitTreeTestOptions {
  /** `off`, `warn` (default: one report per test on stderr) or `fail` (the test fails). */
  leaks?: LeakMode;
  /** `auto` (default) or `always`: see {@link AsyncContextMode}. */
  asyncContext?: AsyncContextMode;
}

export interface ResolvedTestOptions {
  leaks: LeakMode;
  asyncContext: AsyncContextMode;
}

/** Options read from a runner's configuration, with where they were read (for error messages). */
export interface ConfigValue {
  /** The value of the `awaitTree` key (undefined when the key is absent). */
  value: unknown;
  /** Where it was read, for error messages. */
  file: string;
}

export const LEAKS_ENV = "AWAIT_TREE_LEAKS";
export const ASYNC_CONTEXT_ENV = "AWAIT_TREE_ASYNC_CONTEXT";
const MODES: readonly LeakMode[] = ["off", "warn", "fail"];
const CONTEXT_MODES: readonly AsyncContextMode[] = ["auto", "always"];
const KEYS = new Set(["leaks", "asyncContext"]);

/** `prefix`: the integration's module name and ": ", which starts every error message. */
function oneOf<T extends string>(modes: readonly T[], v: unknown, where: string, prefix: string): T {
  if (typeof v === "string" && (modes as readonly string[]).includes(v)) return v as T;
  const names = modes.map((m) => `"${m}"`);
  const list = names.length > 2 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : names.join(" or ");
  throw new TypeError(`${prefix}${where} must be ${list}, got ${JSON.stringify(v) ?? String(v)}`);
}

function fromEnv<T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  modes: readonly T[],
  prefix: string,
): T | undefined {
  const raw = env[name];
  return raw === undefined || raw === "" ? undefined : oneOf(modes, raw.trim(), name, prefix);
}

/** Validates an options object (from a config or `configure`). */
export function checkOptions(o: unknown, where: string, prefix: string): AwaitTreeTestOptions {
  if (o === null || typeof o !== "object" || Array.isArray(o)) {
    throw new TypeError(
      `${prefix}${where} must be an object such as { leaks: "warn" }, got ${JSON.stringify(o) ?? typeof o}`,
    );
  }
  const out: AwaitTreeTestOptions = {};
  for (const [k, v] of Object.entries(o)) {
    if (!KEYS.has(k)) throw new TypeError(`${prefix}${where}: unknown option "${k}" (known: ${[...KEYS].join(", ")})`);
    if (v === undefined) continue;
    if (k === "leaks") out.leaks = oneOf(MODES, v, `${where}: leaks`, prefix);
    else out.asyncContext = oneOf(CONTEXT_MODES, v, `${where}: asyncContext`, prefix);
  }
  return out;
}

export function resolveOptions(
  env: NodeJS.ProcessEnv,
  config: ConfigValue | undefined,
  programmatic: AwaitTreeTestOptions,
  prefix: string,
): ResolvedTestOptions {
  const fromConfig = config === undefined ? {} : checkOptions(config.value, `awaitTree in ${config.file}`, prefix);
  return {
    leaks: fromEnv(env, LEAKS_ENV, MODES, prefix) ?? programmatic.leaks ?? fromConfig.leaks ?? "warn",
    asyncContext:
      fromEnv(env, ASYNC_CONTEXT_ENV, CONTEXT_MODES, prefix) ??
      programmatic.asyncContext ??
      fromConfig.asyncContext ??
      "auto",
  };
}
