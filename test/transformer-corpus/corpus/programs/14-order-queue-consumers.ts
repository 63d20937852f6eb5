// Microtask-ordering probe: a producer/consumer queue of promises resolved from another task.
const log: string[] = [];

class Channel<T> {
  private items: T[] = [];
  private waiters: ((v: T) => void)[] = [];
  send(v: T): void {
    const w = this.waiters.shift();
    if (w) w(v);
    else this.items.push(v);
  }
  recv(): Promise<T> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift() as T);
    return new Promise<T>((r) => this.waiters.push(r));
  }
}

async function consumer(name: string, ch: Channel<number>, n: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = await ch.recv();
    log.push(`${name} got ${v}`);
    sum += v;
  }
  return sum;
}

async function producer(ch: Channel<number>): Promise<void> {
  for (let i = 1; i <= 8; i++) {
    ch.send(i);
    log.push(`sent ${i}`);
    if (i % 3 === 0) await null;
  }
}

async function main(): Promise<void> {
  const ch = new Channel<number>();
  const c = Promise.all([consumer("c1", ch, 4), consumer("c2", ch, 4)]);
  await producer(ch);
  log.push(`sums ${JSON.stringify(await c)}`);
  console.log(log.join("\n"));
}

main();
