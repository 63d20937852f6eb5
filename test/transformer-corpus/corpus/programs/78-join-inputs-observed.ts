// Promise.all / race / allSettled / any over inputs whose reads are observable (a Proxy array, an accessor element):
// the program must see exactly the reads that Promise.all itself makes. A traced(fn) call runs first, so that
// promises tagged with frames exist in the process (with a registry, that is when joins start reading inputs).
import { traced } from "@await-tree/runtime";

const reads: string[] = [];

const job = traced(async function job(n: number): Promise<number> {
  await null;
  return n;
});

function observed<T>(items: T[]): T[] {
  return new Proxy(items, {
    get(target, key, receiver) {
      reads.push(typeof key === "symbol" ? key.toString() : key);
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      reads.push(`has ${String(key)}`);
      return Reflect.has(target, key);
    },
  });
}

async function main(): Promise<void> {
  const r1 = await Promise.all(observed([job(1), job(2)]));
  console.log("all", JSON.stringify(r1), "reads:", reads.splice(0).join(" "));

  const withAccessor: Promise<number>[] = [job(3)];
  let getterCalls = 0;
  Object.defineProperty(withAccessor, 1, {
    get() {
      getterCalls++;
      return job(4);
    },
    enumerable: true,
    configurable: true,
  });
  const r2 = await Promise.race(withAccessor);
  console.log("race", r2, "getter calls:", getterCalls);

  const r3 = await Promise.allSettled(observed([job(5), Promise.reject(new Error("x"))]));
  console.log("allSettled", r3.map((s) => s.status).join(","), "reads:", reads.splice(0).join(" "));

  const r4 = await Promise.any(observed([job(6)]));
  console.log("any", r4, "reads:", reads.splice(0).join(" "));

  const fromSet = await Promise.all(new Set([job(7), job(8)]));
  console.log("set", JSON.stringify(fromSet));
}

main();
