// corpus-expect: batch users [b0,f2,a3,d1,e3,c2]
// corpus-expect: batch users [101,x9,k,2,3,1]
// corpus-expect: batch posts [20,21,30,31,10,11]
// corpus-expect: batch users [103]
// corpus-expect: batch later [0,1,3]
// DataLoader's batching (the audit of 2026-12-05: dataloader 2.2.3 and graphql 16 resolvers, as
// written and with the transformer, gave the same batches on every route): every `load()` made while
// one microtask queue drains joins one batch, dispatched by `process.nextTick` queued from a resolved
// promise's reaction (`enqueuePostPromiseJob`). So the number of batches says which loads ran before
// the queue emptied, and the order of keys in a batch which chain reached its `load()` first: an
// emitted await that took one microtask turn more or less would reorder keys, and a turn that
// crossed the nextTick would split a batch. A loader of that shape, loads after awaits of every kind
// and depth, in @traced methods, nested and plain async functions, joins, an async generator,
// `try`/`finally`, and a loader scheduled by `setImmediate`; each batch's keys are printed in order.
// (Checked to bite: a `suspend` that made `await null` one turn longer gave `[b0,d1,e3,c2,f2,a3]`.)
import { traced } from "@await-tree/runtime";

const log: string[] = [];

type Batch = (keys: readonly (string | number)[]) => Promise<unknown[]>;

/** DataLoader's scheduling, cache and dispatch, without the package. */
class Loader {
  private queue: { key: string | number; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  private cache = new Map<string | number, Promise<unknown>>();
  constructor(
    readonly name: string,
    readonly batch: Batch,
    readonly schedule: (fn: () => void) => void = (fn) => {
      Promise.resolve().then(() => process.nextTick(fn));
    },
  ) {}
  load(key: string | number): Promise<unknown> {
    const cached = this.cache.get(key);
    if (cached) return cached;
    if (this.queue.length === 0) this.schedule(() => this.dispatch());
    const p = new Promise((resolve, reject) => this.queue.push({ key, resolve, reject }));
    this.cache.set(key, p);
    return p;
  }
  private dispatch(): void {
    const q = this.queue;
    this.queue = [];
    log.push(`batch ${this.name} [${q.map((e) => e.key).join(",")}]`);
    this.batch(q.map((e) => e.key)).then(
      (vs) => q.forEach((e, i) => (vs[i] instanceof Error ? e.reject(vs[i]) : e.resolve(vs[i]))),
      (err) => q.forEach((e) => e.reject(err)),
    );
  }
}

const echo =
  (name: string): Batch =>
  async (keys) =>
    keys.map((k) => (String(k).startsWith("x") ? new Error(`no ${name} ${k}`) : `${name}:${k}`));

const thenable = (v: unknown) => ({
  then(ok: (x: unknown) => void) {
    ok(v);
  },
});
async function returnsPromise(v: unknown): Promise<unknown> {
  return Promise.resolve(v);
}

async function pause(kind: number, depth: number): Promise<void> {
  for (let i = 0; i < depth; i++) {
    if (kind === 0) await null;
    else if (kind === 1) await Promise.resolve();
    else if (kind === 2) await thenable(i);
    else await returnsPromise(i);
  }
}

class Users {
  constructor(
    readonly users: Loader,
    readonly posts: Loader,
  ) {}
  @traced
  async user(id: number) {
    return this.users.load(id);
  }
  @traced
  async viaThenable(id: number) {
    await thenable(id);
    return await this.users.load(id);
  }
  @traced
  async postsOf(id: number) {
    await null;
    return Promise.all([this.posts.load(id * 10), this.posts.load(id * 10 + 1)]);
  }
  @traced
  async profile(id: number, depth = 0) {
    await pause(1, depth);
    const [u, p] = await Promise.all([this.user(id), this.postsOf(id)]);
    return `${u}(${(p as unknown[]).join(",")})`;
  }
  @traced
  async *pages(ids: number[]) {
    for (const id of ids) yield await this.user(id + 100);
  }
  @traced
  async guarded(key: string) {
    try {
      return await this.users.load(key);
    } catch (e) {
      return `caught ${(e as Error).message}`;
    } finally {
      log.push(`finally ${key}`);
    }
  }
}

async function main(): Promise<void> {
  // Loads after 0 to 3 turns of each kind of await: one batch, keys in the order the chains got there.
  const k = new Loader("users", echo("user"));
  const chain = async (kind: number, depth: number, tag: string) => {
    await pause(kind, depth);
    return k.load(`${tag}${depth}`);
  };
  log.push(
    `depths ${(await Promise.all([chain(0, 3, "a"), chain(1, 0, "b"), chain(2, 2, "c"), chain(3, 1, "d"), chain(1, 3, "e"), chain(0, 2, "f")])).join(" ")}`,
  );

  // @traced methods: joins, thenables, an async generator under for await, try/catch/finally.
  const s = new Users(new Loader("users", echo("user")), new Loader("posts", echo("post")));
  const pages: unknown[] = [];
  const all = await Promise.all([
    s.profile(1, 2),
    s.profile(2),
    s.viaThenable(3),
    (async () => {
      for await (const v of s.pages([1, 3])) pages.push(v);
    })(),
    s.profile(3, 1),
    s.guarded("x9"),
    s.guarded("k"),
  ]);
  log.push(`traced ${all.join(" ")} pages ${pages.join(",")}`);

  // A loader dispatched by setImmediate: loads after nextTicks and awaits still join one batch.
  const later = new Loader("later", echo("later"), (fn) => setImmediate(fn));
  const after = async (n: number) => {
    await new Promise<void>((r) => process.nextTick(r));
    await pause(1, n);
    return later.load(n);
  };
  log.push(`later ${(await Promise.all([after(3), after(0), after(1)])).join(" ")}`);
  console.log(log.join("\n"));
}

main();
