// Exported async API surface (checked for byte-identical .d.ts output), exercised at run time.
import { traced } from "@await-tree/runtime";

export type Loader<T> = (key: string) => Promise<T>;

export async function load(key: string): Promise<string>;
export async function load(key: number): Promise<number>;
export async function load(key: string | number): Promise<string | number> {
  await null;
  return typeof key === "string" ? key.toUpperCase() : key * 2;
}

export async function first<T>(xs: AsyncIterable<T> | Iterable<T>, pred: (x: T) => boolean | Promise<boolean>): Promise<T | undefined> {
  for await (const x of xs) if (await pred(x)) return x;
  return undefined;
}

export async function* range(from: number, to: number, step = 1): AsyncGenerator<number, number, undefined> {
  let n = 0;
  for (let i = from; i < to; i += step, n++) yield i;
  return n;
}

export const cached = <T>(loader: Loader<T>): Loader<T> => {
  const cache = new Map<string, Promise<T>>();
  return async (key) => {
    let p = cache.get(key);
    if (p === undefined) cache.set(key, (p = loader(key)));
    return p;
  };
};

export abstract class Source<T> {
  #hits = 0;
  protected abstract fetch(key: string): Promise<T>;
  get hits(): number {
    return this.#hits;
  }
  @traced
  async get(key: string): Promise<T> {
    this.#hits++;
    return this.fetch(key);
  }
  static async all<U>(source: Source<U>, keys: readonly string[]): Promise<U[]> {
    return Promise.all(keys.map((k) => source.get(k)));
  }
}

export class LengthSource extends Source<number> {
  protected override async fetch(key: string): Promise<number> {
    await null;
    return key.length;
  }
}

export default async function main(): Promise<void> {
  console.log(await load("abc"), await load(21));
  console.log(await first(range(0, 10), async (x) => x * x > 10));
  const r = range(0, 3);
  const seen: number[] = [];
  for (let s = await r.next(); ; s = await r.next()) {
    seen.push(s.value);
    if (s.done) break;
  }
  console.log(JSON.stringify(seen));
  let calls = 0;
  const c = cached(async (k) => {
    calls++;
    await null;
    return k.repeat(2);
  });
  console.log(await c("x"), await c("x"), await c("y"), "calls", calls);
  const src = new LengthSource();
  console.log(JSON.stringify(await Source.all(src, ["a", "bb", "ccc"])), "hits", src.hits);
}

main();
