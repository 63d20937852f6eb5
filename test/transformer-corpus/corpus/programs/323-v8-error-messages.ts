// corpus-configs: cjs-es2020,esm-es2022,cjs-es2022,esm-esnext,preserve-esnext
// V8 builds some TypeError messages from the source text around the failure, and quotes an
// `await` as `(intermediate value)`. The rewritten await must be quoted the same way wherever the
// awaited value is used directly: called, constructed, a method read and called, spread, a tag,
// destructured, `in`, `instanceof`, an async generator's `yield` used directly. (An output that
// lowers `?.`, below ES2020, keeps a comma expression, which V8 quotes as it is written: this
// program runs only where the output keeps `?.`.) Known to differ still, and left out here:
// `const [a] = await x` and `for (const a of await x)` of a value that is not iterable
// (docs/transformer.md, Known limits).
import { traced } from "@await-tree/runtime";

const value = async <T>(v: T): Promise<T> => v;

async function messages(): Promise<string[]> {
  const out: string[] = [];
  const attempt = async (name: string, f: () => Promise<unknown>): Promise<void> => {
    try {
      await f();
      out.push(`${name}: no error`);
    } catch (e) {
      out.push(`${name}: ${(e as Error).constructor.name}: ${(e as Error).message}`);
    }
  };
  const v = value as (v: unknown) => Promise<any>;
  await attempt("call", async () => (await v(1))());
  await attempt("call undefined", async () => (await v(undefined))());
  await attempt("method", async () => (await v({})).m());
  await attempt("new", async () => new (await v(1))());
  await attempt("spread", async () => [...(await v(1))]);
  await attempt("spread arguments", async () => Math.max(...(await v(undefined))));
  await attempt("tag", async () => (await v(1))`x`);
  await attempt("destructure", async () => {
    const { a } = await v(undefined);
    return a;
  });
  await attempt("destructure null", async () => {
    const {
      b: { c },
    } = await v({ b: null });
    return c;
  });
  await attempt("in", async () => "a" in (await v(1)));
  await attempt("instanceof", async () => ({}) instanceof (await v(1)));
  await attempt("property of undefined", async () => (await v(undefined)).x.y);
  await attempt("optional call", async () => (await v({ m: 1 }))?.m());
  await attempt("nested", async () => (await v(await v(2)))());
  await attempt("in a template", async () => `${(await v(null)).x}`);
  return out;
}

async function* sequence(): AsyncGenerator<number, void, unknown> {
  const sent = yield 1;
  (sent as () => void)();
  ((yield 2) as () => void)();
}

class Messages {
  @traced
  async run(): Promise<string[]> {
    const out = await messages();
    const g = sequence();
    await g.next();
    try {
      await g.next(() => undefined);
      await g.next(5);
    } catch (e) {
      out.push(`yield: ${(e as Error).message}`);
    }
    return out;
  }
}

async function main(): Promise<void> {
  for (const line of await new Messages().run()) console.log(line);
  for (const line of await messages()) console.log(`untraced caller: ${line}`);
}

void main();
