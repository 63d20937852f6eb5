/**
 * Registries of tasks. A task is a root span registered under a key; its tree is everything
 * that runs on its behalf. A finished task disappears by itself; registering an existing key
 * replaces the entry, and ends the earlier task (its work goes on; what it still awaits is kept
 * as detached spans, as for any task that ended before its work).
 */
import * as A from "../core/arena";
import { stampRoot } from "../core/clock";
import { currentSpan, runIn } from "../core/context";
import { reachesProxy } from "../core/label-value";
import { beginCall, endCall, isNativePromise, observeSettled } from "../core/settlement";
import { type Span, type SpanLike, toSpan } from "../core/span-label";
import { autoRoots, evictIfSafe } from "../core/spans";
import * as Storage from "../core/storage";
import { NodeFlags } from "../core/storage";
import { snapshot } from "../format/snapshot";
import { formatTrees, keyToString, Tree, type TreeFormatOptions } from "../format/tree";
import { AutoRoot, AutoRootList } from "./auto-roots";
import { type RegistryConfig, type ResolvedConfig, resolveConfig } from "./config";

/** The key of a task registered without one; shown as `Anonymous #<n>`. */
export class AnonymousKey {
  constructor(readonly n: number) {}
  toString(): string {
    return `Anonymous #${this.n}`;
  }
}

/** A filter for `collect`: a `typeof` name ("string", "number", ...) or a class of keys. */
export type KeyFilter =
  | "string"
  | "number"
  | "bigint"
  | "symbol"
  | "boolean"
  | "object"
  | "function"
  | "undefined"
  | (abstract new (
      ...args: never[]
    ) => unknown);

/** What `Storage.meta` holds for a root: a `RootEntry`, or an `AutoRoot` (auto-roots.ts). */
interface RootMeta {
  readonly registry: Registry;
  readonly root: TreeRoot;
  finish(): void;
}

/** A registered root's arena bookkeeping: one object per root, its `finish` shared (no closure per root). */
class RootEntry implements RootMeta {
  constructor(readonly root: TreeRoot) {}
  get registry(): Registry {
    return this.root.registry;
  }
  finish(): void {
    this.root.finish();
  }
}

/** The span of every automatic root (spans are immutable: one for all). */
const AUTO_SPAN = toSpan("<auto>");

/** A registered task. Run its work with `run(fn)`; it ends when that work settles. */
export class TreeRoot {
  readonly registry: Registry;
  readonly key: unknown;
  /** @internal arena slot of the root span (0 when it could not be recorded) */
  readonly id: number;
  private readonly handle: number;
  private readonly span: Span;
  private finished = false;
  /** @internal an automatic root's entry while it is live (counted against the registry's `maxAutoRoots`) */
  auto: AutoRoot | undefined = undefined;
  /**
   * @internal Its place among its registry's tasks: the registry's map is in ascending `pos`, and
   * automatic roots not listed yet go in at theirs (see auto-roots.ts).
   */
  pos = 0;

  /** @internal use Registry#register */
  constructor(registry: Registry, key: unknown, span: Span, id: number) {
    this.registry = registry;
    this.key = key;
    this.span = span;
    this.id = id;
    this.handle = id === 0 ? 0 : A.handleOf(id);
  }

  /** Whether the task is still running. */
  get isLive(): boolean {
    return !this.finished;
  }

  /** @internal the live slot, or 0 */
  slot(): number {
    return this.finished || this.id === 0 ? 0 : A.fromHandle(this.handle);
  }

  /**
   * Run `fn` as this task: spans it creates (synchronously, and through the async context in code
   * that is not transformed) belong to this tree. Returns what `fn` returns; when that is a promise,
   * the task ends as it settles, otherwise at once.
   */
  run<R>(fn: () => R): R {
    if (typeof fn !== "function") throw new TypeError(`TreeRoot#run expects a function, got ${typeof fn}`);
    const id = this.slot();
    if (id === 0) return fn();
    // The promise `fn` returns may settle before `fn` returns: the call is watched for it.
    let result: R;
    beginCall();
    try {
      result = runIn(id, fn);
    } catch (e) {
      this.finish();
      throw e;
    } finally {
      endCall();
    }
    this.observe(result, false); // settled during the call if at all: the window saw it
    return result;
  }

