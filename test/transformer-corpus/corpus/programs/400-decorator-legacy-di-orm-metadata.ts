// corpus-decorators: legacy
// corpus-expect: resolved Orders(Db,Clock) ok
// corpus-expect: listeners before:stamp,before:check,after:audit
// corpus-expect: rolled back: bad total -1
// What a TypeORM + tsyringe/inversify application does with `experimentalDecorators` and
// `emitDecoratorMetadata` (the TypeORM audit, 2026-12-05): the corpus compiles without
// `emitDecoratorMetadata`, so the `design:*` metadata tsc would write is written here by hand, as
// `Reflect.metadata(...)` decorators in tsc's order (innermost, applied first). `@traced` above and
// below them, above and below an ORM's listener decorator (which records the property name and
// later calls `entity[name]()`), and beside parameter decorators (`@inject(token)`) in a
// constructor and in a method. Every member's metadata, the DI container's resolution from
// `design:paramtypes`, the listeners' order, `fn.length`, and a rollback on a throw in a listener
// are printed: the same with and without the transformer.
import "reflect-metadata";
import { traced } from "@await-tree/runtime";

type Ctor = new (...args: any[]) => any;
const meta = (k: string, v: unknown) => Reflect.metadata(k, v);

// A DI container in the shape of tsyringe's: constructor parameters from design:paramtypes,
// overridden by @inject(token).
const INJECT = "di:inject";
const registry = new Map<unknown, unknown>();
function inject(token: unknown): ParameterDecorator {
  return (target, key, index) => {
    const k = key ?? "ctor";
    const m: Record<number, unknown> = Reflect.getOwnMetadata(INJECT, target, k as string) ?? {};
    m[index] = token;
    Reflect.defineMetadata(INJECT, m, target, k as string);
  };
}
function injectable(): ClassDecorator {
  return (c) => {
    registry.set(c, undefined);
  };
}
function resolve<T>(c: new (...a: any[]) => T): T {
  const types: Ctor[] = Reflect.getMetadata("design:paramtypes", c) ?? [];
  const tokens: Record<number, unknown> = Reflect.getOwnMetadata(INJECT, c, "ctor") ?? {};
  const args = types.map((t, i) => (i in tokens ? registry.get(tokens[i]) : resolve(t)));
  return new c(...args);
}

// An ORM's listener decorators in TypeORM's shape: (target, propertyName) recorded, called by name.
const listeners: { target: Function; type: string; name: string }[] = [];
const Before = (): MethodDecorator => (t, k) => {
  listeners.push({ target: t.constructor, type: "before", name: String(k) });
};
const After = (): MethodDecorator => (t, k) => {
  listeners.push({ target: t.constructor, type: "after", name: String(k) });
};
const calls: string[] = [];

class Db {
  rows: unknown[] = [];
  async insert(row: { total: number }): Promise<number> {
    await null;
    const snapshot = [...this.rows];
    try {
      for (const l of listeners.filter((x) => x.type === "before" && row instanceof x.target)) {
        await (row as any)[l.name]();
      }
      this.rows.push(row);
      for (const l of listeners.filter((x) => x.type === "after" && row instanceof x.target)) {
        await (row as any)[l.name]();
      }
      return this.rows.length;
    } catch (e) {
      this.rows = snapshot;
      throw e;
    }
  }
}
class Clock {
  now() {
    return 7;
  }
}

class Order {
  @meta("design:type", Number)
  total = 0;
  stamp_?: number;

  @traced()
  @Before()
  @meta("design:type", Function)
  @meta("design:paramtypes", [])
  @meta("design:returntype", Promise)
  async stamp(): Promise<void> {
    await null;
    this.stamp_ = 1;
    calls.push("before:stamp");
  }

  @Before()
  @traced("check ${this.total}")
  @meta("design:type", Function)
  @meta("design:paramtypes", [])
  @meta("design:returntype", Promise)
  async check(): Promise<void> {
    await Promise.resolve();
    calls.push("before:check");
    if (this.total < 0) throw new Error(`bad total ${this.total}`);
  }

  @After()
  @meta("design:type", Function)
  @meta("design:paramtypes", [])
  @meta("design:returntype", Promise)
  @traced
  async audit(): Promise<void> {
    await null;
    calls.push("after:audit");
  }
}

const TOKEN = Symbol("clock");
registry.set(TOKEN, new Clock());

@injectable()
@meta("design:paramtypes", [Db, Clock])
class Orders {
  constructor(
    readonly db: Db,
    @inject(TOKEN) readonly clock: Clock,
  ) {}

  @traced()
  @meta("design:type", Function)
  @meta("design:paramtypes", [Number, String])
  @meta("design:returntype", Promise)
  async place(total: number, @inject("note") note: string): Promise<string> {
    const o = Object.assign(new Order(), { total });
    const n = await this.db.insert(o);
    return `${note} #${n} at ${this.clock.now()} stamp=${o.stamp_}`;
  }

  @meta("design:type", Function)
  @meta("design:paramtypes", [Object])
  @meta("design:returntype", Promise)
  @traced()
  async many(totals: number[]): Promise<number> {
    let n = 0;
    for (const t of totals) n += (await this.place(t, "m")).length;
    return n;
  }
}

const name = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(name).join(",")}]`
    : typeof v === "function"
      ? v.name
      : v !== null && typeof v === "object"
        ? `{${Object.entries(v).map(([k, x]) => `${k}:${String(x)}`)}}`
        : String(v);
function show(c: Function, keys: string[]): void {
  console.log(`${c.name} ctor paramtypes=${name(Reflect.getMetadata("design:paramtypes", c))}`);
  for (const k of keys) {
    const d = Object.getOwnPropertyDescriptor(c.prototype, k);
    const parts = ["design:type", "design:paramtypes", "design:returntype", INJECT].map(
      (m) => `${m}=${name(Reflect.getMetadata(m, c.prototype, k))}`,
    );
    console.log(`  ${k} ${parts.join(" ")} length=${d?.value?.length}`);
  }
}

async function main(): Promise<void> {
  show(Order, ["total", "stamp", "check", "audit"]);
  show(Orders, ["place", "many"]);
  const orders = resolve(Orders);
  console.log(
    `resolved Orders(${name(orders.db.constructor)},${name(orders.clock.constructor)}) ${orders.clock === registry.get(TOKEN) ? "ok" : "wrong"}`,
  );
  console.log(await orders.place(5, "first"));
  console.log(`listeners ${calls.splice(0).join(",")}`);
  try {
    await orders.place(-1, "bad");
  } catch (e) {
    console.log(`rolled back: ${(e as Error).message} rows=${orders.db.rows.length} calls=${calls.splice(0).join(",")}`);
  }
  console.log(`many ${await orders.many([1, 2])} rows=${orders.db.rows.length}`);
  console.log(`listeners recorded ${listeners.map((l) => `${l.type}:${l.name}`).join(",")}`);
}
main();
