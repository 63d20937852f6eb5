// Async callbacks in array methods: map + Promise.all, sequential reduce, forEach (not awaited), filter pitfalls, sort stability.
const log: string[] = [];

async function delayTurns<T>(v: T, turns: number): Promise<T> {
  for (let i = 0; i < turns; i++) await null;
  return v;
}

async function main(): Promise<void> {
  const xs = [3, 1, 2];
  const mapped = await Promise.all(xs.map(async (x, i) => (await delayTurns(x, x)) * 10 + i));
  log.push(`map ${JSON.stringify(mapped)}`);

  const reduced = await xs.reduce<Promise<string>>(async (accP, x) => {
    const acc = await accP;
    log.push(`reduce step ${x}`);
    return acc + (await delayTurns(String(x), 4 - x));
  }, Promise.resolve(""));
  log.push(`reduce ${reduced}`);

  xs.forEach(async (x) => {
    await delayTurns(null, x);
    log.push(`forEach done ${x}`);
  });
  log.push("forEach returned");

  const filtered = xs.filter(async (x) => x > 1);
  log.push(`filter with async predicate keeps ${filtered.length}`);

  const flags = await Promise.all(xs.map(async (x) => x > 1));
  log.push(`proper filter ${JSON.stringify(xs.filter((_, i) => flags[i]))}`);

  const found = await (async () => {
    for (const x of xs) if (await delayTurns(x === 2, 1)) return x;
    return undefined;
  })();
  log.push(`find ${found}`);
  await delayTurns(null, 5);
  console.log(log.join("\n"));
}

main();
