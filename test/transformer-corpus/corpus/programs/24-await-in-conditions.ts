// Awaits in if/while/do-while/for conditions and in for-loop headers, with counted evaluations.
let evals = 0;
async function cond(v: boolean): Promise<boolean> {
  evals++;
  await null;
  return v;
}
async function num(n: number): Promise<number> {
  evals++;
  await null;
  return n;
}

async function main(): Promise<void> {
  const out: string[] = [];
  if (await cond(true)) out.push("if-true");
  if (await cond(false)) out.push("never");
  else if (!(await cond(false))) out.push("else-if");
  let i = 0;
  while (await cond(i < 3)) out.push(`while${i++}`);
  do out.push(`do${i--}`);
  while (await cond(i > 1));
  for (let j = await num(0); j < (await num(3)); j += await num(1)) out.push(`for${j}`);
  for (let k = 0; (await cond(k < 2)) && k < 5; k++) out.push(`and${k}`);
  const t = (await cond(true)) ? await num(1) : await num(2);
  out.push(`ternary${t}`);
  console.log(out.join(","));
  console.log("evaluations", evals);
}

main();
