// corpus-decorators: legacy
// corpus-expect: r1 identity=true ctx=true reader=Ann tags=orm,ts
// corpus-expect: rollback: doomed 5 rolled back (savepoint sp1), posts=2
// corpus-expect: unique: UniqueViolation 23505 duplicate key users_email_unique (ann@x)
// corpus-expect: wrap: AsyncFunction AsyncFunction AsyncFunction
// What a MikroORM application does (the MikroORM 7 audit, 2026-12-05), without MikroORM: an
// EntityManager whose identity map lives in an AsyncLocalStorage context (`RequestContext.create(em,
// next)` forks it, `transactional(cb)` nests with savepoints and rolls back on a throw), a unit of
// work whose `flush()` calls lifecycle hooks by name (some async), lazy references and collections
// loaded with `await ref.load()` / `coll.init()`, a thenable query builder awaited directly,
// concurrent requests under `Promise.all`, and method decorators in MikroORM's shape
// (`@Transactional()`, `@CreateRequestContext()`: they throw unless the method they get has
// `constructor.name === "AsyncFunction"`, then wrap it in an `async function`) composed with
// `@traced` above and below. Values, errors, the SQL log's order and the contexts seen must be the
// same with and without the transformer.
import { AsyncLocalStorage } from "node:async_hooks";
import { traced } from "@await-tree/runtime";

const sql: string[] = [];
const hooks: string[] = [];
let emIds = 0;
let nextId = 1;
const rows = new Map<number, Record<string, unknown>>();

class UniqueViolation extends Error {
  code = "23505";
}

const contexts = new AsyncLocalStorage<Em>();

class Em {
  readonly id = ++emIds;
  readonly map = new Map<number, Ent>();
  readonly pending: Ent[] = [];
  depth = 0;
  fork(): Em {
    return new Em();
  }
  static current(fallback: Em): Em {
    return contexts.getStore() ?? fallback;
  }
  async query(text: string): Promise<void> {
    await null;
    sql.push(`em${this.id} ${text}`);
  }
  async findOne(id: number): Promise<Ent | undefined> {
    const known = this.map.get(id);
    if (known) return known;
    await this.query(`select ${id}`);
    const row = rows.get(id);
    if (!row) return undefined;
    const e = Object.assign(new Ent(), row);
    this.map.set(id, e);
    return e;
  }
  persist(e: Ent): this {
    this.pending.push(e);
    return this;
  }
  async flush(): Promise<void> {
    for (const e of this.pending.splice(0)) {
      for (const h of e.hooks) await (e as unknown as Record<string, () => unknown>)[h]?.();
      if ([...rows.values()].some((r) => r.email !== undefined && r.email === e.email)) {
        throw new UniqueViolation(`duplicate key users_email_unique (${String(e.email)})`);
      }
      e.id = nextId++;
      await this.query(`insert ${e.id} ${e.title ?? e.email}`);
      rows.set(e.id, { ...e });
      this.map.set(e.id, e);
    }
  }
  async transactional<T>(cb: (em: Em) => Promise<T>): Promise<T> {
    const outer = contexts.getStore();
    const em = outer && outer.depth > 0 ? outer : this.fork();
    const sp = em.depth > 0 ? `sp${em.depth}` : undefined;
    await em.query(sp ? `savepoint ${sp}` : "begin");
    em.depth++;
    const saved = new Map(rows);
    try {
      const r = await contexts.run(em, () => cb(em));
      await em.flush();
      await em.query(sp ? `release ${sp}` : "commit");
      return r;
    } catch (e) {
      rows.clear();
      for (const [k, v] of saved) rows.set(k, v);
      await em.query(sp ? `rollback to ${sp}` : "rollback");
      throw e;
    } finally {
      em.depth--;
    }
  }
  qb(where: string): PromiseLike<string[]> & { where: string } {
    return {
      where,
      then: (ok, ko) => this.query(`qb ${where}`).then(() => [...rows.values()].map((r) => String(r.title ?? r.email)), undefined).then(ok, ko),
    };
  }
}

class Ent {
  id = 0;
  email?: string;
  title?: string;
  author?: Ref;
  hooks: string[] = [];
}

class Ref {
  constructor(
    readonly em: Em,
    readonly id: number,
  ) {}
  async load(): Promise<Ent | undefined> {
    return Em.current(this.em).findOne(this.id);
  }
}

