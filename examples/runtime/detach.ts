/**
 * A call raced against a timeout keeps running after it lost; it is then stored, the task awaits
 * something else, and finally awaits the stored call again. In between it shows as detached; when
 * awaited again it re-attaches, keeping its original start time.
 */
import { instrumentAwait, Registry, traced } from "@await-tree/runtime";
import { show, sleep } from "./util";

const timeout = traced("sleep", (ms: number) => sleep(ms));
const fut = traced("fut", async () => {
  await sleep(3000);
});
/** Like `select!`: the first of two calls wins; the loser is not cancelled (JavaScript cannot). */
const select = traced("select", (a: () => Promise<void>, b: () => Promise<void>) => Promise.race([a(), b()]));

async function work(rx: Promise<void>): Promise<void> {
  let stored: Promise<void> | undefined;
  await select(
    () => timeout(500),
    () => {
      stored = fut();
      return stored;
    },
  );
  await instrumentAwait(rx, "rx");
  await instrumentAwait(stored, "fut");
}

async function main(): Promise<void> {
  const registry = new Registry();
  const rx = sleep(1500);
  const root = registry.register("work", "work");
  const done = root.run(() => work(rx));
  await sleep(100);
  show("t = 100 ms: inside select", registry.get("work")?.toString());
  await sleep(1000);
  show("t = 1.1 s: select finished, fut kept alive elsewhere", registry.get("work")?.toString());
  await sleep(1000);
  show("t = 2.1 s: fut awaited again, re-attached", registry.get("work")?.toString());
  await done;
}

void main();
