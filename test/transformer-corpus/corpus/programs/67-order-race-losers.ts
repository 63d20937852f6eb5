// Microtask-ordering probe: Promise.race/any losers keep running after the winner; their steps interleave.
const log: string[] = [];
let tick = 0;
function ticker(n: number): Promise<void> {
  let p = Promise.resolve();
  for (let i = 0; i < n; i++)
    p = p.then(() => {
      tick++;
    });
  return p;
}

async function runner(name: string, turns: number): Promise<string> {
  for (let i = 0; i < turns; i++) {
    await null;
    log.push(`${name} step ${i}@${tick}`);
  }
  return name;
}

async function main(): Promise<void> {
  const t = ticker(40);
  const winner = await Promise.race([runner("slow", 4), runner("fast", 1), runner("mid", 2)]);
  log.push(`race winner ${winner}@${tick}`);
  const anyWinner = await Promise.any([
    runner("x", 2).then(() => {
      throw new Error("x");
    }),
    runner("y", 3),
  ]);
  log.push(`any winner ${anyWinner}@${tick}`);
  await t;
  console.log(log.join("\n"));
}

main();
