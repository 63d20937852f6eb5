// break / continue / return / throw inside for-await over async generators: return() and finally must run.
const log: string[] = [];

async function* source(name: string, n: number): AsyncGenerator<number, void, undefined> {
  try {
    for (let i = 0; i < n; i++) {
      await null;
      log.push(`${name} yields ${i}`);
      yield i;
    }
  } finally {
    await null;
    log.push(`${name} cleanup`);
  }
}

async function withBreak(): Promise<number> {
  let sum = 0;
  for await (const v of source("break", 10)) {
    if (v === 3) break;
    sum += v;
  }
  return sum;
}

async function withContinue(): Promise<number> {
  let sum = 0;
  for await (const v of source("continue", 5)) {
    if (v % 2 === 0) continue;
    sum += v;
  }
  return sum;
}

async function withReturn(): Promise<string> {
  for await (const v of source("return", 10)) {
    if (v === 2) return `returned at ${v}`;
  }
  return "never";
}

async function withThrow(): Promise<string> {
  try {
    for await (const v of source("throw", 10)) {
      if (v === 1) throw new Error(`thrown at ${v}`);
    }
  } catch (e) {
    return (e as Error).message;
  }
  return "never";
}

async function labelled(): Promise<string> {
  const seen: string[] = [];
  outer: for await (const a of source("outer", 3)) {
    for await (const b of source(`inner${a}`, 3)) {
      if (b === 1) continue outer;
      seen.push(`${a}${b}`);
    }
  }
  return seen.join(",");
}

async function destructuring(): Promise<string> {
  async function* pairs(): AsyncGenerator<[string, number], void, undefined> {
    yield ["a", 1];
    yield ["b", 2];
  }
  const out: string[] = [];
  for await (const [k, v] of pairs()) out.push(`${k}=${v}`);
  let last: [string, number] | undefined;
  for await (last of pairs());
  return `${out.join("&")} last=${JSON.stringify(last)}`;
}

async function main(): Promise<void> {
  log.push(`break sum ${await withBreak()}`);
  log.push(`continue sum ${await withContinue()}`);
  log.push(await withReturn());
  log.push(await withThrow());
  log.push(await labelled());
  log.push(await destructuring());
  console.log(log.join("\n"));
}

main();
