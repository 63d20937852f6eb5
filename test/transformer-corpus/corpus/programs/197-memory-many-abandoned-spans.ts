// corpus-node-options: --max-old-space-size=64
// corpus-expect: done 300000
// Issue 9 defect 3, spans: 300,000 abandoned never-settling traced calls (small labels). The program
// ends normally within a 64 MB heap; instrumentation must bound what it keeps for them.
import { traced } from "@await-tree/runtime";

const never = (): Promise<void> => new Promise<void>(() => {});
const drop = traced(async function drop(i: number): Promise<number> {
  await never();
  return i;
});

let n = 0;
function batch(): void {
  for (let i = 0; i < 10000; i++, n++) drop(n);
  if (n < 300000) setImmediate(batch);
  else setTimeout(() => console.log("done", n), 1);
}
batch();
