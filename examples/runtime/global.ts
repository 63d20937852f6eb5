/** The global registry: free functions, `Registry.current()`, and a task printing its own tree. */
import {
  collectAll,
  currentTree,
  initGlobalRegistry,
  instrumentAwait,
  Registry,
  spawn,
  traced,
} from "@await-tree/runtime";
import { sleep } from "./util";

initGlobalRegistry();

const report = traced("report", () => {
  // What a panic hook would print: the await tree of the current task, `<== current` marking us.
  process.stdout.write(`--- current tree, from inside\n${currentTree()?.toString() ?? ""}`);
});

const worker = traced("worker", async (id: number) => {
  await instrumentAwait(sleep(50 * id), `step of ${id}`);
  report();
});

async function main(): Promise<void> {
  await Promise.all([1, 2].map((id) => spawn(`worker ${id}`, `worker task ${id}`, () => worker(id))));
  void spawn("idle", "idle task", () => instrumentAwait(sleep(200), "idle"));
  console.log(
    `--- collectAll: ${collectAll().length} task(s); same registry: ${Registry.current() === Registry.tryCurrent()}`,
  );
}

void main();
