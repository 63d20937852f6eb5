/** The process-wide registry and free functions that work on the current (or global) registry. */
import * as A from "../core/arena";
import { currentSpan } from "../core/context";
import { outsideZones } from "../core/outside-zones";
import type { SpanLike } from "../core/span-label";
import { autoRoots } from "../core/spans";
import * as Storage from "../core/storage";
import type { Tree } from "../format/tree";
import { DEFAULT_MAX_DETACHED, type RegistryConfig, resolveConfig } from "./config";
import { claimNotice, shareNoticeFlag } from "./notice-once";
import { enableAutoRoots, globalRegistryRef, Registry, type TreeRoot } from "./registry";

/**
 * Create the global registry. Like await-tree, a second call is an error, except after a global
 * registry was created implicitly (zero set-up, below): that one is adopted, with `config`.
 */
export function initGlobalRegistry(config?: RegistryConfig): Registry {
  // The program set itself up: no thread of the process needs the zero set-up notice, not even a
  // worker whose traced code creates its own registry (a pino transport of the program's own, run
  // in thread-stream's worker, printed it to a program that had called this: pino audit, 2026-12-05).
  claimNotice();
  const existing = globalRegistryRef.current;
  if (existing !== undefined && existing === implicit.registry) {
    existing.config = resolveConfig(config, "initGlobalRegistry", true);
    implicit.registry = undefined;
    configureGlobal(existing);
    return existing;
  }
  if (existing !== undefined) {
    throw new Error("initGlobalRegistry: the global registry is already initialised");
  }
  const registry = new Registry(config, true);
  globalRegistryRef.current = registry;
  configureGlobal(registry);
  return registry;
}

function configureGlobal(registry: Registry): void {
  if (registry.config.maxDetached !== undefined) A.setDetachedLimit(registry.config.maxDetached);
  enableAutoRoots(registry);
}

/** The global registry, if initialised. */
export function globalRegistry(): Registry | undefined {
  return globalRegistryRef.current;
}

/** For tests and hot reload: forget the global registry so it can be initialised again. */
export function resetGlobalRegistry(): void {
  if (globalRegistryRef.current?.config.maxDetached !== undefined) A.setDetachedLimit(DEFAULT_MAX_DETACHED);
  globalRegistryRef.current = undefined;
  implicit.registry = undefined;
  enableAutoRoots(undefined);
  installZeroSetup();
}

// Zero set-up (docs/zero-setup.md). A program that adds `@traced` and never calls
// `initGlobalRegistry()` must not record nothing in silence: the first traced call made outside any
// task, or the first `register()`, creates the global registry with the defaults (traced calls
// outside any task then become automatic roots) and says so once on stderr, with what to add. Its
// cost is that of automatic roots; `AWAIT_TREE_AUTO_INIT=0` (or `off`, `false`) turns it off, and
// calling `initGlobalRegistry()` first (which adopts an implicit registry) silences the notice.

/** The environment variable that turns the implicit creation off. */
export const AUTO_INIT_ENV = "AWAIT_TREE_AUTO_INIT";
const implicit = {
  registry: undefined as Registry | undefined,
  noticed: false,
  /** Why the creation on first use is off for this process when it is (a host that has its own). */
  offBy: undefined as string | undefined,
};

/**
 * @internal For hosts that show trees their own way (the mocha integration): no global registry is
 * created on first use in this process; `register()` without one is the usual error.
 */
export function turnOffZeroSetup(reason: string): void {
  implicit.offBy = reason;
  if (globalRegistryRef.current === undefined) autoRoots.create = undefined;
}

/** Whether the implicit creation is allowed; a value it does not know is named in the notice. */
function autoInitSetting(): { on: boolean; note: string } {
  const raw = typeof process === "object" ? process.env?.[AUTO_INIT_ENV] : undefined;
  const v = raw?.trim().toLowerCase();
  if (v === undefined || v === "" || v === "1" || v === "on" || v === "true") return { on: true, note: "" };
  if (v === "0" || v === "off" || v === "false") return { on: false, note: "" };
  return { on: true, note: ` (${AUTO_INIT_ENV}=${JSON.stringify(raw)} is not 0, off, false, 1, on or true: ignored)` };
}

