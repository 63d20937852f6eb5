// corpus-decorators: standard
// corpus-skip: esm-esnext (TypeScript emits standard decorators as is for ESNext and Node 20 cannot parse them; esm-es2022 runs this program as an ES module)
// A user decorator applied inside @traced whose wrapper calls another @traced method first (before,
// after, twice, never calling the original): values, order, and no frame left after many calls.
import { Registry, spanStats, traced } from "@await-tree/runtime";

const log: string[] = [];
type Method = (this: Svc, ...args: number[]) => Promise<number>;
function around(before: (s: Svc) => void, after?: (s: Svc) => void, skip = false) {
  return (value: Method, _c: ClassMethodDecoratorContext) =>
    function (this: Svc, ...args: number[]): Promise<number> {
      before(this);
      const r = skip ? Promise.resolve(-1) : value.apply(this, args);
      after?.(this);
      return r;
    };
}

class Svc {
  @traced
  async audit(what: string): Promise<string> {
    log.push(`audit ${what}`);
    await null;
    return what;
  }
  @traced
  @around((s) => void s.audit("before"))
  async load(id: number): Promise<number> {
    log.push(`load ${id}`);
    await null;
    return id * 2;
  }
  @traced
  @around(
    (s) => {
      void s.audit("a");
      void s.audit("b");
    },
    (s) => void s.audit("after"),
  )
  async save(id: number): Promise<number> {
    await null;
    log.push(`save ${id}`);
    return id + 1;
  }
  @traced
  @around((s) => void s.audit("skip"), undefined, true)
  async skipped(id: number): Promise<number> {
    log.push("never runs");
    return id;
  }
}

async function main(): Promise<void> {
  const s = new Svc();
  const registry = new Registry();
  const base = spanStats().live;
  console.log(await registry.register("t", "t").run(() => Promise.all([s.load(1), s.save(2), s.skipped(3)])));
  console.log(log.join(", "));
  for (let i = 0; i < 500; i++) {
    await s.load(i);
    await s.save(i);
    await s.skipped(i);
  }
  await new Promise((r) => setImmediate(r));
  console.log("spans left:", spanStats().live - base);
}
main();
