// Label values after a short-circuit: every awaited expression below skips the call whose argument
// is a `const` still in its temporal dead zone (declared at the end of the module). The program must
// not read it (a label that reads it again after the expression would throw where the program did not).
const log: string[] = [];
const cache: { get(k: string): Promise<string> } | undefined = undefined;
const maybeFn: ((x: unknown) => Promise<unknown>) | undefined = undefined;
const none: any = undefined;
const empty: any = {};
let flag = false;
let slot: unknown = 0;
const id = async (x: unknown): Promise<unknown> => x;

async function forms(c: boolean): Promise<unknown[]> {
  const out: unknown[] = [];
  out.push((await cache?.get(KEY)) ?? "miss");
  out.push(await (flag && id(KEY)));
  out.push(await (c ? id(KEY) : id("else")));
  out.push(await (!c ? id("then") : id(KEY)));
  out.push(await (slot ?? id(KEY)));
  out.push(await (!flag || id(KEY)));
  out.push(await maybeFn?.(KEY));
  out.push(await none?.m(KEY));
  out.push(await none?.b.c(KEY));
  out.push(await none?.b.c.d(KEY)(KEY));
  out.push(await empty.b?.(KEY));
  out.push(await empty.m?.(KEY, id(KEY)));
  out.push(await (none as any)?.[String(KEY)]);
  out.push(await (flag && (await id(KEY))));
  out.push(await Promise.all([flag && id(KEY), c ? id(KEY) : 1]));
  return out;
}

async function main(): Promise<void> {
  try {
    log.push(JSON.stringify(await forms(false)));
  } catch (e) {
    log.push(`threw ${(e as Error).name}: ${(e as Error).message}`);
  }
  console.log(log.join("\n"));
}

main();
const KEY = "key";
