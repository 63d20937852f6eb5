// corpus-skip: esm-esnext (target ESNext keeps `await using` as is, and Node 20 cannot parse it)
// `await using` in blocks with names referenced across the declaration (hoisted functions, closures), in loops,
// in async generators, with sync disposers, thenable-returning disposers, and a tick counter around disposal.
const log: string[] = [];
let tick = 0;
function ticker(n: number): Promise<void> {
  let p = Promise.resolve();
  for (let i = 0; i < n; i++)
    p = p.then(() => {
      tick++;
    });
  return p;
}

function res(name: string): AsyncDisposable {
  log.push(`open ${name}@${tick}`);
  return {
    async [Symbol.asyncDispose]() {
      log.push(`dispose ${name}@${tick}`);
    },
  };
}

async function hoistedReference(): Promise<void> {
  await using _a = res("h1");
  helper();
  function helper(): void {
    log.push(`helper@${tick}`);
  }
  await using _b = res("h2");
  log.push(`hoisted body@${tick}`);
}

async function closureReference(): Promise<number> {
  const read = (): number => later;
  await using _a = res("c1");
  const later = 41;
  return read() + (await Promise.resolve(1));
}

async function inLoop(): Promise<void> {
  outer: for (let i = 0; i < 3; i++) {
    await using _r = res(`loop${i}`);
    if (i === 0) continue outer;
    if (i === 2) break;
    log.push(`loop body ${i}@${tick}`);
  }
}

async function* generator(): AsyncGenerator<number, void, undefined> {
  await using _g = res("gen");
  yield 1;
  yield 2;
}

async function syncAndThenable(): Promise<void> {
  let thenCalls = 0;
  await using _s = {
    [Symbol.dispose]() {
      log.push(`sync dispose@${tick}`);
    },
  } as unknown as AsyncDisposable;
  await using _t = {
    [Symbol.asyncDispose]() {
      return {
        then(r: () => void) {
          thenCalls++;
          log.push(`thenable dispose then #${thenCalls}@${tick}`);
          r();
        },
      } as unknown as Promise<void>;
    },
  };
  log.push(`syncAndThenable body@${tick}`);
}

async function main(): Promise<void> {
  const t = ticker(60);
  await hoistedReference();
  log.push(`closure ${await closureReference()}@${tick}`);
  await inLoop();
  for await (const v of generator()) {
    log.push(`gen value ${v}@${tick}`);
    break;
  }
  await syncAndThenable();
  await t;
  console.log(log.join("\n"));
}

main();
