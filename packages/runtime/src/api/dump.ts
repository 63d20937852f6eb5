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
import { orphanedTops } from "../core/pool";
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
  /**
   * Longest output in characters: the text is cut with a line counting the spans left out (the
   * text format's `maxLength`); the JSON keeps the whole tasks that fit, and says how many were
   * left out (`omittedTasks`, and a line in `errors`).
   */
  maxLength?: number;
  /** How that line in `errors` names the limit (default `"maxLength"`; the CLI's is `"--max-output"`). */
  limitName?: string;
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
  /** Tasks left out to keep the JSON within `maxLength` (absent when none). */
  omittedTasks?: number;
  /** Orphaned subtrees past the 100 a dump lists, oldest first (absent when none). */
  orphansNotListed?: number;
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

/**
 * The key of an orphaned subtree in a dump: work still pending in a task that ended (its
 * function's caller returned, its registry was cleared), which no task's tree shows any longer.
 * Printed `[Orphaned <id>]` (the top span's id), after every task.
 */
export class OrphanedKey {
  constructor(readonly id: number) {}
  toString(): string {
    return `Orphaned ${this.id}`;
  }
}

/**
 * Orphaned subtrees, after the tasks: a traced call started without being awaited by a function
 * that then returned (`void this.pollForever()` in a traced `start()` called from untraced code)
 * goes on running, and may be what keeps a process busy or alive; shown nowhere, a dump of that
 * process read empty. Shown with the global registry's options (the defaults without one).
 */
function* orphans(options: DumpOptions, counts: Counts): Generator<[unknown, Tree]> {
  const config = globalRegistryRef.current?.config;
  const opts = {
    verbose: options.verbose === true || config?.verbose === true,
    maxLabelLength: config?.maxLabelLength ?? 1000,
  };
  const slowNs = config?.slowNs ?? 10_000_000_000;
  const tops = orphanedTops();
  let listed = 0;
  for (let i = 0; i < tops.length; i++) {
    const id = tops[i] as number;
    const key = new OrphanedKey(id);
    if (options.key !== undefined && keyToString(key) !== options.key) continue;
    if (options.key === undefined && listed === MAX_ORPHANS_LISTED) {
      counts.orphansNotListed = tops.length - i;
      return;
    }
    // Taken one at a time, as the tasks are; a top the previous one's labels ended is skipped.
    if (!A.isLive(id)) continue;
    listed++;
    yield [key, new Tree(key, snapshot(id, opts, true), slowNs)];
  }
}

/**
 * Most orphaned subtrees a dump lists (the oldest first). A server that leaks a never-settling
 * call per request keeps up to `maxDetached` (10,000) of them, and the signal, exit and watchdog
 * reports, which have no output limit, printed each one at every report; the count of the rest
 * says how much more there is, and a key (`Orphaned <id>`) still selects any one.
 */
const MAX_ORPHANS_LISTED = 100;

/** What a dump says after its trees: orphaned subtrees past `MAX_ORPHANS_LISTED`. */
interface Counts {
  orphansNotListed: number;
}

/**
 * The tasks' trees one at a time, as the dump writes them: each snapshot is garbage once written,
 * so a dump of many tasks holds its output and one tree, not every tree at once (100,000 tasks'
 * snapshots held about 124 MB: docs/cli.md, "Memory of a dump").
 */
function* collect(options: DumpOptions, errors: string[], counts: Counts): Generator<[unknown, Tree]> {
  const verbose = options.verbose === true;
  for (const registry of registriesWithTasks()) {
    for (const [key, root] of [...rootsOf(registry)]) {
      // The key itself, or as its header prints it (escaped).
      if (options.key !== undefined && keyToString(key) !== options.key && keyText(key) !== options.key) continue;
      let tree: Tree | undefined;
      try {
        tree = treeOf(registry, root, verbose);
      } catch (e) {
        errors.push(`[${keyText(key)}]: the tree could not be taken (${describe(e)})`);
      }
      if (tree !== undefined) yield [key, tree];
    }
  }
  try {
    yield* orphans(options, counts);
  } catch (e) {
    errors.push(`the work of ended tasks could not be listed (${describe(e)})`);
  }
}

