// `return await` vs `return` inside try/catch/finally: which handler sees the rejection.
async function reject(msg: string): Promise<string> {
  await null;
  throw new Error(msg);
}

async function returnAwaitInTry(): Promise<string> {
  try {
    return await reject("a");
  } catch (e) {
    return `caught ${(e as Error).message}`;
  }
}

async function returnInTry(): Promise<string> {
  try {
    return reject("b");
  } catch (e) {
    return `caught ${(e as Error).message}`;
  }
}

async function returnAwaitInFinally(): Promise<string> {
  const order: string[] = [];
  try {
    return await (async () => {
      order.push("evaluating");
      await null;
      order.push("evaluated");
      return "value";
    })();
  } finally {
    order.push("finally");
    console.log(order.join(" > "));
  }
}

async function returnAwaitNonPromise(): Promise<number> {
  return await 5;
}

async function returnAwaitConditional(flag: boolean): Promise<string> {
  return flag ? await reject("c").catch(() => "handled c") : await "plain";
}

async function main(): Promise<void> {
  console.log(await returnAwaitInTry());
  try {
    console.log(await returnInTry());
  } catch (e) {
    console.log(`escaped ${(e as Error).message}`);
  }
  console.log(await returnAwaitInFinally());
  console.log(await returnAwaitNonPromise());
  console.log(await returnAwaitConditional(true), await returnAwaitConditional(false));
}

main();
