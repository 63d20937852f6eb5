// Closures created in loops (let per iteration vs var), capturing values across awaits.
async function main(): Promise<void> {
  const lets: (() => Promise<number>)[] = [];
  for (let i = 0; i < 3; i++) {
    await null;
    lets.push(async () => {
      await null;
      return i;
    });
  }
  console.log("let:", (await Promise.all(lets.map((f) => f()))).join(","));

  const vars: (() => Promise<number>)[] = [];
  for (var j = 0; j < 3; j++) {
    await null;
    vars.push(async () => {
      await null;
      return j;
    });
  }
  console.log("var:", (await Promise.all(vars.map((f) => f()))).join(","));

  const mutated: (() => number)[] = [];
  for (let k = 0; k < 3; k++) {
    mutated.push(() => k);
    await null;
    k++;
  }
  console.log("mutated let:", mutated.map((f) => f()).join(","));

  const ofs: Promise<string>[] = [];
  for (const s of ["a", "b", "c"]) ofs.push((async () => `${s}${await Promise.resolve(s.charCodeAt(0))}`)());
  console.log("of:", (await Promise.all(ofs)).join(","));

  let counter = 0;
  const incs = Array.from({ length: 5 }, () => async () => {
    const seen = counter;
    await null;
    counter = seen + 1;
    return seen;
  });
  console.log("lost updates:", (await Promise.all(incs.map((f) => f()))).join(","), "counter", counter);

  const inWhile: Promise<number>[] = [];
  let w = 0;
  while (w < 3) {
    const captured = w;
    inWhile.push((async () => captured * (await Promise.resolve(10)))());
    w++;
  }
  console.log("while:", (await Promise.all(inWhile)).join(","));
}

main();
