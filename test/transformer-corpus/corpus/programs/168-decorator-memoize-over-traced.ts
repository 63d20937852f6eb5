// corpus-decorators: standard
// A memoizing decorator over @traced: the cached promise is returned as is (identity kept), the body
// runs once per key, and a rejection is cached like a value.
import { traced } from "@await-tree/runtime";

function memo<T extends (this: unknown, k: number) => Promise<unknown>>(fn: T, _ctx: ClassMethodDecoratorContext): T {
  const cache = new Map<number, Promise<unknown>>();
  return function (this: unknown, k: number) {
    let p = cache.get(k);
    if (p === undefined) {
      p = fn.call(this, k);
      cache.set(k, p);
    }
    return p;
  } as T;
}

class Lookup {
  runs = 0;
  @memo
  @traced
  async get(k: number): Promise<number> {
    this.runs++;
    await null;
    if (k < 0) throw new RangeError(`negative ${k}`);
    return k * k;
  }
}

async function main(): Promise<void> {
  const l = new Lookup();
  const a = l.get(3);
  console.log("same promise", a === l.get(3), await a, await l.get(3), "runs", l.runs);
  for (let i = 0; i < 2; i++) {
    try {
      await l.get(-1);
    } catch (e) {
      console.log("rejected", (e as Error).message, "runs", l.runs);
    }
  }
}
main();
