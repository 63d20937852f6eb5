// Class field initialisers holding async arrows and promises; static fields and static blocks with async work.
const log: string[] = [];
let created = 0;

export class Store {
  static instances = 0;
  static ready: Promise<string> = (async () => {
    await null;
    log.push("static ready resolved");
    return "ready";
  })();
  static {
    (async () => {
      await null;
      log.push(`static block ran, instances=${Store.instances}`);
    })();
  }
  id = ++created;
  data = new Map<string, number>();
  pending: Promise<number> = this.compute(this.id);
  fetch = async (k: string): Promise<number> => {
    await null;
    const v = this.data.get(k) ?? -1;
    log.push(`fetch ${k} on #${this.id} -> ${v}`);
    return v;
  };
  put = async (k: string, v: number): Promise<void> => {
    await null;
    this.data.set(k, v);
  };
  constructor() {
    Store.instances++;
  }
  async compute(n: number): Promise<number> {
    await null;
    return n * 100;
  }
}

class Sub extends Store {
  extra = this.fetch("inherited");
}

async function main(): Promise<void> {
  const a = new Store();
  const b = new Store();
  await a.put("x", 1);
  const { fetch } = b;
  console.log(await a.fetch("x"), await fetch("x"), await a.pending, await b.pending);
  const s = new Sub();
  console.log(await s.extra, await s.pending, Store.instances, await Store.ready);
  console.log(log.join("\n"));
}

main();
