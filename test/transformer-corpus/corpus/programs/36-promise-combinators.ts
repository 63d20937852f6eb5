// Promise.all / allSettled / race / any with rejections, empty inputs, iterables and non-promise values.
async function ok<T>(v: T, turns = 1): Promise<T> {
  for (let i = 0; i < turns; i++) await null;
  return v;
}
async function bad(msg: string, turns = 1): Promise<never> {
  for (let i = 0; i < turns; i++) await null;
  throw new Error(msg);
}

function show(e: unknown): string {
  if (e instanceof AggregateError) return `AggregateError[${e.errors.map((x: Error) => x.message).join(",")}] ${e.message}`;
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

async function attempt(name: string, p: Promise<unknown>): Promise<void> {
  try {
    console.log(name, "=>", JSON.stringify(await p));
  } catch (e) {
    console.log(name, "threw", show(e));
  }
}

async function main(): Promise<void> {
  await attempt("all ok", Promise.all([ok(1), ok(2, 3), 3]));
  await attempt("all first rejection wins", Promise.all([bad("late", 3), bad("early", 1), ok(0)]));
  await attempt("all empty", Promise.all([]));
  await attempt("all set iterable", Promise.all(new Set([ok("a"), ok("b")])));
  await attempt("allSettled", Promise.allSettled([ok(1), bad("x"), 7]));
  await attempt("race value first", Promise.race([ok("slow", 4), ok("fast", 1)]));
  await attempt("race rejection first", Promise.race([ok("slow", 4), bad("quick", 1)]));
  await attempt("race plain value", Promise.race([ok("p", 1), "plain"]));
  await attempt("any skips rejections", Promise.any([bad("r1", 1), ok("winner", 2), bad("r2", 0)]));
  await attempt("any all rejected", Promise.any([bad("r1", 2), bad("r2", 1)]));
  await attempt("any empty", Promise.any([]));
  const nested = Promise.all([Promise.allSettled([bad("in")]), Promise.race([ok(1)]), Promise.any([ok(2)])]);
  await attempt("nested", nested);
}

main();
