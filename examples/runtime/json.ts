/** A tree as JSON, with await-tree's field names (and our documented additions). */
import { instrumentAwait, Registry, traced } from "@await-tree/runtime";
import { pending, sleep } from "./util";

const load = traced("load user ${id}", async (id: number) => {
  await instrumentAwait(pending(), `query user ${id}`);
});

async function main(): Promise<void> {
  const registry = new Registry();
  const root = registry.register("req 42", "req 42");
  void root.run(() => load(42));
  await sleep(20);
  console.log(JSON.stringify(registry.get("req 42"), null, 2));
}

void main();
