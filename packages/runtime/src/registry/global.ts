/** The process-wide registry and free functions that work on the current (or global) registry. */
import * as A from "../core/arena";
import { currentSpan } from "../core/context";
import type { SpanLike } from "../core/span";
import type { Tree } from "../format/tree";
import { DEFAULT_MAX_DETACHED, type RegistryConfig } from "./config";
import { enableAutoRoots, globalRegistryRef, Registry, type TreeRoot } from "./registry";

/** Create the global registry. Like await-tree, a second call is an error. */
export function initGlobalRegistry(config?: RegistryConfig): Registry {
  if (globalRegistryRef.current !== undefined) {
    throw new Error("initGlobalRegistry: the global registry is already initialised");
  }
  const registry = new Registry(config, true);
  if (registry.config.maxDetached !== undefined) A.setDetachedLimit(registry.config.maxDetached);
  globalRegistryRef.current = registry;
  enableAutoRoots(registry);
  return registry;
}

/** The global registry, if initialised. */
export function globalRegistry(): Registry | undefined {
  return globalRegistryRef.current;
}

/** For tests and hot reload: forget the global registry so it can be initialised again. */
export function resetGlobalRegistry(): void {
  if (globalRegistryRef.current?.config.maxDetached !== undefined) A.setDetachedLimit(DEFAULT_MAX_DETACHED);
  globalRegistryRef.current = undefined;
  enableAutoRoots(undefined);
}

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
  const m = A.meta[r] as { root: TreeRoot } | undefined;
  return m?.root.tree();
}