  /**
   * End the task when `promise` settles, and return the promise itself. A value that is not a
   * native promise ends the task at once (a foreign thenable is never sent an extra `.then`).
   * Observing adds no reaction: a rejection nobody handles is still unhandled. Unlike Rust's
   * `root.instrument(foo())`, `foo()` has run before this call, outside the task: its spans are not
   * in this tree. Start the work inside the task with `run(() => foo())`.
   */
  instrument<T>(promise: T): T {
    return this.observe(promise, true);
  }

  /** `instrument`; `madeBefore`: the promise was not made within a call window (see `observeSettled`). */
  private observe<T>(promise: T, madeBefore: boolean): T {
    if (isNativePromise(promise)) observeSettled(promise, () => this.finish(), madeBefore);
    else this.finish();
    return promise;
  }

  /**
   * End the task now (idempotent). Returns a snapshot of what was still pending in it (work the
   * task started and did not await), or undefined when nothing was.
   */
  finish(): Tree | undefined {
    if (this.finished) return undefined;
    this.finished = true;
    const id = this.id === 0 ? 0 : A.fromHandle(this.handle);
    if (id === 0) return undefined;
    let leftovers: Tree | undefined;
    try {
      if (Storage.firstChild[id] !== 0 || A.detachedHead(id) !== 0) leftovers = this.registry.snapshot(id, this.key);
    } catch {
      leftovers = undefined;
    }
    this.registry.forget(this);
    A.endRoot(id);
    if (Storage.poolState.over) evictIfSafe();
    return leftovers;
  }

  /**
   * @internal End the task's root without a snapshot of its leftovers: by the registry's limit of
   * automatic roots, or by `Registry#clear()` (its work goes on, orphaned; an automatic root's
   * function may still resume: its references go stale, see arena.ts `endRoot`).
   */
  end(): void {
    if (this.finished) return;
    this.finished = true;
    this.registry.forget(this);
    const id = this.id === 0 ? 0 : A.fromHandle(this.handle);
    if (id !== 0) A.endRoot(id);
  }

  /** A snapshot of this task's tree, or undefined once it has finished. */
  tree(): Tree | undefined {
    const id = this.slot();
    if (id === 0) return this.finished ? undefined : this.registry.lostTree(this.key, this.span);
    return this.registry.snapshot(id, this.key);
  }
}

export class Registry {
  /** @internal (replaced once, when `initGlobalRegistry` adopts an implicitly created registry) */
  config: ResolvedConfig;
  /**
   * The listed tasks by key, in registration order (ascending `TreeRoot#pos`). Automatic roots
   * enter it only when something lists the registry (`roots`, `listAutoRoots`).
   */
  private map = new Map<unknown, TreeRoot>();
  /** Next `TreeRoot#pos`: one per key that enters the map and per automatic root. */
  private nextPos = 0;
  /** The largest `pos` in the map (its last entry's, or that of an entry since deleted). */
  private lastPos = -1;
  private nextAnonymous = 0;
  /**
   * @internal A registry the code running in its tasks must not see as "current" (the mocha
   * integration's: a test's traced calls join the test's tree, but its `register()` calls go where
   * they would go without the integration).
   */
  hidden = false;
  /** Live automatic roots in creation order, the unlisted ones at the end. */
  private readonly autos = new AutoRootList();
  private droppedAutoRoots = 0;
  /** Orphaned spans dropped in the process before this registry was created (see `dropped`). */
  private readonly orphansBefore = Storage.poolState.droppedOrphans;

  /** `global` (internal): the global registry, which takes the process-wide options. */
  constructor(config?: RegistryConfig, global = false) {
    this.config = resolveConfig(config, global ? "initGlobalRegistry" : "new Registry", global);
  }

  /**
   * What the limits dropped: automatic roots of this registry (`maxAutoRoots`), and for the
   * global registry the spans of ended or cleared tasks dropped in the process since it was
   * created (`maxDetached`).
   */
  get dropped(): { autoRoots: number; orphanedSpans: number } {
    const orphanedSpans =
      globalRegistryRef.current === this ? Storage.poolState.droppedOrphans - this.orphansBefore : 0;
    return { autoRoots: this.droppedAutoRoots, orphanedSpans };
  }

  /** Register a task under `key` (any value; `1` and `"1"` differ; objects by identity). */
  register(key: unknown, rootSpan: SpanLike): TreeRoot {
    const span = toSpan(rootSpan, "register: rootSpan");
    return this.add(key, span);
  }

