// corpus-node-options: --max-old-space-size=96
// corpus-expect: done 7000
// Issue 9 defect 3 (minimal repro): 7,000 calls that each allocate a 256 KB array and await a promise
// that never settles; nothing references them, so the collector reclaims them (plain: a few MB). A
// label value must not keep them alive (1.8 GB: out of memory under the 96 MB heap given here).
function never(_buf: number[]): Promise<void> {
  return new Promise<void>(() => {});
}

async function holder(i: number): Promise<void> {
  const buf = new Array<number>(32 * 1024).fill(i);
  await never(buf);
}

let n = 0;
for (; n < 7000; n++) holder(n);
setTimeout(() => console.log("done", n), 1);