/**
 * The JSON dump, a task at a time: each task's JSON is a string before the next tree is taken. With
 * `maxLength`, whole tasks that fit (as the CLI's `--max-output` keeps them), and `omittedTasks`
 * with a line in `errors` saying how many were left out; the result stays valid JSON.
 */
function jsonDump(o: DumpOptions, errors: string[], counts: Counts): string {
  const treeOptions = o.maxDepth === undefined ? {} : { maxDepth: o.maxDepth };
  const limit = o.maxLength ?? Number.POSITIVE_INFINITY;
  const tasks: string[] = [];
  let kept = 0; // characters of the kept tasks, with their commas
  let all = 0; // characters of every task, with their commas
  let total = 0;
  for (const [, t] of collect(o, errors, counts)) {
    const text = JSON.stringify(t.toJSON(treeOptions));
    const size = text.length + (total === 0 ? 0 : 1);
    total++;
    all += size;
    // Whole tasks, in order, while they fit (the rest is measured, not kept).
    if (tasks.length === total - 1 && kept + size <= limit) {
      tasks.push(text);
      kept += size;
    }
  }
  const dropped = droppedOf();
  const tail =
    (dropped === undefined ? "" : `,"dropped":${JSON.stringify(dropped)}`) +
    (counts.orphansNotListed === 0 ? "" : `,"orphansNotListed":${counts.orphansNotListed}`);
  const listed = JSON.stringify(errors); // `[...]`
  const whole = `{"tasks":[]${tail}${errors.length > 0 ? `,"errors":${listed}` : ""}}`.length + all;
  if (tasks.length === total && whole <= limit)
    return `{"tasks":[${tasks.join(",")}]${tail}${errors.length > 0 ? `,"errors":${listed}` : ""}}`;
  // Cut: whole tasks while the result, with its note and `omittedTasks`, stays within the limit.
  const limitName = o.limitName ?? "maxLength";
  const noteOf = (omitted: number) =>
    `${omitted} of ${total} tasks left out: the dump (${whole} characters) exceeds ${limitName} ${limit}`;
  const lengthOf = (omitted: number, note: string) =>
    `{"tasks":[]${tail},"errors":,"omittedTasks":${omitted}}`.length +
    kept +
    listed.length +
    JSON.stringify(note).length +
    (errors.length > 0 ? 1 : 0);
  while (tasks.length > 0 && lengthOf(total - tasks.length, noteOf(total - tasks.length)) > limit) {
    kept -= (tasks.pop() as string).length + (tasks.length === 0 ? 0 : 1);
  }
  const omitted = total - tasks.length;
  errors.push(noteOf(omitted));
  return `{"tasks":[${tasks.join(",")}]${tail},"errors":${JSON.stringify(errors)},"omittedTasks":${omitted}}`;
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
  if (typeof o.limitName === "string") out.limitName = o.limitName.slice(0, 40);
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
    const counts: Counts = { orphansNotListed: 0 };
    if (o.json === true) return jsonDump(o, errors, counts);
    let out = formatTrees(collect(o, errors, counts), {
      locations: o.locations === true,
      ...(o.maxLength === undefined ? {} : { maxLength: o.maxLength }),
      ...(o.maxDepth === undefined ? {} : { maxDepth: o.maxDepth }),
    });
    if (counts.orphansNotListed > 0) {
      out += `[${counts.orphansNotListed} more orphaned subtrees not listed: a dump lists the oldest ${MAX_ORPHANS_LISTED}]\n`;
    }
    const dropped = droppedOf();
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

/** How many orphaned subtrees are pending (the work of ended tasks a dump lists after them). */
export function pendingOrphanCount(): number {
  return orphanedTops().length;
}
