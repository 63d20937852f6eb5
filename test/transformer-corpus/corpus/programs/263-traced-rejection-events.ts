// corpus-skip: esm-esnext (TypeScript emits standard decorators as is for ESNext and Node 20 cannot parse them; esm-es2022 runs this program as an ES module)
// unhandledRejection and rejectionHandled see the very promises traced calls returned, and async
// stack traces keep their 'at async caller' frames through @traced methods and traced(fn).
import { traced } from "@await-tree/runtime";

class Svc {
  @traced
  async fail(tag: string): Promise<never> {
    await null;
    throw new Error(tag);
  }
}
const failFn = traced(async function failFn(tag: string): Promise<never> {
  await null;
  throw new Error(tag);
});

const svc = new Svc();
const seen: string[] = [];
const promises = new Map<Promise<unknown>, string>();
process.on("unhandledRejection", (reason, promise) => {
  seen.push(`unhandled ${(reason as Error).message} ${promises.get(promise) ?? "unknown promise"}`);
});
process.on("rejectionHandled", (promise) => seen.push(`handled later ${promises.get(promise) ?? "unknown promise"}`));

async function caller(): Promise<void> {
  await svc.fail("through caller");
}
async function outer(): Promise<void> {
  await caller();
}
function frames(e: unknown): string {
  const lines = String((e as Error).stack).split("\n");
  return lines
    .filter((l) => /at (async )?(Svc\.fail|failFn|caller|outer|fnCaller)\b/.test(l))
    .map((l) => l.trim().split(" (")[0])
    .join(" | ");
}

async function main(): Promise<void> {
  const a = svc.fail("never handled");
  promises.set(a, "a");
  const b = failFn("handled later");
  promises.set(b, "b");
  await new Promise((r) => setTimeout(r, 5));
  b.catch(() => {});
  await new Promise((r) => setTimeout(r, 5));
  await outer().catch((e) => console.log(frames(e)));
  async function fnCaller(): Promise<void> {
    await failFn("fn");
  }
  await fnCaller().catch((e) => console.log(frames(e)));
  console.log(seen.join("\n"));
}
main();
