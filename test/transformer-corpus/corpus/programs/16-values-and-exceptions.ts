// Values, exceptions and their types through nested async calls.
export class AppError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
    this.name = "AppError";
  }
}

async function value<T>(v: T): Promise<T> {
  await null;
  return v;
}

async function fail(kind: string): Promise<never> {
  await null;
  switch (kind) {
    case "type":
      throw new TypeError("bad type");
    case "app":
      throw new AppError("app failed", 42);
    case "string":
      throw "a string";
    case "undefined":
      throw undefined;
    case "object":
      throw { plain: true };
    default:
      throw new RangeError(kind);
  }
}

function describe(e: unknown): string {
  if (e instanceof AppError) return `AppError(${e.message}, ${e.code}) instanceof Error=${e instanceof Error}`;
  if (e instanceof Error) return `${e.constructor.name}(${e.message}) name=${e.name}`;
  return `${typeof e}:${JSON.stringify(e)}`;
}

async function main(): Promise<void> {
  console.log(await value(1), await value("s"), await value(null), await value(undefined));
  console.log(JSON.stringify(await value({ a: [1, 2, { b: 3 }] })));
  const sym = Symbol("s");
  console.log((await value(sym)) === sym, typeof (await value(BigInt(10))));
  for (const k of ["type", "app", "string", "undefined", "object", "other"]) {
    try {
      await fail(k);
    } catch (e) {
      console.log(k, "->", describe(e));
    }
  }
  const settled = await Promise.allSettled([fail("app"), value(3)]);
  console.log(settled.map((s) => (s.status === "fulfilled" ? s.value : describe(s.reason))).join(" | "));
}

main();