class Coll {
  items: string[] = [];
  constructor(readonly em: Em) {}
  async init(): Promise<this> {
    await this.em.query("select tags");
    this.items = ["ts", "orm"].sort();
    return this;
  }
}

type Deco = (target: object, key: string | symbol, desc: PropertyDescriptor) => PropertyDescriptor;
const wrapped: string[] = [];
function Transactional(): Deco {
  return (_t, _k, desc) => {
    const original = desc.value;
    if (original.constructor.name !== "AsyncFunction") throw new Error("@Transactional() should be used with async functions");
    wrapped.push(original.constructor.name);
    desc.value = async function (this: { em: Em }, ...args: unknown[]) {
      return Em.current(this.em).transactional(() => original.apply(this, args));
    };
    return desc;
  };
}
function CreateRequestContext(): Deco {
  return (_t, _k, desc) => {
    const original = desc.value;
    if (original.constructor.name !== "AsyncFunction") throw new Error("@CreateRequestContext() should be used with async functions");
    wrapped.push(original.constructor.name);
    desc.value = async function (this: { em: Em }, ...args: unknown[]) {
      return contexts.run(this.em.fork(), () => original.apply(this, args));
    };
    return desc;
  };
}

class Posts {
  constructor(readonly em: Em) {}

  @Transactional()
  @traced
  async publish(title: string, authorId: number): Promise<Ent> {
    const em = Em.current(this.em);
    const post = Object.assign(new Ent(), { title, author: new Ref(em, authorId), hooks: ["stamp", "audit"] });
    (post as unknown as { stamp(): void }).stamp = () => hooks.push(`stamp ${title}`);
    (post as unknown as { audit(): Promise<void> }).audit = async () => {
      await Promise.resolve();
      hooks.push(`audit ${title} depth=${em.depth}`);
    };
    em.persist(post);
    return post;
  }

  @traced
  @Transactional()
  async doomed(authorId: number): Promise<string> {
    const em = Em.current(this.em);
    try {
      await em.transactional(async (inner) => {
        inner.persist(Object.assign(new Ent(), { title: "doomed", author: new Ref(inner, authorId) }));
        await inner.flush();
        throw new Error(`doomed ${nextId - 1} rolled back (savepoint sp1)`);
      });
    } catch (e) {
      return (e as Error).message;
    }
    return "not rolled back";
  }

  @traced
  @CreateRequestContext()
  async count(): Promise<number> {
    return (await Em.current(this.em).qb("posts")).filter((t) => t !== "ann@x" && t !== "bob@x").length;
  }
}

async function request(root: Em, label: string, postId: number): Promise<string> {
  const em = root.fork();
  return contexts.run(em, async () => {
    const a = await Em.current(root).findOne(postId);
    const b = await Em.current(root).findOne(postId);
    const reader = await a?.author?.load();
    const tags = await new Coll(Em.current(root)).init();
    return `${label} identity=${a === b} ctx=${Em.current(root) === em} reader=${reader?.email === "ann@x" ? "Ann" : reader?.email} tags=${tags.items.join(",")}`;
  });
}

async function main(): Promise<void> {
  const root = new Em();
  const seed = root.fork();
  seed.persist(Object.assign(new Ent(), { email: "ann@x" }));
  seed.persist(Object.assign(new Ent(), { email: "bob@x" }));
  await seed.flush();
  const posts = new Posts(root);
  const p1 = await posts.publish("alpha", 1);
  const p2 = await posts.publish("beta", 2);
  console.log(`posts ${p1.id} ${p2.id}`);
  console.log(`rollback: ${await posts.doomed(2)}, posts=${await posts.count()}`);
  try {
    const dup = root.fork();
    await dup.persist(Object.assign(new Ent(), { email: "ann@x" })).flush();
  } catch (e) {
    const err = e as UniqueViolation;
    console.log(`unique: ${err.constructor.name} ${err.code} ${err.message}`);
  }
  const results = await Promise.all([request(root, "r1", p1.id), request(root, "r2", p2.id), request(root, "r3", 99)]);
  for (const r of results) console.log(r);
  console.log(`wrap: ${wrapped.join(" ")}`);
  console.log(`hooks: ${hooks.join(", ")}`);
  console.log(`sql:\n${sql.join("\n")}`);
}

main();
