// Issue 9 defect 4 through traced(fn): the function handed to traced(...) (traced with default options)
// keeps a source text that runs on its own, as the original did.
import { runInNewContext } from "node:vm";
import { traced } from "@await-tree/runtime";

async function job(n: number): Promise<string> {
  const v = await Promise.resolve(n + 1);
  try {
    await Promise.reject(new Error("inner"));
  } catch (e) {
    return `caught ${(e as Error).message} after ${v}`;
  }
  return "not reached";
}
const tracedJob = traced(job);

async function main(): Promise<void> {
  console.log("direct", await tracedJob(1));
  try {
    console.log("serialised", await runInNewContext(`(${job})(2)`, { Error }));
  } catch (e) {
    console.log("serialised threw", (e as Error).name, (e as Error).message);
  }
}
main();