/**
 * The global registry created on first use, or undefined when that is turned off. Never throws.
 * `byTracedCall`: created for a traced call made outside any task. Its notice then waits for the
 * end of the current job (a microtask): the call may be the program's own `main()`, traced by
 * `traceAll`, whose first line calls `initGlobalRegistry()`, which adopts the registry. Printed at
 * once, the notice told such a program that it never called it (HTTP clients audit, 2026-12-05).
 * A `register()` first keeps the notice at once: the program used the registry before creating it.
 */
function createImplicitly(byTracedCall = false): Registry | undefined {
  if (globalRegistryRef.current !== undefined) return globalRegistryRef.current;
  const setting = autoInitSetting();
  if (!setting.on || implicit.offBy !== undefined) {
    globalRegistryRef.noneBecause =
      implicit.offBy ??
      `${AUTO_INIT_ENV}=${JSON.stringify(process.env[AUTO_INIT_ENV])} turned off creating it on first use`;
    autoRoots.create = undefined; // read once: traced calls outside any task go back to costing nothing
    return undefined;
  }
  const registry = new Registry(undefined, true);
  globalRegistryRef.current = registry;
  implicit.registry = registry;
  configureGlobal(registry);
  if (!implicit.noticed) {
    implicit.noticed = true;
    if (byTracedCall) {
      // Not a microtask of the program's zone.js zone (core/outside-zones.ts).
      outsideZones(() =>
        queueMicrotask(() => {
          // Adopted by `initGlobalRegistry()` meanwhile: nothing to say (a later creation may say it).
          if (implicit.registry === registry) printNotice(setting.note);
          else implicit.noticed = false;
        }),
      );
    } else {
      printNotice(setting.note);
    }
  }
  return registry;
}

function printNotice(note: string): void {
  // Once per process: a worker's runtime creates its own registry (notice-once.ts).
  if (!claimNotice()) return;
  try {
    process.stderr.write(
      "await-tree: initGlobalRegistry() was not called; a global registry was created on first use " +
        `(traced calls outside any task are recorded in it as automatic roots)${note}. ` +
        "Print the trees with globalRegistry()?.toString() from @await-tree/runtime. " +
        `To silence this, call initGlobalRegistry() at start; to record nothing, set ${AUTO_INIT_ENV}=0.\n`,
    );
  } catch {
    // No stderr (a closed pipe, a sandbox): the registry is there all the same.
  }
}

/** Until a global registry exists, the first traced call outside any task creates it. */
function installZeroSetup(): void {
  globalRegistryRef.createImplicitly = createImplicitly;
  shareNoticeFlag();
  if (implicit.offBy !== undefined) return;
  autoRoots.create = (label, vals, flags) => {
    const registry = createImplicitly(true);
    return registry === undefined || !registry.config.autoRoots ? 0 : registry.addAutoRoot(label, vals, flags);
  };
}
installZeroSetup();

export function register(key: unknown, rootSpan: SpanLike): TreeRoot {
  return Registry.current().register(key, rootSpan);
}

export function registerAnonymous(rootSpan: SpanLike): TreeRoot {
  return Registry.current().registerAnonymous(rootSpan);
}

export function getTree(key: unknown): Tree | undefined {
  return Registry.current().get(key);
}

export function collectAll(): Array<[unknown, Tree]> {
  return Registry.current().collectAll();
}

export function spawn<R>(key: unknown, rootSpan: SpanLike, fn: () => R): R {
  return Registry.current().spawn(key, rootSpan, fn);
}

export function spawnAnonymous<R>(rootSpan: SpanLike, fn: () => R): R {
  return Registry.current().spawnAnonymous(rootSpan, fn);
}

/** A snapshot of the calling task's own tree (undefined outside any task). */
export function currentTree(): Tree | undefined {
  const cur = currentSpan();
  const r = A.rootOf(cur);
  if (r === 0) return undefined;
  const m = Storage.meta[r] as { root: TreeRoot } | undefined;
  return m?.root.tree();
}
