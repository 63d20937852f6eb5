// Structured stack traces (Error.prepareStackTrace, Error.captureStackTrace): the function names of the frames in
// this file and how many there are, from synchronous code, after awaits, in async generators and callbacks.
// (Line numbers of raw call sites are positions in the emitted JavaScript, so they are not printed.)
const FILE = "86-callsite-names";

function names(skip = 0): string {
  const saved = Error.prepareStackTrace;
  Error.prepareStackTrace = (_e, sites) =>
    sites
      .filter((s) => String(s.getFileName() ?? "").includes(FILE))
      .map((s) => `${s.isAsync() ? "async " : ""}${s.getFunctionName() ?? "<anonymous>"}${s.isConstructor() ? " (new)" : ""}`);
  const holder: { stack?: unknown } = {};
  Error.captureStackTrace(holder, names);
  const out = (holder.stack as string[]).slice(skip);
  Error.prepareStackTrace = saved;
  return out.join(" < ");
}

class Widget {
  constructor(readonly log: string[]) {
    log.push(`ctor: ${names()}`);
  }
  async render(depth: number): Promise<void> {
    this.log.push(`render before await: ${names()}`);
    await null;
    this.log.push(`render after await: ${names()}`);
    if (depth > 0) await this.render(depth - 1);
  }
}

async function* frames(log: string[]): AsyncGenerator<number, void, undefined> {
  log.push(`generator start: ${names()}`);
  yield 1;
  await null;
  log.push(`generator resumed: ${names()}`);
}

async function main(): Promise<void> {
  const log: string[] = [];
  const w = new Widget(log);
  await w.render(1);
  for await (const _ of frames(log));
  await Promise.all([1, 2].map(async (n) => log.push(`map callback ${n}: ${names()}`)));
  await new Promise<void>((resolve) =>
    setImmediate(async () => {
      await null;
      log.push(`immediate callback: ${names()}`);
      resolve();
    }),
  );
  const e = await (async function thrower(): Promise<Error> {
    await null;
    return new Error("for its stack");
  })();
  log.push(`own frames in a plain stack: ${String(e.stack).split("\n").filter((l) => l.includes(FILE)).length}`);
  console.log(log.join("\n"));
}

main();
