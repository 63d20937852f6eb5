/**
 * The process-wide dump: every task of every registry of this realm (main thread or worker), in
 * the text or JSON format, synchronously and without ever throwing. It is what the CLI
 * (`await-tree dump <pid>`) evaluates through the inspector, what the signal, exit-report and
 * watchdog integrations print, and what `globalThis[Symbol.for("await-tree.runtime")].dump` is.
 *
 * Tasks are found in the arena (every live root slot), so tasks of registries the program created
 * itself (`new Registry()`) are listed too, not only those of the global registry. The global
 * registry's tasks come first, then each other registry's, each in registration order.
 */
import * as A from "../core/arena";
import * as Storage from "../core/storage";
import { Kind } from "../core/storage";
import { snapshot } from "../format/snapshot";
import { formatTrees, keyText, keyToString, Tree, type TreeJSON } from "../format/tree";
import { globalRegistryRef, type Registry, type TreeRoot } from "../registry/registry";

export interface DumpOptions {
  /** The JSON format (`DumpJSON`, as a string) instead of the text format. */
  json?: boolean;
  /** Only the task whose key prints as this string (`[<key>]` in the text format). */
  key?: string;
  /** Show spans marked verbose, whatever the registry's `verbose` option. */
  verbose?: boolean;
  /** Append ` at file:line:col` to spans whose source location is known (text format). */
  locations?: boolean;
  /** Longest text output in characters (the text format's `maxLength`). */
  maxLength?: number;
  /** Most levels printed per tree (the formats' `maxDepth`, default 100). */
  maxDepth?: number;
}

/** The JSON format of a dump. */
export interface DumpJSON {
  tasks: TreeJSON[];
  /** Automatic roots and spans of ended tasks the limits dropped (global registry); absent when none. */
  dropped?: { autoRoots: number; orphanedSpans: number };
  /** Tasks whose tree could not be taken, with the reason (a dump never throws). */
  errors?: string[];
}

interface RootMeta {
  root?: TreeRoot;
}

/** Live roots of the arena, grouped by registry: the global registry first. */
function registriesWithTasks(): Registry[] {
  const out: Registry[] = [];
  const global = globalRegistryRef.current;
  if (global !== undefined) out.push(global);
  const seen = new Set<Registry>(out);
  const top = Storage.capacity;
  for (let id = 1; id < top; id++) {
    if (!A.isLive(id) || A.kindOf(id) !== Kind.Root) continue;
    const registry = (Storage.meta[id] as RootMeta | undefined)?.root?.registry;
    if (registry !== undefined && !seen.has(registry)) {
      seen.add(registry);
      out.push(registry);
    }
  }
  return out;
}

/** A registry's roots in registration order (its private map, read without changing it). */
function rootsOf(registry: Registry): Iterable<[unknown, TreeRoot]> {
  return (registry as unknown as { roots: Map<unknown, TreeRoot> }).roots.entries();
}

function treeOf(registry: Registry, root: TreeRoot, verbose: boolean): Tree | undefined {
  if (!verbose || registry.config.verbose) return root.tree();
  const slot = root.slot();
  if (slot === 0) return root.tree();
  const raw = snapshot(slot, { verbose: true, maxLabelLength: registry.config.maxLabelLength });
  return new Tree(root.key, raw, registry.config.slowNs);
}

function collect(options: DumpOptions, errors: string[]): Array<[unknown, Tree]> {
  const entries: Array<[unknown, Tree]> = [];
  const verbose = options.verbose === true;
  for (const registry of registriesWithTasks()) {
    for (const [key, root] of [...rootsOf(registry)]) {
      // The key itself, or as its header prints it (escaped).
      if (options.key !== undefined && keyToString(key) !== options.key && keyText(key) !== options.key) continue;
      try {
        const tree = treeOf(registry, root, verbose);
        if (tree !== undefined) entries.push([key, tree]);
      } catch (e) {
        errors.push(`[${keyText(key)}]: the tree could not be taken (${describe(e)})`);
      }
    }
  }
  return entries;
}

function droppedOf(): { autoRoots: number; orphanedSpans: number } | undefined {
  const d = globalRegistryRef.current?.dropped;
  return d !== undefined && (d.autoRoots > 0 || d.orphanedSpans > 0) ? d : undefined;
}

function describe(e: unknown): string {
  try {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  } catch {
    return "an exception that cannot be printed";
  }
}

/** Options as given by a caller we do not trust (the CLI through the inspector, an env var). */
function readOptions(options: unknown): DumpOptions {
  if (options === undefined || options === null || typeof options !== "object") return {};
  const o = options as Record<string, unknown>;
  const out: DumpOptions = {};
  if (o.json === true) out.json = true;
  if (o.verbose === true) out.verbose = true;
  if (o.locations === true) out.locations = true;
  if (typeof o.key === "string") out.key = o.key;
  if (typeof o.maxLength === "number" && o.maxLength >= 1) out.maxLength = Math.floor(o.maxLength);
  if (typeof o.maxDepth === "number" && (o.maxDepth >= 2 || o.maxDepth === Number.POSITIVE_INFINITY)) {
    out.maxDepth = o.maxDepth;
  }
  return out;
}

/**
 * Every task's tree: `[<key>]\n<tree>\n` per task as `Registry#toString` prints them (one output
 * limit for all), or with `json: true` a `DumpJSON` string. Never throws: a failure is text in
 * the result.
 */
export function dump(options?: DumpOptions): string {
  try {
    const o = readOptions(options);
    const errors: string[] = [];
    const entries = collect(o, errors);
    const dropped = droppedOf();
    if (o.json === true) {
      const json: DumpJSON = {
        tasks: entries.map(([, t]) => t.toJSON(o.maxDepth === undefined ? {} : { maxDepth: o.maxDepth })),
      };
      if (dropped !== undefined) json.dropped = dropped;
      if (errors.length > 0) json.errors = errors;
      return JSON.stringify(json);
    }
    let out = formatTrees(entries, {
      locations: o.locations === true,
      ...(o.maxLength === undefined ? {} : { maxLength: o.maxLength }),
      ...(o.maxDepth === undefined ? {} : { maxDepth: o.maxDepth }),
    });
    if (dropped !== undefined && o.key === undefined) {
      if (dropped.autoRoots > 0) out += `[Dropped ${dropped.autoRoots} automatic roots: limit reached]\n`;
      if (dropped.orphanedSpans > 0) out += `[Dropped ${dropped.orphanedSpans} spans of ended tasks: limit reached]\n`;
    }
    for (const e of errors) out += `${e}\n`;
    return out;
  } catch (e) {
    const message = `await-tree: the dump failed (${describe(e)})`;
    return options !== null && typeof options === "object" && (options as DumpOptions).json === true
      ? JSON.stringify({ tasks: [], errors: [message] })
      : `${message}\n`;
  }
}

/** How many tasks are running (every registry): what the exit report checks before printing. */
export function pendingTaskCount(): number {
  let n = 0;
  for (const registry of registriesWithTasks()) for (const _ of rootsOf(registry)) n++;
  return n;
}
