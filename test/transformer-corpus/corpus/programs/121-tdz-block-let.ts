// Issue 9 defect 1 inside one function: a `let` of the same function, declared after the await, is in
// its temporal dead zone while the awaited conditional runs, and the branch that reads it is not taken.
async function fetchOne(v: number): Promise<number> {
  await null;
  return v * 2;
}

async function run(flag: boolean): Promise<string> {
  // @ts-expect-error -- the read is in the branch that is not taken when flag is false
  const r: number = await (flag ? fetchOne(later) : fetchOne(1));
  let later: number = r + 1;
  later++;
  return `r=${r} later=${later}`;
}

async function main(): Promise<void> {
  console.log(await run(false));
  try {
    console.log(await run(true));
  } catch (e) {
    console.log("taken branch:", (e as Error).name);
  }
}
main();
