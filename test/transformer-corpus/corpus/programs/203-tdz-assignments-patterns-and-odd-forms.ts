// More ways an identifier of an awaited expression is not evaluated: logical assignments, default
// values of destructuring patterns, a nested function or class, `typeof`, `delete` on a chain, a
// comma after a throw caught inside. None of the TDZ names below is evaluated by the program.
const id = async (x: unknown): Promise<unknown> => x;
const none: any = undefined;

async function forms(): Promise<unknown[]> {
  const out: unknown[] = [];
  let a: unknown = 1;
  let b: unknown = 0;
  let c: unknown = "set";
  out.push(await (a ||= id(KEY)));
  out.push(await (b &&= id(KEY)));
  out.push(await (c ??= id(KEY)));
  let d: unknown;
  let e: unknown;
  out.push(JSON.stringify(await ({ d = id(KEY) } = { d: "given" })));
  out.push(JSON.stringify(await ([e = id(KEY)] = ["given"])));
  out.push(d, e);
  out.push(typeof (await id(() => id(KEY))));
  out.push(typeof (await id(class { static v = () => KEY; })));
  out.push(await id(typeof UNDECLARED_GLOBAL));
  out.push(await id(delete none?.x[id(KEY) as any]));
  out.push(await ((flagFalse() && id(KEY)), id("comma")));
  return out;
}

function flagFalse(): boolean {
  return false;
}

declare const UNDECLARED_GLOBAL: unknown;

async function main(): Promise<void> {
  try {
    console.log(JSON.stringify(await forms()));
  } catch (e) {
    console.log("threw", (e as Error).name, (e as Error).message);
  }
}

main();
const KEY = "key";
