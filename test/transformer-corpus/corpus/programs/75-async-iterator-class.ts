// Classes implementing Symbol.asyncIterator with async generator methods and `this`; early exit calls return.
class Paginated {
  cleanups = 0;
  constructor(private readonly pages: number[][]) {}
  async *[Symbol.asyncIterator](): AsyncGenerator<number, void, undefined> {
    try {
      for (const page of this.pages) {
        await null;
        yield* page;
      }
    } finally {
      this.cleanups++;
    }
  }
  async *map<U>(f: (n: number) => Promise<U>): AsyncGenerator<U, void, undefined> {
    for await (const n of this) yield await f(n);
  }
}

async function main(): Promise<void> {
  const p = new Paginated([[1, 2], [3], [4, 5, 6]]);
  const all: number[] = [];
  for await (const n of p) all.push(n);
  console.log(all.join(","), "cleanups", p.cleanups);
  const firstThree: string[] = [];
  for await (const s of p.map(async (n) => `#${n}`)) {
    firstThree.push(s);
    if (firstThree.length === 3) break;
  }
  console.log(firstThree.join(","), "cleanups", p.cleanups);
  const it = p[Symbol.asyncIterator]();
  console.log(JSON.stringify(await it.next()), JSON.stringify(await it.return()), "cleanups", p.cleanups);
}

main();
