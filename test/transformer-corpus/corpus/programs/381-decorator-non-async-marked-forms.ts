// @traced on methods that are not `async` (they return promises, thenables, or throw synchronously),
// in the forms the transformer now marks (`$at.transformed(arg, $s, names, false, true)`): bare,
// with a template of the parameters, with options, static, under and over another decorator, in a
// file with nothing else to instrument. Values, `this`, synchronous throws, the returned object's
// identity, evaluation order and the label's text must be as without the transformer.
import { register, traced } from "@await-tree/runtime";

const log: string[] = [];
// Standard (`(value, context)`) and legacy (`(target, key, descriptor)`) decorator modes alike.
// biome-ignore lint/suspicious/noExplicitAny: a decorator of both modes
function logged(value: any, _c?: unknown, d?: PropertyDescriptor): any {
  const wrap =
    (inner: (...a: unknown[]) => unknown) =>
    function (this: unknown, ...args: unknown[]) {
      log.push(`logged ${args.length}`);
      return inner.apply(this, args);
    };
  if (d !== undefined) {
    d.value = wrap(d.value);
    return d;
  }
  return wrap(value);
}

const shared = Promise.resolve("shared");
const thenable = { then(ok: (v: string) => void) { log.push("then called"); ok("thenable"); } };

class Store {
  constructor(readonly name: string) {}

  @traced()
  plain(): Promise<string> {
    return Promise.resolve(`plain ${this.name}`);
  }

  @traced("get ${key} of ${ttl}")
  get(key: string, ttl = 5): Promise<string> {
    if (key === "bad") throw new RangeError(`bad key ${key}`);
    if (key === "late") return new Promise((r) => setTimeout(() => r(`late:${ttl}`), 5));
    return key === "shared" ? shared : Promise.resolve(`${key}:${ttl}`);
  }

  @traced({ name: "foreign", verbose: true })
  foreign(): PromiseLike<string> {
    return thenable;
  }

  @logged
  @traced("over ${n}")
  over(n: number): Promise<number> {
    return new Promise((r) => setTimeout(() => r(n * 2), 1));
  }

  @traced("under")
  @logged
  under(n: number): Promise<number> {
    return Promise.resolve(n * 3);
  }

  @traced()
  static make(name: string): Promise<Store> {
    return Promise.resolve(new Store(name));
  }
}

async function main(): Promise<void> {
  const s = await Store.make("s1");
  console.log(await s.plain());
  try {
    s.get("bad");
    console.log("no throw");
  } catch (e) {
    console.log("sync throw", (e as Error).name, (e as Error).message);
  }
  console.log("identity", s.get("shared") === shared);
  console.log(await s.get("k"), await s.get("k", 9));
  console.log(await s.foreign());
  console.log(await s.over(2), await s.under(2));
  let text = "";
  try {
    const root = register("k", "k");
    await root.run(async () => {
      const p = Promise.all([s.get("late"), s.over(1)]);
      text = root.tree()?.toString() ?? "";
      await p;
    });
  } catch (e) {
    text = `no registry: ${(e as Error).name}`;
  }
  // The labels (the same with and without the transformer): times and indentation aside, and
  // the frame that \`traceAll\` gives the callback of \`root.run\` (the one running: the current).
  console.log(
    text
      .split("\n")
      .map((l) => l.trim().replace(/ \[[^\]]*\]/, ""))
      .filter((l) => l !== "" && !l.startsWith("<anonymous>() in root.run("))
      .sort()
      .join(" | "),
  );
  console.log(log.join(", "));
}
main();
