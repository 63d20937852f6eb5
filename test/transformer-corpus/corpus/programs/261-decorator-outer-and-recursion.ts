// corpus-decorators: standard
// corpus-skip: esm-esnext (TypeScript emits standard decorators as is for ESNext and Node 20 cannot parse them; esm-es2022 runs this program as an ES module)
// A user decorator applied outside @traced, recursion through the wrapper, and a getter in a
// destructured parameter that calls a traced function before the body runs.
import { spanStats, traced } from "@await-tree/runtime";

const log: string[] = [];
function logged<A extends unknown[], R>(value: (this: Tree, ...a: A) => Promise<R>, c: ClassMethodDecoratorContext) {
  return async function (this: Tree, ...args: A): Promise<R> {
    log.push(`enter ${String(c.name)}`);
    const r = await value.apply(this, args);
    log.push(`leave ${String(c.name)}`);
    return r;
  };
}

const ping = traced(async function ping(tag: string): Promise<string> {
  await null;
  log.push(`ping ${tag}`);
  return tag;
});

class Tree {
  @logged
  @traced
  async depth(n: number): Promise<number> {
    if (n === 0) return 0;
    return 1 + (await this.depth(n - 1));
  }
  @traced
  async sum(n: number): Promise<number> {
    if (n === 0) return 0;
    await null;
    return n + (await this.sum(n - 1));
  }
  @traced
  async read({ key }: { key: string }, [first]: number[] = []): Promise<string> {
    await null;
    return `${key}:${first}`;
  }
}

async function main(): Promise<void> {
  const t = new Tree();
  const base = spanStats().live;
  console.log(await t.depth(3), await t.sum(50));
  const arg = {
    get key() {
      void ping("getter");
      return "k";
    },
  };
  console.log(await t.read(arg, [7]));
  console.log(log.join(", "));
  for (let i = 0; i < 500; i++) await Promise.all([t.depth(3), t.read(arg)]);
  await new Promise((r) => setImmediate(r));
  console.log("spans left:", spanStats().live - base);
}
main();
