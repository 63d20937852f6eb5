// corpus-skip: esm-esnext (TypeScript emits standard decorators as is for ESNext and Node 20 cannot parse them; esm-es2022 runs this program as an ES module)
// corpus-exit: 1
// A traced async function returns (without `await`) a call that rejects later and nobody handles
// the result: Node reports the unhandled rejection and exits with 1, with the same stack, in both
// builds (instrumentation must not handle, delay or re-wrap the returned promise).
import { traced } from "@await-tree/runtime";

async function fails(): Promise<string> {
  await null;
  await null;
  throw new Error("returned work failed");
}

class Pool {
  @traced
  async process(): Promise<string> {
    return fails();
  }
}

const relay = async () => new Pool().process();

console.log("start");
relay();
setImmediate(() => console.log("never printed"));
