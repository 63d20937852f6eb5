// corpus-skip: esm-esnext (TypeScript emits standard decorators as is for ESNext and Node 20 cannot parse them; esm-es2022 runs this program as an ES module)
// corpus-exit: 1
// A @traced method whose promise rejects and that nobody handles crashes the process, as without
// await-tree: observing the promise must not mark it handled.
import { traced } from "@await-tree/runtime";

class Job {
  @traced
  async run(n: number): Promise<number> {
    await null;
    if (n > 0) throw new Error(`job ${n} failed`);
    return n;
  }
}

const job = new Job();
process.on("exit", (code) => console.log(`exit ${code}`));
job.run(0).then((v) => console.log("first ok", v));
const p = job.run(1);
console.log("started", typeof p.then);