  /** @internal register a task that started at `startMs` (a reading of the clock), not now */
  registerStartedAt(key: unknown, rootSpan: SpanLike, startMs: number): TreeRoot {
    const span = toSpan(rootSpan, "register: rootSpan");
    return this.add(key, span, createRootSlot(span, 0, startMs));
  }

  /** Register a task with a fresh anonymous key. */
  registerAnonymous(rootSpan: SpanLike): TreeRoot {
    const span = toSpan(rootSpan, "registerAnonymous: rootSpan");
    return this.add(new AnonymousKey(this.nextAnonymous++), span);
  }

  /** Register a task whose root span is the key's display form. */
  registerDerivedRoot(key: unknown): TreeRoot {
    return this.add(key, toSpan(keyToString(key)));
  }

  /** Register `key` and run `fn` as that task (the new tree is not linked to the caller's). */
  spawn<R>(key: unknown, rootSpan: SpanLike, fn: () => R): R {
    const root = this.register(key, rootSpan);
    return this.detachedRun(root, fn);
  }

  spawnAnonymous<R>(rootSpan: SpanLike, fn: () => R): R {
    return this.detachedRun(this.registerAnonymous(rootSpan), fn);
  }

  spawnDerivedRoot<R>(key: unknown, fn: () => R): R {
    return this.detachedRun(this.registerDerivedRoot(key), fn);
  }

  private detachedRun<R>(root: TreeRoot, fn: () => R): R {
    if (typeof fn !== "function") {
      root.finish();
      throw new TypeError(`spawn expects a function, got ${typeof fn}`);
    }
    return root.run(fn);
  }

  /**
   * Every task by key, in registration order: the map, once the automatic roots not listed yet
   * are put in at their places. Read by everything that lists tasks, here and in api/dump.ts.
   */
  private get roots(): Map<unknown, TreeRoot> {
    if (this.autos.unlisted !== 0) this.listAutoRoots();
    return this.map;
  }

  /** The tree of the task registered under `key`, if it is still running. */
  get(key: unknown): Tree | undefined {
    // An unlisted automatic root has no key yet: nobody can hold it.
    return this.map.get(key)?.tree();
  }

  /** The running tasks whose key matches `filter` (all keyed tasks without one), with their trees. */
  collect(filter?: KeyFilter): Array<[unknown, Tree]> {
    const test = keyTest(filter);
    const out: Array<[unknown, Tree]> = [];
    // Automatic roots are anonymous: no need to list them.
    for (const [k, root] of this.map) {
      if (isAnonymousKey(k) || !test(k)) continue;
      const t = root.tree();
      if (t !== undefined) out.push([k, t]);
    }
    return out;
  }

  collectAnonymous(): Tree[] {
    const out: Tree[] = [];
    for (const [k, root] of this.roots) {
      if (!isAnonymousKey(k)) continue;
      const t = root.tree();
      if (t !== undefined) out.push(t);
    }
    return out;
  }

  /** Every running task, keyed and anonymous, in registration order. */
  collectAll(): Array<[unknown, Tree]> {
    return Array.from(this.trees());
  }

  /** `collectAll`, a tree at a time: `toString` writes each before the next is taken (bounded memory). */
  private *trees(): Generator<[unknown, Tree]> {
    for (const [k, root] of this.roots) {
      const t = root.tree();
      if (t !== undefined) yield [k, t];
    }
  }

  /**
   * `[<key>]\n<tree>\n` for every running task, as await-tree prints `collect_all`; then, when the
   * limits dropped anything, `[Dropped N automatic roots: limit reached]` and (global registry)
   * `[Dropped N spans of ended tasks: limit reached]`.
   */
  toString(options?: TreeFormatOptions): string {
    let out = formatTrees(this.trees(), options);
    const d = this.dropped;
    if (d.autoRoots > 0) out += `[Dropped ${d.autoRoots} automatic roots: limit reached]\n`;
    if (d.orphanedSpans > 0) out += `[Dropped ${d.orphanedSpans} spans of ended tasks: limit reached]\n`;
    return out;
  }

  /**
   * Forget every task: their work goes on, unlisted, its pending spans orphaned (shown in no
   * tree, bounded by the detached limit like those of ended tasks).
   */
  clear(): void {
    const all = [...this.roots.values()];
    this.map.clear();
    for (const root of all) {
      try {
        root.end();
      } catch {
        // Left in the arena; the program goes on.
      }
    }
    if (Storage.poolState.over) evictIfSafe();
  }

