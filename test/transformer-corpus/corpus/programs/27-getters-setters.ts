// Getters and setters called a counted number of times around awaits (compound assignment, call targets, args).
const counts: Record<string, number> = {};
function hit(name: string): void {
  counts[name] = (counts[name] ?? 0) + 1;
}

class Model {
  private _v = 1;
  get value(): number {
    hit("get value");
    return this._v;
  }
  set value(x: number) {
    hit("set value");
    this._v = x;
  }
  get loader(): (n: number) => Promise<number> {
    hit("get loader");
    return async (n: number): Promise<number> => {
      await null;
      return n * 2;
    };
  }
  get self(): Model {
    hit("get self");
    return this;
  }
}

async function v<T>(x: T): Promise<T> {
  await null;
  return x;
}

async function main(): Promise<void> {
  const m = new Model();
  m.value += await v(10);
  m.value = await m.loader(m.value);
  const r = await m.self.loader(await v(m.value));
  const arr = [m.value, await v(m.value), m.self.value];
  let i = 0;
  const slots: number[] = [0, 0, 0];
  slots[i++] = await v(7);
  slots[i++] += await v(8);
  m.self.value ||= await v(0);
  m.self.value &&= await v(3);
  const o: { x?: number } = {};
  o.x ??= await v(4);
  o.x ??= await v(5);
  console.log(m.value, r, JSON.stringify(arr), JSON.stringify(slots), i, o.x);
  console.log(
    Object.entries(counts)
      .map(([k, n]) => `${k}=${n}`)
      .join(", "),
  );
}

main();
