// Source maps: errors from async methods (plain and @traced), async arrows and async generators; mapped top frame.
import { traced } from "@await-tree/runtime";

const STEM = "65-stack-class-and-generator";
function top(e: unknown): string {
  for (const line of String((e as Error).stack).split("\n")) {
    const m = /at (?:async )?(\S+ )?\(?(?:file:\/\/)?[^()]*?([^/\\()]+):(\d+):(\d+)\)?$/.exec(line);
    if (m?.[2]?.startsWith(STEM)) return `${m[2]}:${m[3]}:${m[4]}`;
  }
  return "no frame in this file";
}

class Jobs {
  async plain(n: number): Promise<number> {
    await null;
    if (n > 1) throw new RangeError(`plain ${n}`);
    return n;
  }
  @traced
  async decorated(n: number): Promise<number> {
    await Promise.resolve();
    if (n > 1) throw new RangeError(`decorated ${n}`);
    return n;
  }
}

const arrow = async (flag: boolean): Promise<string> => {
  await null;
  if (flag) throw new Error("arrow");
  return "ok";
};

async function* producer(limit: number): AsyncGenerator<number, void, undefined> {
  for (let i = 0; ; i++) {
    await null;
    if (i >= limit) throw new Error(`generator limit ${limit}`);
    yield i;
  }
}

async function main(): Promise<void> {
  const j = new Jobs();
  const attempts: [string, () => Promise<unknown>][] = [
    ["plain", () => j.plain(2)],
    ["decorated", () => j.decorated(3)],
    ["arrow", () => arrow(true)],
    [
      "generator",
      async () => {
        for await (const _ of producer(2));
      },
    ],
  ];
  for (const [name, run] of attempts) {
    try {
      await run();
    } catch (e) {
      console.log(name, (e as Error).message, "at", top(e));
    }
  }
}

main();
