// A worker started from a function's source text (`eval: true`): the text runs in another thread,
// where nothing of this module exists.
import { Worker } from "node:worker_threads";

function runInWorker(code: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true });
    w.on("message", resolve);
    w.on("error", (e) => reject(e));
  });
}

async function main() {
  const job = async () => {
    const { parentPort } = require("node:worker_threads");
    await new Promise((r) => setTimeout(r, 1));
    parentPort.postMessage("from the worker");
  };
  console.log(await runInWorker(`(${job})()`));

  const other = async (n: number) => {
    const { parentPort } = require("node:worker_threads");
    await null;
    parentPort.postMessage(n * 2);
  };
  console.log(await runInWorker(`(${other.toString()})(21)`));
}
main().then(
  () => console.log("done"),
  (e) => console.log("failed", String(e)),
);
