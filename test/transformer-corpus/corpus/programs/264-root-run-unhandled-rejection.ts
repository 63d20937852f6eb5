// corpus-exit: 1
// A task run with TreeRoot#run whose promise rejects unhandled still crashes the process; a
// handled one and TreeRoot#instrument leave everything as it was.
import { Registry } from "@await-tree/runtime";

const registry = new Registry();
async function work(n: number): Promise<number> {
  await null;
  if (n < 0) throw new Error(`bad ${n}`);
  return n;
}

async function main(): Promise<void> {
  console.log(await registry.register("ok", "ok").run(() => work(1)));
  await registry
    .register("handled", "handled")
    .run(() => work(-1))
    .catch((e: Error) => console.log("caught", e.message));
  console.log(await registry.register("inst", "inst").instrument(work(2)));
  registry.register("unhandled", "unhandled").run(() => work(-2));
}
main();
