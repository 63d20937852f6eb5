// Async generator return() and throw(): finally blocks with awaits, catching inside, yields in finally.
const log: string[] = [];

async function* guarded(name: string): AsyncGenerator<number, string, undefined> {
  try {
    for (let i = 0; ; i++) {
      try {
        yield i;
      } catch (e) {
        log.push(`${name} caught ${(e as Error).message}`);
        yield -1;
      }
    }
  } finally {
    log.push(`${name} finally start`);
    await null;
    log.push(`${name} finally end`);
  }
}

async function* yieldsInFinally(): AsyncGenerator<string, string, undefined> {
  try {
    yield "a";
  } finally {
    yield "from finally";
    log.push("after yield in finally");
  }
  return "end";
}

async function main(): Promise<void> {
  const g = guarded("g");
  log.push(JSON.stringify(await g.next()));
  log.push(JSON.stringify(await g.next()));
  log.push(JSON.stringify(await g.throw(new Error("boom"))));
  log.push(JSON.stringify(await g.next()));
  log.push(JSON.stringify(await g.return("early")));
  log.push(JSON.stringify(await g.next()));

  const h = guarded("h");
  log.push(`return before start ${JSON.stringify(await h.return("x"))}`);
  try {
    await guarded("k").throw(new Error("not started"));
  } catch (e) {
    log.push(`throw before start rejects ${(e as Error).message}`);
  }

  const y = yieldsInFinally();
  log.push(JSON.stringify(await y.next()));
  log.push(JSON.stringify(await y.return("r")));
  log.push(JSON.stringify(await y.next()));
  log.push(JSON.stringify(await y.next()));

  const z = guarded("z");
  await z.next();
  const both = await Promise.all([z.next(), z.return("concurrent"), z.next()]);
  log.push(`queued ${JSON.stringify(both)}`);
  console.log(log.join("\n"));
}

main();
