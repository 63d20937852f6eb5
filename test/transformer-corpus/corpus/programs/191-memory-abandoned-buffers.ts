// corpus-node-options: --max-old-space-size=64
// corpus-expect: done 1000
// Issue 9 defect 3 (minimal repro): 1,000 calls, in one turn, that each allocate a 256 KB array and
// await a promise that never settles; nothing references them, so the collector reclaims them
// (plain: a few MB). A label value must not keep them alive (256 MB: out of memory under the 64 MB
// heap given here). The repro made 7,000 calls under 96 MB: 12 s of CPU per run, mostly the
// kernel's, for the same check; with every buffer kept, this one runs out of memory as that did.
function never(_buf: number[]): Promise<void> {
  return new Promise<void>(() => {});
}

async function holder(i: number): Promise<void> {
  const buf = new Array<number>(32 * 1024).fill(i);
  await never(buf);
}

let n = 0;
for (; n < 1000; n++) holder(n);
setTimeout(() => console.log("done", n), 1);