  /** Number of running tasks. */
  get size(): number {
    return this.map.size + this.autos.unlisted;
  }

  /** The registry of the task running now, else the global one; throws when there is neither. */
  static current(): Registry {
    const r = Registry.tryCurrent() ?? globalRegistryRef.createImplicitly?.();
    if (r === undefined) {
      const why = globalRegistryRef.noneBecause;
      throw new Error(
        `No await-tree registry: call initGlobalRegistry() or run inside a registered task${why === undefined ? "" : ` (${why})`}`,
      );
    }
    return r;
  }

  static tryCurrent(): Registry | undefined {
    const cur = currentSpan();
    if (cur !== 0) {
      const r = A.rootOf(cur);
      const m = r === 0 ? undefined : (Storage.meta[r] as RootMeta | undefined);
      if (m !== undefined && !m.registry.hidden) return m.registry;
    }
    return globalRegistryRef.current;
  }

  /** @internal */
  snapshot(id: number, key: unknown): Tree {
    const raw = snapshot(id, { verbose: this.config.verbose, maxLabelLength: this.config.maxLabelLength });
    return new Tree(key, raw, this.config.slowNs);
  }

  /** @internal a tree for a task whose root could not be recorded */
  lostTree(key: unknown, span: Span): Tree {
    const root = {
      id: 0,
      name: span.name,
      kind: "root" as const,
      isVerbose: false,
      isLongRunning: true,
      elapsedNs: 0,
      location: undefined,
      children: [],
      shared: undefined,
      foldable: false,
    };
    return new Tree(key, { root, detached: [], current: 0, lost: 1 }, this.config.slowNs);
  }

  /** @internal */
  forget(root: TreeRoot): void {
    if (this.map.get(root.key) === root) this.map.delete(root.key);
    const auto = root.auto;
    if (auto !== undefined) {
      root.auto = undefined;
      this.autos.remove(auto);
    }
  }

  private add(key: unknown, span: Span, id = createRootSlot(span, 0)): TreeRoot {
    const root = new TreeRoot(this, key, span, id);
    if (id !== 0) A.setRootEntry(id, new RootEntry(root));
    // A key registered again keeps its place (a Map's order), and so its `pos`.
    const replaced = this.map.get(key);
    if (replaced !== undefined) root.pos = replaced.pos;
    else this.lastPos = root.pos = this.nextPos++;
    this.map.set(key, root);
    // The task it replaces ends as a finished one does: its work goes on, and what of it is still
    // pending is kept as detached spans, within `maxDetached`, the rest counted as dropped. Left
    // running unlisted, it was shown nowhere and kept for ever (a connection key registered a
    // million times over work that never settled: a million live spans, and `clear()` freed none).
    if (replaced !== undefined) {
      try {
        replaced.end();
      } catch {
        // Left in the arena; the program goes on.
      }
      if (Storage.poolState.over) evictIfSafe();
    }
    return root;
  }

  /**
   * @internal An anonymous root for a traced call made outside any task: a slot and an
   * `AutoRoot` (auto-roots.ts); its key, `TreeRoot` and map entry wait until a listing.
   */
  addAutoRoot(label: unknown, vals: unknown, flags: number): number {
    const n = this.nextAnonymous++;
    const id = A.allocRoot(NodeFlags.AutoRoot | (flags & ~NodeFlags.KindMask), label, vals, stampRoot());
    if (id === 0) return 0;
    const auto = new AutoRoot(this, id, n, this.nextPos++);
    A.setRootEntry(id, auto);
    const autos = this.autos;
    autos.push(auto);
    if (autos.live > this.config.maxAutoRoots) this.dropOldestAutoRoots();
    return id;
  }

  /** @internal End an automatic root: its call ended, or its registry's limit drops it. */
  endAutoRoot(auto: AutoRoot): void {
    const root = auto.listed;
    if (root !== undefined) {
      root.end(); // out of the map and the list (`forget`), then the arena
      return;
    }
    this.autos.remove(auto);
    A.endRoot(auto.id);
  }

