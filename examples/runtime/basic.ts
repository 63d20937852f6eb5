/**
 * The seed example of await-tree, with the runtime API only (no transformer): `foo` joins
 * `bar(3)` and `baz(2)`; `bar` awaits `baz(i)` labelled "baz in bar"; `baz` waits forever.
 */
import { instrumentAwait, Registry, span, traced } from "@await-tree/runtime";
import { pending, show, sleep } from "./util";

const baz = traced("baz", async (i: number) => {
  // A runtime label, formatted only when the tree is printed.
  await instrumentAwait(pending(), span`pending in baz ${i}`);
});

const bar = traced("bar", async (i: number) => {
  await instrumentAwait(baz(i), "baz in bar");
});

// `foo` is the task's root future, as in the Rust example: the root span is "foo".
async function foo(): Promise<void> {
  // Spans of joined calls are siblings in the tree.
  await Promise.all([bar(3), baz(2)]);
}

async function main(): Promise<void> {
  const registry = new Registry();
  const root = registry.register("foo", "foo");
  void root.run(() => foo());
  await sleep(1000);
  show("tree of foo after 1s", registry.get("foo")?.toString());
}

void main();
