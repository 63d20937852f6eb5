// @traced with a span template naming a parameter, @traced async generators, traced() with span objects and options,
// and traced methods called on Proxy receivers (every trap is counted: labels must not read the receiver).
import { span, traced } from "@await-tree/runtime";

const traps: string[] = [];
function watched<T extends object>(target: T): T {
  return new Proxy(target, {
    get(t, k, r) {
      traps.push(`get ${String(k)}`);
      return Reflect.get(t, k, r);
    },
    getPrototypeOf(t) {
      traps.push("getPrototypeOf");
      return Reflect.getPrototypeOf(t);
    },
    getOwnPropertyDescriptor(t, k) {
      traps.push(`getOwnPropertyDescriptor ${String(k)}`);
      return Reflect.getOwnPropertyDescriptor(t, k);
    },
  });
}

class Users {
  prefix = "user";
  @traced("load user ${id}")
  async load(id: number): Promise<string> {
    await null;
    return `${this.prefix}${id}`;
  }
  @traced
  async *pages(n: number): AsyncGenerator<number, string, undefined> {
    for (let i = 0; i < n; i++) {
      await null;
      yield i;
    }
    return `${n} pages`;
  }
  @traced({ name: "verbose work", verbose: true, longRunning: true })
  async work(): Promise<string> {
    await null;
    return this.prefix;
  }
  async plain(x: number): Promise<number> {
    await null;
    return x + 1;
  }
}

const byName = traced(span`job ${"a"}`, async (n: number): Promise<number> => {
  await null;
  return n * 2;
});

async function main(): Promise<void> {
  const u = new Users();
  console.log(await u.load(7));
  const got: number[] = [];
  const it = u.pages(3);
  for (let r = await it.next(); ; r = await it.next()) {
    if (r.done) {
      console.log("pages", JSON.stringify(got), r.value);
      break;
    }
    got.push(r.value);
  }
  console.log(await u.work(), await byName(21));
  const proxied = watched(u);
  traps.length = 0;
  console.log(await proxied.load(1), "traps:", traps.join(", "));
  traps.length = 0;
  console.log(await proxied.plain(1), "traps:", traps.join(", "));
  traps.length = 0;
  console.log(await Users.prototype.work.call(watched({ prefix: "other" }) as Users), "traps:", traps.join(", "));
}

main();
