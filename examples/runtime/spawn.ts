/** `spawn` registers a task and runs it; the spawned tree is separate from the spawner's. */
import { instrumentAwait, Registry } from "@await-tree/runtime";
import { show, sleep } from "./util";

async function main(): Promise<void> {
  const registry = new Registry();
  const parent = registry.register("parent", "parent");
  void parent.run(async () => {
    void registry.spawn("child", "spawned child", () => instrumentAwait(sleep(500), "child work"));
    await instrumentAwait(sleep(500), "parent work");
  });
  await sleep(100);
  show("parent", registry.get("parent")?.toString());
  show("child", registry.get("child")?.toString());
}

void main();