  /**
   * @internal Give every unlisted automatic root its key and `TreeRoot` and put it in the map at
   * its place: appended when no entry of the map came after it, else the map is rebuilt in `pos`
   * order (a new map: an iteration of the old one, in a listing that lists again, is not disturbed).
   */
  listAutoRoots(): void {
    let auto = this.autos.takeUnlisted();
    if (auto === undefined) return;
    let map = this.map;
    if (auto.pos < this.lastPos) {
      const merged = new Map<unknown, TreeRoot>();
      for (const [key, root] of map) {
        for (; auto !== undefined && auto.pos < root.pos; auto = auto.next) {
          const r = this.treeRootOf(auto);
          merged.set(r.key, r);
        }
        merged.set(key, root);
      }
      this.map = map = merged;
    }
    for (; auto !== undefined; auto = auto.next) {
      const r = this.treeRootOf(auto);
      map.set(r.key, r);
      this.lastPos = r.pos;
    }
  }

  private treeRootOf(auto: AutoRoot): TreeRoot {
    const root = new TreeRoot(this, new AnonymousKey(auto.n), AUTO_SPAN, auto.id);
    root.pos = auto.pos;
    root.auto = auto;
    auto.listed = root;
    return root;
  }

  /**
   * Beyond `maxAutoRoots`: drop the oldest automatic roots still running (a traced call outside
   * any task that never settled). Called where the new root is created, outside any span: none of
   * the dropped roots' code is running.
   */
  private dropOldestAutoRoots(): void {
    const autos = this.autos;
    const max = this.config.maxAutoRoots;
    while (autos.live > max) {
      this.endAutoRoot(autos.first as AutoRoot);
      this.droppedAutoRoots++;
    }
  }
}

function createRootSlot(span: Span, extra: number, startMs = stampRoot()): number {
  return A.allocRoot(extra | ((span.flags & 1) << 2), span, undefined, startMs);
}

function keyTest(filter: KeyFilter | undefined): (k: unknown) => boolean {
  if (filter === undefined) return () => true;
  if (typeof filter === "string") {
    const types = ["string", "number", "bigint", "symbol", "boolean", "object", "function", "undefined"];
    if (!types.includes(filter)) {
      throw new TypeError(`collect: filter must be one of ${types.join(", ")} or a class, got "${filter}"`);
    }
    return (k) => (filter === "object" ? typeof k === "object" && k !== null : typeof k === filter);
  }
  if (typeof filter === "function") {
    const proto = prototypeOf(filter);
    return (k) => inherits(k, proto);
  }
  throw new TypeError(`collect: filter must be a typeof name or a class, got ${typeof filter}`);
}

/** A class filter's `prototype`, read once (the filter is the caller's own); a TypeError if it has none. */
function prototypeOf(filter: KeyFilter & object): object {
  let proto: unknown;
  try {
    proto = (filter as { prototype?: unknown }).prototype;
  } catch {
    proto = undefined;
  }
  if ((typeof proto !== "object" && typeof proto !== "function") || proto === null) {
    throw new TypeError("collect: a class filter must be a function with a prototype object");
  }
  return proto;
}

/**
 * Whether `proto` is on the prototype chain of `key`: `instanceof` without running any code of
 * the key's. A Proxy's traps are never run (a dump must not run or fail on user code), so a Proxy
 * key, or a key whose chain reaches a Proxy, belongs to no class (only to the "object" filter).
 */
function inherits(key: unknown, proto: object): boolean {
  if ((typeof key !== "object" && typeof key !== "function") || key === null || reachesProxy(key)) return false;
  for (let o = Object.getPrototypeOf(key) as object | null; o !== null; o = Object.getPrototypeOf(o) as object | null) {
    if (o === proto) return true;
  }
  return false;
}

/** Keys made by `registerAnonymous` (or any `AnonymousKey`), recognised without running user code. */
function isAnonymousKey(key: unknown): key is AnonymousKey {
  return inherits(key, AnonymousKey.prototype);
}

/** The global registry, if initialised (kept here so `Registry.tryCurrent` can see it). */
export const globalRegistryRef = {
  current: undefined as Registry | undefined,
  /** Zero set-up: creates the global registry on first use when nobody did (registry/global.ts). */
  createImplicitly: undefined as (() => Registry | undefined) | undefined,
  /** Why there is none when `createImplicitly` declined (said in `Registry.current()`'s error). */
  noneBecause: undefined as string | undefined,
};

/** Install the hook that lets traced calls outside any task create anonymous roots. */
export function enableAutoRoots(registry: Registry | undefined): void {
  autoRoots.create =
    registry?.config.autoRoots === true ? (label, vals, flags) => registry.addAutoRoot(label, vals, flags) : undefined;
}
