// `this` in async functions, methods, call/apply/bind and after awaits.
class Counter {
  count = 0;
  async inc(by: number): Promise<number> {
    await null;
    this.count += by;
    return this.count;
  }
  async incTwiceViaArrow(): Promise<number> {
    const f = async (): Promise<number> => {
      await null;
      return this.inc(1);
    };
    await f();
    return f();
  }
}

async function whoAmI(this: unknown, tag: string): Promise<string> {
  const before = this === undefined ? "undefined" : typeof this;
  await null;
  const after = this === undefined ? "undefined" : (this as { name?: string }).name ?? typeof this;
  return `${tag}: ${before} -> ${after}`;
}

async function main(): Promise<void> {
  const c = new Counter();
  console.log(await c.inc(2), await c.incTwiceViaArrow(), c.count);
  const inc = c.inc;
  try {
    await inc(1);
  } catch (e) {
    console.log("detached method:", (e as Error).constructor.name);
  }
  const other = { count: 100 };
  console.log(await c.inc.call(other, 5), other.count);
  console.log(await c.inc.apply(other, [1]), other.count);
  const bound = c.inc.bind(other);
  console.log(await bound(10), other.count);
  console.log(await whoAmI("plain"));
  console.log(await whoAmI.call({ name: "obj" }, "call"));
  console.log(await whoAmI.call(7, "number"));
  const holder = { name: "holder", whoAmI };
  console.log(await holder.whoAmI("method"));
}

main();
