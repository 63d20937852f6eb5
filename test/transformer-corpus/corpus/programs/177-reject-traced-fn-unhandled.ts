// corpus-exit: 1
// Issue 9 defect 7 through traced(fn): the wrapped function's rejection stays unhandled (exit 1).
import { traced } from "@await-tree/runtime";

const task = traced(async function task(n: number): Promise<number> {
  await null;
  throw new RangeError(`bad ${n}`);
});

console.log("starting");
task(1);
