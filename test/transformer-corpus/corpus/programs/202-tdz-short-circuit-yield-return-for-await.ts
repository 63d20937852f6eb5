// Labels of `yield`, an async generator's `return`, `for await` and a plain `return`, each on an
// expression that skips a call whose argument is in its temporal dead zone.
const none: any = undefined;
const id = async (x: unknown): Promise<unknown> => x;

async function* gen(c: boolean): AsyncGenerator<unknown, unknown> {
  yield none?.m(KEY);
  yield c ? id(KEY) : "plain";
  yield* none?.items(KEY) ?? [1, 2];
  for await (const x of none?.source(KEY) ?? [3]) yield x;
  return none?.done(KEY) ?? "returned";
}

async function returns(c: boolean): Promise<unknown> {
  return c ? id(KEY) : none?.m(KEY);
}

const arrow = async (c: boolean): Promise<unknown> => (c && id(KEY)) || none?.x(KEY);

async function main(): Promise<void> {
  const seen: unknown[] = [];
  try {
    const it = gen(false);
    for (let r = await it.next(); ; r = await it.next()) {
      seen.push(r.value);
      if (r.done) break;
    }
    seen.push(await returns(false), await arrow(false));
  } catch (e) {
    seen.push(`threw ${(e as Error).name}: ${(e as Error).message}`);
  }
  console.log(JSON.stringify(seen));
}

main();
const KEY = "key";
