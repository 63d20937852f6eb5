// Short-circuits over block-scoped `let`/`class` names still in their temporal dead zone inside the
// traced function itself, in `await`, `return` and concise-arrow labels; the program catches what it
// would throw without the plugin too, so only a difference in behaviour shows.
const none: any = undefined;
const id = async (x: unknown): Promise<unknown> => x;

async function inner(c: boolean): Promise<unknown[]> {
  const out: unknown[] = [];
  const early = async () => none?.m(late, Later);
  out.push(await early());
  // @ts-ignore: read before its declaration on purpose (never evaluated, or throws as it should)
  out.push(await (c && id(late)));
  // @ts-ignore: read before its declaration on purpose (never evaluated, or throws as it should)
  out.push(await (c ? id(Later) : "no class read"));
  let late = "late";
  class Later {}
  out.push(await id(late), typeof (await id(Later)));
  return out;
}

async function returning(c: boolean): Promise<unknown> {
  // @ts-ignore: read before its declaration on purpose (never evaluated, or throws as it should)
  if (c) return id(afterwards);
  // @ts-ignore: read before its declaration on purpose (never evaluated, or throws as it should)
  return none?.x(afterwards) ?? "returned early";
  // biome-ignore lint/correctness/noUnreachable: the TDZ name must be declared after the returns
  const afterwards = 1;
}

async function main(): Promise<void> {
  for (const run of [() => inner(false), () => returning(false), () => returning(true)]) {
    try {
      console.log(JSON.stringify(await run()));
    } catch (e) {
      console.log("threw", (e as Error).name, (e as Error).message);
    }
  }
}

main();
