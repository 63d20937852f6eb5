// corpus-uninstrumented: (its only async function is serialised for a worker, left as written)
// Issue 9 defect 4 in a worker: `new Worker(code, { eval: true })` with code built from an async
// function's source text (a common way to ship a task to a thread).
import { Worker } from "node:worker_threads";

async function task(n: number): Promise<number> {
  let acc = 0;
  for (let i = 0; i < n; i++) acc += await Promise.resolve(i);
  return acc;
}

const code = `const { parentPort } = require("node:worker_threads");
(${task.toString()})(10).then((v) => parentPort.postMessage({ ok: v }), (e) => parentPort.postMessage({ err: e.name + ": " + e.message }));`;

const worker = new Worker(code, { eval: true });
worker.on("message", (m: { ok?: number; err?: string }) => {
  console.log("worker says", JSON.stringify(m));
});
worker.on("error", (e) => console.log("worker error", e.name, e.message));
