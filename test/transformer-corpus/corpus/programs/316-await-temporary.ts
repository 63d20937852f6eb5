// corpus-node-options: --max-old-space-size=64
// corpus-expect: done 120
// The awaited value goes through a temporary (`($t = await ..., resume($f, $t, $t = void 0))`):
// nested awaits in one expression and in the arguments of an awaited call, an await whose operand
// is in its temporal dead zone, a rejected await inside an expression, the user's own `$t` and
// `$t_1`, direct eval, and memory: 120 calls each await a 2 MB array, drop it and then wait for
// ever. Kept by the temporary through that last await, they would need 240 MB, beyond the 64 MB
// heap given here; the untransformed program keeps none of them.

const $t = "user's $t";
const $t_1 = "user's $t_1";

async function one(): Promise<number> {
  return 1;
}

async function add(a: number, b: number): Promise<number> {
  await null;
  return a + b;
}

async function nested(): Promise<number> {
  // Three awaits inside the operand of a fourth, and one after it in the same expression.
  return (await add(await one(), (await one()) + (await one()))) * 10 + (await one());
}

async function inArguments(): Promise<string> {
  const parts = [await one(), await add(await one(), 2), `${$t}/${$t_1}`];
  return parts.join(",");
}

async function deadZone(): Promise<string> {
  const read = (): number => later;
  let out = "no error";
  try {
    await read();
  } catch (e) {
    out = (e as Error).name;
  } finally {
    await one();
  }
  const later = 1;
  return `${out} ${later}`;
}

async function rejectedInside(): Promise<string> {
  let seen = "";
  try {
    seen = `${await one()}+${await Promise.reject(new TypeError("inside"))}`;
  } catch (e) {
    seen += `caught ${(e as Error).message}, temporary is still usable: ${await one()}`;
  }
  return seen;
}

async function withEval(): Promise<number> {
  const v = await one();
  // biome-ignore lint/security/noGlobalEval: direct eval sees the function's own bindings
  return eval("v + 41");
}

async function big(i: number): Promise<number[]> {
  return new Array<number>(256 * 1024).fill(i);
}

function never(): Promise<void> {
  return new Promise<void>(() => {});
}

async function holdThenWait(i: number): Promise<void> {
  await big(i); // the value is dropped here
  await never();
}

async function main(): Promise<void> {
  console.log("nested", await nested());
  console.log("arguments", await inArguments());
  console.log("dead zone", await deadZone());
  console.log("rejected", await rejectedInside());
  console.log("eval", await withEval());
  let started = 0;
  for (; started < 120; started++) {
    void holdThenWait(started);
    // Let each call reach its second await before the next allocates.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  console.log("done", started);
}

void main();
