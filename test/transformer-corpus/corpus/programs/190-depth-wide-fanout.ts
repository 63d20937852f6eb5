// corpus-expect: live spans 0
// Width instead of depth: 20,000 concurrent traced calls joined by Promise.all, twice, then the number
// of spans alive once everything settled.
import { spanStats, traced } from "@await-tree/runtime";

const leaf = traced(async function leaf(i: number): Promise<number> {
  await null;
  return i & 1;
});

async function main(): Promise<string> {
  let odd = 0;
  for (let round = 0; round < 2; round++) {
    const all = await Promise.all(Array.from({ length: 20000 }, (_, i) => leaf(i)));
    odd += all.reduce((a, b) => a + b, 0);
  }
  return `odd ${odd}`;
}
// Counted once main itself has ended (with traceAll, main is a frame too).
main().then((m) => setTimeout(() => console.log(m, "live spans", spanStats().live), 1));
