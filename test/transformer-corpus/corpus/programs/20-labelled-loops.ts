// Labelled loops with awaits: break/continue to outer labels from nested loops and blocks.
async function id<T>(v: T): Promise<T> {
  await null;
  return v;
}

async function grid(): Promise<string[]> {
  const out: string[] = [];
  outer: for (let i = 0; i < 4; i++) {
    inner: for (let j = 0; j < 4; j++) {
      if ((await id(j)) === 1) continue inner;
      if ((await id(i + j)) === 4) continue outer;
      if (i === 3) break outer;
      out.push(`${i}${j}`);
    }
  }
  return out;
}

async function whiles(): Promise<string[]> {
  const out: string[] = [];
  let n = 0;
  top: while (await id(n < 10)) {
    n++;
    let m = 0;
    do {
      m++;
      if (m === 2) continue;
      if (n === 3) continue top;
      if (n === 7) break top;
      out.push(`${n}.${m}`);
    } while (await id(m < 3));
  }
  block: {
    await id(0);
    out.push("in block");
    if (n > 0) break block;
    out.push("never");
  }
  return out;
}

async function forIn(): Promise<string[]> {
  const out: string[] = [];
  const o = { a: [1, 2], b: [3, 4], c: [5, 6] };
  keys: for (const k in o) {
    for (const v of o[k as keyof typeof o]) {
      if ((await id(v)) % 2 === 0) continue keys;
      out.push(`${k}${v}`);
    }
  }
  return out;
}

async function main(): Promise<void> {
  console.log((await grid()).join(","));
  console.log((await whiles()).join(","));
  console.log((await forIn()).join(","));
}

main();
