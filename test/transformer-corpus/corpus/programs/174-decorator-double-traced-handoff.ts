// corpus-expect: live spans 0
// corpus-decorators: standard
// Two @traced on one method with a user decorator between them that calls a third @traced method;
// thousands of calls, then no span may be left alive and values and call counts hold.
import { spanStats, traced } from "@await-tree/runtime";

function prefetch<T extends (this: Db, ...a: never[]) => Promise<unknown>>(fn: T, _c: ClassMethodDecoratorContext): T {
  return async function (this: Db, ...args: never[]) {
    await this.warm();
    return fn.apply(this, args);
  } as T;
}

class Db {
  warms = 0;
  @traced
  async warm(): Promise<void> {
    this.warms++;
    await null;
  }
  @traced({ name: "outer query" })
  @prefetch
  @traced
  async query(i: number): Promise<number> {
    await null;
    return i * 2;
  }
}

async function main(): Promise<string> {
  const db = new Db();
  let total = 0;
  for (let i = 0; i < 1000; i++) total += await db.query(i);
  const many = await Promise.all(Array.from({ length: 500 }, (_, i) => db.query(i)));
  return `total ${total} ${many.length} warms ${db.warms}`;
}
// Counted once main itself has ended (with traceAll, main is a frame too).
main().then((m) => setTimeout(() => console.log(m, "live spans", spanStats().live), 1));
