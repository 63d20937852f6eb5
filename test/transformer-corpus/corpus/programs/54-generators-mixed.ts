// Sync generators mixed with async code: generators yielding promises, driven by an async runner; async code feeding generators.
function* steps(): Generator<Promise<number> | number, string, number> {
  const a = yield Promise.resolve(1);
  const b = yield a + 1;
  const c = yield new Promise<number>((r) => setImmediate(() => r(b * 10)));
  return `steps done ${a} ${b} ${c}`;
}

async function drive<T>(g: Generator<Promise<number> | number, T, number>): Promise<T> {
  let r = g.next(0);
  while (!r.done) {
    const v = await r.value;
    r = g.next(v);
  }
  return r.value;
}

function* ids(): Generator<number, void, undefined> {
  let i = 0;
  while (true) yield i++;
}

async function consume(): Promise<string> {
  const gen = ids();
  const out: number[] = [];
  for (const id of gen) {
    await null;
    if (id > 3) break;
    out.push(id);
  }
  const after = gen.next();
  return `${out.join(",")} closed=${after.done}`;
}

async function generatorThrows(): Promise<string> {
  function* g(): Generator<number, void, undefined> {
    yield 1;
    throw new Error("generator threw");
  }
  const got: number[] = [];
  try {
    for (const v of g()) got.push(await Promise.resolve(v));
  } catch (e) {
    return `${got.join(",")} then ${(e as Error).message}`;
  }
  return "never";
}

async function main(): Promise<void> {
  console.log(await drive(steps()));
  console.log(await consume());
  console.log(await generatorThrows());
  const lazy = (function* () {
    yield* [1, 2, 3];
  })();
  console.log((await Promise.all([...lazy].map(async (n) => n * (await Promise.resolve(2))))).join(","));
}

main();
