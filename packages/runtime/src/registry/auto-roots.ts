/**
 * Automatic roots (traced calls made outside any task, in the global registry) cost no registry
 * entry until something lists them. Each is an `AutoRoot`: the root entry of its arena slot
 * (`Storage.meta`, which core/spans.ts asks to `finish` when the call ends) and a link in its
 * registry's `AutoRootList`, the live automatic roots in creation order. It takes its anonymous
 * number and its place among the registry's tasks when it is created; its key and `TreeRoot` are
 * made when something lists the registry (a dump, `collectAll`, `toString`, `currentTree()`...),
 * which puts every unlisted one into the registry's map at its place (`Registry#listAutoRoots`).
 * So keys, numbering and the order of a listing are those of a map every root entered at once,
 * and a request served by a traced handler costs one small object, not a key, a `TreeRoot`, its
 * entry and a map insertion and deletion (docs/performance.md, "P5").
 */
import { evictIfSafe } from "../core/spans";
import * as Storage from "../core/storage";
import type { Registry, TreeRoot } from "./registry";

/** One live automatic root: its slot's root entry and its link in the registry's list. */
export class AutoRoot {
  /** Neighbours in the registry's list of live automatic roots (creation order). */
  prev: AutoRoot | undefined = undefined;
  next: AutoRoot | undefined = undefined;
  /** Its `TreeRoot`, once a listing made one (it is then in the map, unless its key was registered again). */
  listed: TreeRoot | undefined = undefined;

  /**
   * `id`: its arena slot; `n`: the number of its key (`Anonymous #<n>`); `pos`: its place among
   * the registry's tasks (`TreeRoot#pos`).
   */
  constructor(
    readonly registry: Registry,
    readonly id: number,
    readonly n: number,
    readonly pos: number,
  ) {}

  /** Its `TreeRoot`, for readers of `Storage.meta` (a dump, `currentTree()`): lists the registry's automatic roots first. */
  get root(): TreeRoot {
    if (this.listed === undefined) this.registry.listAutoRoots();
    return this.listed as TreeRoot;
  }

  /** The traced call ended (core/spans.ts `endOne`): the task ends with it. */
  finish(): void {
    this.registry.endAutoRoot(this);
    if (Storage.poolState.over) evictIfSafe();
  }
}

/**
 * A registry's live automatic roots in creation order, doubly linked through the roots
 * themselves (no array to compact, O(1) removal); the unlisted ones are its tail, from
 * `firstUnlisted` (a listing lists them all, and roots created since come after them).
 */
export class AutoRootList {
  first: AutoRoot | undefined = undefined;
  last: AutoRoot | undefined = undefined;
  firstUnlisted: AutoRoot | undefined = undefined;
  /** Live automatic roots (listed or not): what `maxAutoRoots` bounds. */
  live = 0;
  /** Of which not listed yet (not in the registry's map). */
  unlisted = 0;

  push(e: AutoRoot): void {
    const last = this.last;
    e.prev = last;
    if (last === undefined) this.first = e;
    else last.next = e;
    this.last = e;
    if (this.firstUnlisted === undefined) this.firstUnlisted = e;
    this.live++;
    this.unlisted++;
  }

  remove(e: AutoRoot): void {
    const p = e.prev;
    const n = e.next;
    if (p === undefined) this.first = n;
    else p.next = n;
    if (n === undefined) this.last = p;
    else n.prev = p;
    e.prev = undefined;
    e.next = undefined;
    if (this.firstUnlisted === e) this.firstUnlisted = n;
    if (e.listed === undefined) this.unlisted--;
    this.live--;
  }

  /** The unlisted roots, in creation order, now counted as listed (the caller lists them). */
  takeUnlisted(): AutoRoot | undefined {
    const e = this.firstUnlisted;
    this.firstUnlisted = undefined;
    this.unlisted = 0;
    return e;
  }
}
