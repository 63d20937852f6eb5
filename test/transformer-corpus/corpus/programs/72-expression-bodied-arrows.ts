// Expression-bodied async arrows: object literal bodies, awaits of awaits, chained arrows, arrow returning arrow.
const wrap = async <T>(x: T) => ({ wrapped: await x });
const twice = async (x: Promise<number>) => (await x) * 2;
const chain = async (n: number) => async (m: number) => n + (await Promise.resolve(m));
const seq = async (xs: number[]) => (await Promise.all(xs.map(async (x) => x + 1))).join("-");
const conditional = async (flag: boolean) => (flag ? await Promise.resolve("yes") : "no");
const commaBody = async (log: string[]) => (log.push("first"), await null, log.push("second"), log.join(","));
const awaitAwait = async () => await await await Promise.resolve(Promise.resolve("deep"));

async function main(): Promise<void> {
  console.log(JSON.stringify(await wrap(Promise.resolve(1))));
  console.log(await twice(Promise.resolve(21)));
  console.log(await (await chain(1))(2));
  console.log(await seq([1, 2, 3]));
  console.log(await conditional(true), await conditional(false));
  console.log(await commaBody([]));
  console.log(await awaitAwait());
}

main();
