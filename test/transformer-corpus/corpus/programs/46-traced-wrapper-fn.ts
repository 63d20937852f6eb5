// traced(fn) and traced(span, fn) wrappers around async functions, arrows and generators-using code.
import { traced } from "@await-tree/runtime";

const log: string[] = [];

const fetchUser = traced(async function fetchUser(id: number): Promise<{ id: number; name: string }> {
  log.push(`fetchUser ${id}`);
  await null;
  return { id, name: `user${id}` };
});

const fetchAll = traced("fetch all users", async (ids: number[]): Promise<string[]> => {
  const users = await Promise.all(ids.map((i) => fetchUser(i)));
  return users.map((u) => u.name);
});

const withThis = traced(async function (this: { prefix: string }, s: string): Promise<string> {
  await null;
  return `${this.prefix}${s}`;
});

const failing = traced({ name: "failing op" }, async (): Promise<never> => {
  await null;
  throw new Error("traced failure");
});

async function main(): Promise<void> {
  console.log(JSON.stringify(await fetchAll([3, 1, 2])));
  console.log(await withThis.call({ prefix: ">> " }, "bound this"));
  try {
    await failing();
  } catch (e) {
    console.log("caught", (e as Error).message);
  }
  console.log("name", JSON.stringify(fetchUser.name), JSON.stringify(fetchAll.name), "length", fetchUser.length, fetchAll.length);
  const results = await Promise.allSettled([fetchUser(9), failing()]);
  console.log(results.map((r) => r.status).join(","));
  console.log(log.join(" "));
}

main();
