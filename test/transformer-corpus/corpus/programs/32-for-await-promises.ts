// for-await over arrays of promises (including a rejection), iterables of promises and custom async iterators.
async function later<T>(v: T, turns: number): Promise<T> {
  for (let i = 0; i < turns; i++) await null;
  return v;
}

async function main(): Promise<void> {
  const out: string[] = [];
  for await (const v of [later("slow", 5), later("fast", 0), "plain"]) out.push(v);
  console.log(out.join(","));

  const withRejection = [later(1, 0), Promise.reject(new Error("second failed")), later(3, 0)];
  withRejection[1]?.catch(() => {});
  const got: number[] = [];
  try {
    for await (const v of withRejection) got.push(v);
  } catch (e) {
    console.log("rejection:", (e as Error).message, "after", JSON.stringify(got));
  }

  function* gen(): Generator<Promise<number>, void, undefined> {
    try {
      yield later(10, 1);
      yield later(20, 0);
      yield later(30, 2);
    } finally {
      console.log("sync generator closed");
    }
  }
  let total = 0;
  for await (const v of gen()) {
    total += v;
    if (v === 20) break;
  }
  console.log("total", total);

  let nextCalls = 0;
  const custom: AsyncIterable<number> = {
    [Symbol.asyncIterator]() {
      let i = 0;
      return {
        next: async () => {
          nextCalls++;
          await null;
          return i < 3 ? { value: i++, done: false } : { value: undefined, done: true };
        },
        return: async () => {
          console.log("custom return called");
          return { value: undefined, done: true };
        },
      };
    },
  };
  for await (const v of custom) console.log("custom", v);
  for await (const v of custom) if (v === 1) break;
  console.log("next calls", nextCalls);
}

main();
