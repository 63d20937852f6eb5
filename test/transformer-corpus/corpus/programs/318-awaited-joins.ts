// Joins that an await waits on directly (`await Promise.all(xs)`, through parentheses, `as` and `!`),
// which the plugin marks so that the runtime tags their result only when inputs may carry tags: the
// program must see the same values, rejections, evaluation order and reads of observable inputs
// (a Proxy array, an accessor element) as without the plugin, both while no frame tag is live and
// while one is (a stored join whose traced call is still pending).
import { traced } from "@await-tree/runtime";

const log: string[] = [];

class Jobs {
  @traced
  async ok(n: number): Promise<number> {
    log.push(`ok ${n} starts`);
    await null;
    return n;
  }
  @traced
  async fail(n: number): Promise<number> {
    await null;
    throw new Error(`fail ${n}`);
  }
  @traced
  async later(n: number, gate: Promise<void>): Promise<number> {
    await gate;
    return n;
  }
}

function observed<T>(items: T[]): T[] {
  return new Proxy(items, {
    get(target, key, receiver) {
      log.push(`read ${typeof key === "symbol" ? key.toString() : key}`);
      return Reflect.get(target, key, receiver);
    },
  });
}

function withAccessor(j: Jobs): Promise<number>[] {
  const xs: Promise<number>[] = [j.ok(10)];
  Object.defineProperty(xs, 1, {
    get() {
      log.push("getter");
      return j.ok(11);
    },
    enumerable: true,
    configurable: true,
  });
  return xs;
}

function inputs(): Promise<number>[] {
  throw new Error("inputs threw");
}

async function phase(name: string, j: Jobs): Promise<void> {
  console.log(name, "all", JSON.stringify(await Promise.all([j.ok(1), j.ok(2)])), log.splice(0).join(", "));
  console.log(name, "race", await (Promise.race([j.ok(3), j.fail(4)]) as Promise<number>)!, log.splice(0).join(", "));
  const settled = await Promise.allSettled([j.ok(5), j.fail(6)]);
  console.log(name, "allSettled", JSON.stringify(settled.map((s) => s.status)));
  try {
    await Promise.any([]);
  } catch (e) {
    console.log(name, "any of none", (e as Error).name);
  }
  try {
    await Promise.all([j.ok(7), j.fail(8)]);
  } catch (e) {
    console.log(name, "all rejects", (e as Error).message);
  }
  try {
    await Promise.all(inputs());
  } catch (e) {
    console.log(name, "inputs", (e as Error).message);
  }
  const skipped = false && (await Promise.all([j.ok(9)]));
  console.log(name, "short-circuit", skipped, log.splice(0).join(", "));
  console.log(name, "proxy", JSON.stringify(await Promise.all(observed([j.ok(12), j.ok(13)]))), log.splice(0).join(", "));
  console.log(name, "accessor", await Promise.race(withAccessor(j)), log.splice(0).join(", "));
  console.log(name, "set", JSON.stringify(await Promise.all(new Set([j.ok(14)]))), log.splice(0).join(", "));
  console.log(name, "nested", JSON.stringify(await Promise.all([Promise.all([j.ok(15)]), j.ok(16)])), log.splice(0).join(", "));
}

async function main(): Promise<void> {
  const j = new Jobs();
  await phase("no tag live:", j);
  let open: () => void = () => {};
  const gate = new Promise<void>((r) => {
    open = r;
  });
  const stored = Promise.all([j.later(17, gate)]); // a stored join: its frame stays live until `open`
  await phase("a tag live:", j);
  console.log("stored and awaited directly", JSON.stringify(await Promise.all([stored, j.ok(18)])), log.splice(0).join(", "));
  open();
  console.log("stored", JSON.stringify(await stored));
}
main();
