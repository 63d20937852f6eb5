// try/catch/finally with awaits in each part; finally overriding return and throw; nested handlers.
const log: string[] = [];

async function tick<T>(v: T): Promise<T> {
  await null;
  return v;
}

async function allParts(fail: boolean): Promise<string> {
  try {
    log.push(`try ${await tick(fail)}`);
    if (fail) throw new Error("t");
    return await tick("try-result");
  } catch (e) {
    log.push(`catch ${await tick((e as Error).message)}`);
    return await tick("catch-result");
  } finally {
    log.push(`finally ${await tick("f")}`);
  }
}

async function finallyReturns(): Promise<string> {
  try {
    throw new Error("lost");
  } finally {
    // biome-ignore lint/correctness/noUnsafeFinally: the point of the test
    return await tick("finally wins");
  }
}

async function finallyThrows(): Promise<string> {
  try {
    return await tick("never seen");
  } finally {
    await tick(0);
    // biome-ignore lint/correctness/noUnsafeFinally: the point of the test
    throw new Error("from finally");
  }
}

async function nested(): Promise<string> {
  const steps: string[] = [];
  try {
    try {
      await tick(0);
      throw new Error("inner");
    } catch (e) {
      steps.push(`inner catch ${(e as Error).message}`);
      await tick(0);
      throw new Error("rethrown");
    } finally {
      steps.push("inner finally");
      await tick(0);
    }
  } catch (e) {
    steps.push(`outer catch ${(e as Error).message}`);
  } finally {
    await tick(0);
    steps.push("outer finally");
  }
  return steps.join(" > ");
}

async function loopFinally(): Promise<string> {
  const s: string[] = [];
  for (let i = 0; i < 4; i++) {
    try {
      if (i === 1) continue;
      if (i === 3) break;
      s.push(`body${await tick(i)}`);
    } finally {
      s.push(`fin${await tick(i)}`);
    }
  }
  return s.join(",");
}

async function catchWithoutBinding(): Promise<string> {
  try {
    await Promise.reject(new Error("x"));
    return "no";
  } catch {
    return await tick("caught without binding");
  }
}

async function main(): Promise<void> {
  console.log(await allParts(false));
  console.log(await allParts(true));
  console.log(log.join(" | "));
  console.log(await finallyReturns());
  try {
    await finallyThrows();
  } catch (e) {
    console.log("finallyThrows:", (e as Error).message);
  }
  console.log(await nested());
  console.log(await loopFinally());
  console.log(await catchWithoutBinding());
}

main();
