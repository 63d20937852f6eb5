// corpus-skip: esm-esnext (TypeScript emits standard decorators as is for ESNext and Node 20 cannot parse them; esm-es2022 runs this program as an ES module)
// `return x` without `await` in every shape, with a microtask ticker interleaved: concise arrows,
// returns of calls, stored promises, non-promises, thenables, rejected promises (handled), returns in
// try/finally (a synchronous finally, a finally that awaits, a finally that returns something else),
// a return in a `for await` loop, and a race. Values, settle order and tick counts must not change.
import { traced } from "@await-tree/runtime";

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

async function leaf(v: string, hops = 1): Promise<string> {
  for (let i = 0; i < hops; i++) await null;
  return v;
}

const concise = async (v: string) => leaf(v);
const conciseChain = async (v: string) => concise(`${v}+`);
async function call(v: string) {
  return leaf(v, 2);
}
async function stored(v: string) {
  const p = leaf(v);
  log.push(`stored made@${tick}`);
  return p;
}
async function plain() {
  return 42;
}
async function thenable() {
  return {
    then(resolve: (v: string) => void) {
      log.push(`thenable.then@${tick}`);
      resolve("from thenable");
    },
  };
}
async function rejected() {
  return Promise.reject(new Error("rejected return"));
}
async function rejectedLater() {
  return leaf("x").then(() => {
    throw new Error("later rejection");
  });
}
async function inFinally(v: string) {
  try {
    return leaf(v);
  } finally {
    log.push(`finally sync@${tick}`);
  }
}
async function finallyAwaits(v: string) {
  try {
    return leaf(v, 3);
  } finally {
    await leaf("cleanup");
    log.push(`finally awaited@${tick}`);
  }
}
async function finallyOverrides(v: string) {
  try {
    return leaf(v);
  } finally {
    // biome-ignore lint/correctness/noUnsafeFinally: the override is what this probes
    return leaf(`${v} overridden`);
  }
}
async function inForAwait() {
  for await (const v of [leaf("a"), leaf("b")]) {
    return leaf(`loop ${v}`);
  }
  return "none";
}
async function race() {
  return Promise.race([leaf("fast"), leaf("slow", 5)]);
}
async function returnsOtherOrThrow(fail: boolean) {
  if (fail) throw new Error("sync throw before return");
  return leaf("no throw");
}

class Queue {
  @traced
  async add(v: string) {
    return this.run(v);
  }
  @traced
  async run(v: string) {
    await null;
    return `ran ${v}`;
  }
  @traced
  async addConcise(v: string) {
    const inner = async () => this.run(`${v} inner`);
    return inner();
  }
}

async function main(): Promise<void> {
  const t = ticker(60);
  const q = new Queue();
  const probes: Array<[string, () => Promise<unknown>]> = [
    ["concise", () => concise("c")],
    ["conciseChain", () => conciseChain("cc")],
    ["call", () => call("call")],
    ["stored", () => stored("s")],
    ["plain", () => plain()],
    ["thenable", () => thenable()],
    ["rejected", () => rejected()],
    ["rejectedLater", () => rejectedLater()],
    ["inFinally", () => inFinally("f")],
    ["finallyAwaits", () => finallyAwaits("fa")],
    ["finallyOverrides", () => finallyOverrides("fo")],
    ["inForAwait", () => inForAwait()],
    ["race", () => race()],
    ["throwOrNot", () => returnsOtherOrThrow(false)],
    ["throws", () => returnsOtherOrThrow(true)],
    ["add", () => q.add("q")],
    ["addConcise", () => q.addConcise("q")],
  ];
  await Promise.all(
    probes.map(([name, fn]) =>
      fn().then(
        (v) => log.push(`${name} = ${String(v)}@${tick}`),
        (e) => log.push(`${name} rejected ${(e as Error).message}@${tick}`),
      ),
    ),
  );
  await t;
  console.log(log.join("\n"));
}

main();
