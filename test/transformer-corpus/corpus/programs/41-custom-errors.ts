// Errors with custom properties, subclasses, causes, non-enumerable fields and AggregateError, across awaits.
export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly status: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

async function request(status: number): Promise<string> {
  await null;
  if (status >= 400) {
    const e = new HttpError(status, `status ${status}`, { cause: { url: "/x", attempt: 2 } });
    Object.defineProperty(e, "hidden", { value: "not enumerable", enumerable: false });
    (e as unknown as Record<string, unknown>).details = { retry: status === 503 };
    throw e;
  }
  return "ok";
}

async function multi(): Promise<never> {
  await null;
  throw new AggregateError([new Error("one"), new HttpError(500, "two")], "many");
}

async function frozen(): Promise<never> {
  await null;
  throw Object.freeze(Object.assign(new Error("frozen error"), { code: "FROZEN" }));
}

async function main(): Promise<void> {
  for (const s of [200, 404, 503]) {
    try {
      console.log(await request(s));
    } catch (e) {
      const h = e as HttpError & { details: unknown; hidden: string };
      console.log(
        h instanceof HttpError,
        h.name,
        h.status,
        h.message,
        JSON.stringify(h.cause),
        JSON.stringify(h.details),
        h.hidden,
        Object.keys(h).join(","),
      );
    }
  }
  try {
    await multi();
  } catch (e) {
    const a = e as AggregateError;
    console.log(a.name, a.message, a.errors.map((x: Error) => `${x.name}:${x.message}`).join(";"));
  }
  try {
    await frozen();
  } catch (e) {
    console.log(Object.isFrozen(e), (e as { code: string }).code);
  }
}

main();
