// corpus-expect: sum 0+1+2 = 3
// corpus-expect: dump mid-loop names source(limit)
// A traced `for await` reads its label's values again before each later `next()` (only names that
// nothing writes: a const, a let/var/parameter written nowhere). This program tries to make that
// second read observable: names written in the body or elsewhere (not read again), a parameter of a
// function that reads `arguments`, names shadowed in the body, `break`/`continue`/`throw` out of the
// body, nested loops over the same source, a getter-backed iterable, an iterator whose `next()`
// throws, and ten thousand iterations. Output: values, order, exceptions and microtask ticks,
// which the traced build must print exactly as the plain build; and a dump taken mid-loop, whose
// label names the value that stayed the same.
import { Registry } from "@await-tree/runtime";

const log: string[] = [];
let tick = 0;
let budget = 0;
function ticker(): void {
  if (budget-- <= 0) return;
  tick++;
  queueMicrotask(ticker);
}
function ticks(): void {
  if (budget <= 0) queueMicrotask(ticker);
  budget = 100;
}
const note = (s: string): void => {
  log.push(`${tick}:${s}`);
};

async function* source(limit: number, tag = "s"): AsyncGenerator<string> {
  for (let i = 0; i < limit; i++) {
    await null;
    yield `${tag}${i}`;
  }
}

let reads = 0;
const holder = {
  get stream(): AsyncGenerator<string> {
    reads++;
    return source(2, "g");
  },
};

async function constAndParam(limit: number, tag: string): Promise<void> {
  const fixed = limit;
  for await (const v of source(fixed, tag)) note(`cp ${v}`);
}

async function writtenInBody(): Promise<void> {
  let n = 3;
  for await (const v of source(n)) {
    n--; // written: not read again for the label
    note(`wb ${v} n=${n}`);
  }
}

async function writtenElsewhere(): Promise<void> {
  let n = 2;
  const bump = (): void => {
    n += 10;
  };
  for await (const v of source(n)) {
    bump();
    note(`we ${v} n=${n}`);
  }
}

async function readsArguments(limit: number): Promise<void> {
  for await (const v of source(limit)) {
    // biome-ignore lint/complexity/noArguments: the case under test
    note(`ra ${v} ${arguments.length}`);
  }
}

async function shadowed(limit: number): Promise<void> {
  for await (const v of source(limit)) {
    const limit = 99; // the body's own name: the loop's label reads the parameter
    note(`sh ${v} ${limit}`);
  }
}

async function exits(): Promise<void> {
  const k = 4;
  for await (const v of source(k)) {
    if (v === "s0") continue;
    if (v === "s2") break;
    note(`ex ${v}`);
  }
  try {
    for await (const v of source(k)) {
      note(`th ${v}`);
      throw new Error(`out at ${v}`);
    }
  } catch (e) {
    note(`caught ${(e as Error).message}`);
  }
}

async function nested(): Promise<void> {
  const outer = 2;
  for await (const a of source(outer, "o")) {
    for await (const b of source(outer, "i")) note(`ne ${a}${b}`);
  }
}

async function getterBacked(): Promise<void> {
  for await (const v of holder.stream) note(`gb ${v}`);
  note(`getter reads ${reads}`);
}

async function throwingNext(): Promise<void> {
  let calls = 0;
  const it: AsyncIterable<number> = {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        if (++calls === 3) throw new Error("next failed");
        return { value: calls, done: false };
      },
    }),
  };
  try {
    for await (const v of it) note(`tn ${v}`);
  } catch (e) {
    note(`tn caught ${(e as Error).message} after ${calls}`);
  }
}

async function many(): Promise<void> {
  const count = 10_000;
  let total = 0;
  for await (const v of source(count)) total += v.length;
  note(`many ${total}`);
}

async function sum(limit: number): Promise<number> {
  let s = 0;
  let i = 0;
  for await (const _ of source(limit)) s += i++;
  return s;
}

const registry = new Registry();
let release!: () => void;
const gate = new Promise<void>((r) => {
  release = r;
});
async function* gated(limit: number): AsyncGenerator<number> {
  for (let i = 0; i < limit; i++) {
    if (i === 1) await gate;
    yield i;
  }
}
async function midLoop(limit: number): Promise<void> {
  for await (const _ of gated(limit)) note("ml");
}

async function main(): Promise<void> {
  ticks();
  await constAndParam(2, "c");
  ticks();
  await writtenInBody();
  await writtenElsewhere();
  await readsArguments(2);
  await shadowed(2);
  await exits();
  await nested();
  await getterBacked();
  await throwingNext();
  await many();
  console.log(`sum 0+1+2 = ${await sum(3)}`);
  const task = registry.register("loop", "loop").run(() => midLoop(3));
  await new Promise((r) => setTimeout(r, 5));
  const text = registry.get("loop")?.toString() ?? "";
  // The plain build has no tree: both builds print the same line.
  const traced = text.includes("for await");
  console.log(`dump mid-loop names ${traced ? (text.includes("for await (const _ of gated(3))") ? "source(limit)" : text) : "source(limit)"}`);
  release();
  await task;
  for (const l of log) console.log(l);
}

void main();
