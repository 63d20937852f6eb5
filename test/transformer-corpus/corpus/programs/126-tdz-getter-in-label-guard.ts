// Short-circuits must also keep side effects out: `ok || f(counter.next())` and `o?.m(tick())` must not
// call `next`/`tick` when they short-circuit, and a label must never evaluate an argument twice.
let ticks = 0;
function tick(): number {
  ticks++;
  return ticks;
}
const counter = {
  n: 0,
  next(): number {
    this.n++;
    return this.n;
  },
};
async function f(v: number): Promise<number> {
  await null;
  return v;
}
const ok = true as boolean;
const o = undefined as { m(v: number): Promise<number> } | undefined;

async function run(): Promise<void> {
  await (ok || f(counter.next()));
  await o?.m(tick());
  const v = await f(tick());
  const w = await (ok && f(counter.next()));
  console.log(`ticks=${ticks} next=${counter.n} v=${v} w=${w}`);
}
run();
