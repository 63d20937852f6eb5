// Awaiting Promise subclasses and promises with overridden `then`: counted calls, species and returned promise types.
let thenCalls = 0;
class Tracked<T> extends Promise<T> {
  override then<A = T, B = never>(
    onF?: ((v: T) => A | PromiseLike<A>) | null,
    onR?: ((e: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    thenCalls++;
    return super.then(onF, onR);
  }
}

async function returnsSubclass(): Promise<string> {
  return Tracked.resolve("from subclass") as Promise<string>;
}

async function main(): Promise<void> {
  const log: string[] = [];
  const t = new Tracked<number>((r) => r(1));
  log.push(`await subclass ${await t} calls=${thenCalls}`);
  log.push(`returned ${await returnsSubclass()} calls=${thenCalls}`);
  const p = returnsSubclass();
  log.push(`async fn returns native: ${Object.getPrototypeOf(p) === Promise.prototype}`);
  await p;
  const native = Promise.resolve(2);
  let overrideCalls = 0;
  const origThen = native.then;
  Object.defineProperty(native, "then", {
    value(this: Promise<number>, ...args: Parameters<Promise<number>["then"]>) {
      overrideCalls++;
      return origThen.apply(this, args);
    },
  });
  log.push(`await native with own then ${await native} overrideCalls=${overrideCalls}`);
  log.push(`Promise.all over subclass ${JSON.stringify(await Promise.all([t, Tracked.resolve(3)]))} calls=${thenCalls}`);
  const derived = t.then((x) => x + 1);
  log.push(`derived is Tracked ${derived instanceof Tracked} value ${await derived} calls=${thenCalls}`);
  console.log(log.join("\n"));
}

main();
