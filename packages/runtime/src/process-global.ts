/**
 * One runtime per realm (the main thread, each worker). The first copy of `@await-tree/runtime`
 * that loads publishes itself on `globalThis[Symbol.for("await-tree.runtime")]`; a later copy
 * (another version in `node_modules`, the ES module build next to the CommonJS one, a bundle that
 * contains the runtime next to a dependency that loads it) finds it there and, when their contract
 * is compatible, hands out the first copy's exports instead of its own: emitted code, `traced`,
 * `Registry` and `instanceof` all meet one arena, one clock and one global registry. A copy that is
 * not compatible keeps its own state, says so once (a process warning naming both copies), and
 * never touches the first copy's. The CLI (`await-tree dump`) evaluates `dump()` of the published
 * object. See docs/bundling.md.
 *
 * The hot path is not involved: a copy decides once, when its first entry point loads, and its
 * entry points then are the chosen copy's module objects themselves (no wrapper, no indirection).
 */
import type { DumpOptions } from "./api/dump";
import { INSTRUMENT_CONTRACT } from "./instrument/contract";

/** The key of the process-wide runtime object (the same symbol in every copy: `Symbol.for`). */
export const RUNTIME_KEY: unique symbol = Symbol.for("await-tree.runtime") as never;

/**
 * The transformer-runtime contract this copy honours (the hooks emitted code calls, the site
 * shape): the agreed `contract` of the published object. A copy that shares another hands its
 * users (their emitted code included) the other's hooks, so copies share only under one contract.
 * The state itself never needs to match: a shared copy runs none of its own code on it.
 * It is the instrument contract (instrument/contract.ts), the contract's one home.
 */
export const RUNTIME_CONTRACT: number = INSTRUMENT_CONTRACT;

/** What every copy can rely on, whatever its version (the agreed, stable part). */
export interface ProcessRuntime {
  /** Package version of the copy that published it. */
  readonly version: string;
  /** Its `RUNTIME_CONTRACT`. */
  readonly contract: number;
  /** Every task of the process, in the text (or JSON) format; never throws. */
  dump(options?: DumpOptions): string;
}

/** The published object: the stable part plus what another copy needs to share the state. */
export interface PublishedRuntime extends ProcessRuntime {
  /** `"commonjs"` or `"module"`: which build of the package published it. */
  readonly format: string;
  /** Where that copy lives (its folder or bundle: a path or a URL), for messages. */
  readonly location: string;
  /** The export names of each of its entry points (`"."`, `"./instrument"`, ...), known without loading them. */
  readonly exports: Readonly<Record<string, readonly string[]>>;
  /** The exports object of one of its entry points (loaded on first use), or undefined. */
  entry(name: string): object | undefined;
}

/**
 * What a copy offers on the published object besides sharing its entry points: `dump`, and
 * anything more the integrations need (process-services.ts), with `onPublished` run once this copy
 * is the realm's runtime (the opt-ins started from the environment belong there).
 */
export interface ProcessServices {
  dump(options?: DumpOptions): string;
  /** More functions for the published object (names other than the ones above). */
  readonly extras?: Readonly<Record<string, (...args: never[]) => unknown>>;
  onPublished?(): void;
}

/** A copy of the runtime, described by the glue its build generates (scripts/post-build.mjs). */
export interface RuntimeCopy {
  readonly version: string;
  readonly format: "commonjs" | "module";
  readonly location: string;
  /**
   * Its stateful entry points (the package's subpaths) and their export names, from the build. A
   * stateless subpath (constants and pure functions) is not listed: any copy loads its own.
   */
  readonly exports: Readonly<Record<string, readonly string[]>>;
  /** Its own exports of an entry point (loads the module in a CommonJS build). */
  load(entry: string): object;
  /** Its process services (loaded when it publishes: process-services.ts). */
  services(): ProcessServices;
}

/** What a copy decided: whose entry points its modules export. */
export interface ResolvedRuntime {
  /** True when this copy hands out another copy's exports (one shared state). */
  readonly shared: boolean;
  /** The published object of the runtime in use (this copy's own when it published or could not). */
  readonly runtime: ProcessRuntime | undefined;
  /** The exports of an entry point: the shared copy's, or this copy's own. */
  entry(name: string): object;
}

/**
 * Decide, once per copy, whose state this copy uses: publish this copy when it is the first,
 * share the published copy when compatible, else keep its own state and warn.
 */
