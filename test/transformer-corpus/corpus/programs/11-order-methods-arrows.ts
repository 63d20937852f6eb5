// Microtask-ordering probe: async methods, static methods, arrows and object-literal methods interleaved.
const log: string[] = [];
let tick = 0;
function ticker(n: number): Promise<void> {
  let p = Promise.resolve();
  for (let i = 0; i < n; i++)
    p = p.then(() => {
      tick++;
    });
  return p;
}

class Worker {
  constructor(readonly name: string) {}
  async run(n: number): Promise<number> {
    let s = 0;
    for (let i = 0; i < n; i++) {
      s += await this.step(i);
      log.push(`${this.name}.run ${i}@${tick}`);
    }
    return s;
  }
  async step(i: number): Promise<number> {
    await null;
    return i;
  }
  static async make(name: string): Promise<Worker> {
    await null;
    log.push(`make ${name}@${tick}`);
    return new Worker(name);
  }
}

const obj = {
  async method(): Promise<string> {
    await null;
    log.push(`obj.method@${tick}`);
    return "m";
  },
};

const arrow = async (x: number): Promise<number> => {
  await x;
  log.push(`arrow ${x}@${tick}`);
  return x * 2;
};

async function main(): Promise<void> {
  const t = ticker(60);
  const w = await Worker.make("w");
  const results = await Promise.all([w.run(3), obj.method(), arrow(1), arrow(2), Worker.make("v").then((v) => v.run(2))]);
  log.push(`results ${JSON.stringify(results)}@${tick}`);
  await t;
  console.log(log.join("\n"));
}

main();
