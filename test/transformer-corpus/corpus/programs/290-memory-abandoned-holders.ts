// Memory of abandoned work (issue 9, defect 3): calls made at the top level that hold a large buffer
// and never settle, referenced by nothing. Without instrumentation V8 collects them; with it (and a
// global registry, when the corpus preloads one) the labels' values must not keep the buffers alive.
// Prints facts only (a generous bound, never a raw number).
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function never(_held: unknown): Promise<void> {
  return new Promise<void>(() => {});
}

async function holder(i: number): Promise<number> {
  const buf = new Array<number>(16 * 1024).fill(i); // 128 KB
  await never(buf);
  return buf.length;
}

async function main(): Promise<void> {
  for (let i = 0; i < 2000; i++) void holder(i); // 256 MB allocated in all
  for (let k = 0; k < 4; k++) {
    gc();
    await new Promise<void>((r) => setImmediate(r));
  }
  const m = process.memoryUsage();
  console.log(`heap bounded: ${m.heapUsed + m.arrayBuffers < 96 * 1024 * 1024 ? "yes" : "no"}`);
}

void main();