export function resolveRuntime(copy: RuntimeCopy, warn: (message: string) => void = emitWarning): ResolvedRuntime {
  const g = globalThis as Record<PropertyKey, unknown>;
  let found: unknown;
  try {
    found = g[RUNTIME_KEY];
  } catch (e) {
    found = new Error(`reading it threw ${describeError(e)}`);
  }
  if (found === undefined) {
    let services: ProcessServices;
    try {
      services = copy.services();
    } catch (e) {
      const why = describeError(e);
      services = { dump: () => `[await-tree: the dump is not available: ${why}]\n` };
    }
    const published = publish(copy, services);
    try {
      Object.defineProperty(g, RUNTIME_KEY, {
        value: published,
        writable: false,
        enumerable: false,
        configurable: false,
      });
    } catch (e) {
      warn(
        `${who(copy)} could not publish itself on globalThis[Symbol.for("await-tree.runtime")] ` +
          `(${describeError(e)}): \`await-tree dump\` and other copies of the runtime cannot find it.`,
      );
      return own(copy, undefined);
    }
    try {
      services.onPublished?.();
    } catch {
      // An integration that cannot start says so itself; the runtime is published all the same.
    }
    return own(copy, published);
  }
  const host = readHost(found);
  if (typeof host === "string") {
    warn(
      `${who(copy)} found globalThis[Symbol.for("await-tree.runtime")] set to something that is not ` +
        `an await-tree runtime (${host}); this copy keeps its own state and is not visible to \`await-tree dump\`.`,
    );
    return own(copy, undefined);
  }
  const why = incompatibility(host, copy);
  if (why !== undefined) {
    warn(
      `two copies of @await-tree/runtime are loaded in this realm and cannot share one state (${why}): ` +
        `${describeHost(host)}, loaded first, and ${who(copy)}. They keep separate states without ` +
        `touching each other: what code traced through the second copy records shows only in its own ` +
        `registries, not in the first copy's trees nor in \`await-tree dump\`. Install one version ` +
        `(\`npm ls @await-tree/runtime\`, \`npm dedupe\`) or let the bundle include only one.`,
    );
    return own(copy, undefined);
  }
  return {
    shared: true,
    runtime: host.self,
    entry: (name) => (Object.hasOwn(copy.exports, name) ? (host.self.entry(name) as object) : copy.load(name)),
  };
}

function publish(copy: RuntimeCopy, services: ProcessServices): PublishedRuntime {
  const names = Object.freeze({ ...copy.exports });
  return Object.freeze({
    ...services.extras,
    version: copy.version,
    contract: RUNTIME_CONTRACT,
    format: copy.format,
    location: copy.location,
    exports: names,
    // The dump's own promise: synchronous, and never throws (api/dump.ts).
    dump: services.dump,
    entry(name: string): object | undefined {
      return typeof name === "string" && Object.hasOwn(names, name) ? copy.load(name) : undefined;
    },
  });
}

function own(copy: RuntimeCopy, runtime: ProcessRuntime | undefined): ResolvedRuntime {
  return { shared: false, runtime, entry: (name) => copy.load(name) };
}

/** A published object as read defensively (it may come from any version, or not be ours at all). */
interface Host {
  self: PublishedRuntime;
  /** Its `exports` when it offers its entry points to other copies (every version of ours does). */
  exports: Readonly<Record<string, unknown>> | undefined;
  version: string;
  contract: number;
  format: string;
  location: string;
}

/** The published object's fields, or a description of what is wrong with it. */
function readHost(found: unknown): Host | string {
  if (found instanceof Error) return found.message;
  if (typeof found !== "object" || found === null) return `a ${found === null ? "null" : typeof found}`;
  try {
    const o = found as Record<string, unknown>;
    const { version, contract, format, location, exports, entry, dump } = o;
    if (typeof contract !== "number" || typeof dump !== "function") return "an object without `contract` and `dump`";
    const shareable = typeof entry === "function" && typeof exports === "object" && exports !== null;
    return {
      self: found as PublishedRuntime,
      exports: shareable ? (exports as Record<string, unknown>) : undefined,
      version: typeof version === "string" ? version : "an unknown version",
      contract,
      format: typeof format === "string" ? format : "unknown",
      location: typeof location === "string" ? location : "an unknown location",
    };
  } catch (e) {
    return `reading it threw ${describeError(e)}`;
  }
}

/**
 * Why `copy` cannot hand out the host's exports, or undefined when it can: the same contract, and
 * every entry point of this copy exists in the host with at least the same export names (a newer
 * copy loaded after an older one may have exports the older lacks). Read from the names the
 * builds recorded: no entry point is loaded to decide (some run code when loaded).
 */
function incompatibility(host: Host, copy: RuntimeCopy): string | undefined {
  if (host.contract !== RUNTIME_CONTRACT) return `contract ${host.contract} against contract ${RUNTIME_CONTRACT}`;
  const theirs = host.exports;
  if (theirs === undefined) return "the first copy offers no entry points to share";
  for (const [name, ours] of Object.entries(copy.exports)) {
    const names = Object.hasOwn(theirs, name) ? theirs[name] : undefined;
    if (!Array.isArray(names)) return `the first copy has no entry point "${name}"`;
    const missing = ours.filter((k) => !names.includes(k));
    if (missing.length > 0) {
      const list = missing.slice(0, 5).join(", ") + (missing.length > 5 ? ", ..." : "");
      return `the first copy's "${name}" lacks ${list}`;
    }
  }
  return undefined;
}

function who(copy: RuntimeCopy): string {
  return `@await-tree/runtime ${copy.version} (contract ${RUNTIME_CONTRACT}, ${copy.format}) at ${copy.location}`;
}

function describeHost(host: Host): string {
  return `@await-tree/runtime ${host.version} (contract ${host.contract}, ${host.format}) at ${host.location}`;
}

function describeError(e: unknown): string {
  try {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  } catch {
    return "an error that cannot be printed";
  }
}

/** A process warning (`(node:PID) AwaitTreeWarning: ...`; `--no-warnings` silences it). */
function emitWarning(message: string): void {
  try {
    process.emitWarning(message, { type: "AwaitTreeWarning", code: "AWAIT_TREE_SEPARATE_RUNTIME" });
  } catch {
    // No way to say it: the copies still work, separately.
  }
}
