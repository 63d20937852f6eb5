/**
 * The seed example of await-tree, written as plain TypeScript: `@traced` on the methods and nothing
 * else. The transformer (see tsconfig.json) turns every await into a labelled span with its
 * location; compare examples/runtime/basic.ts, which labels each await by hand.
 *
 * `foo` joins `bar(3)` and `baz(2)`; `bar` awaits `baz(i)`; `baz` waits forever.
 */
import { initGlobalRegistry, register, traced } from "@await-tree/runtime";

/** A promise that never settles (await-tree's `pending()`). */
const pending = (): Promise<never> => new Promise<never>(() => {});
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

class Seed {
  @traced
  async foo(): Promise<void> {
    await Promise.all([this.bar(3), this.baz(2)]);
  }

  @traced
  async bar(i: number): Promise<void> {
    await this.baz(i);
  }

  @traced
  async baz(_i: number): Promise<void> {
    await pending();
  }
}

async function main(): Promise<void> {
  initGlobalRegistry();
  const root = register("seed", "seed");
  void root.run(() => new Seed().foo());
  await sleep(Number(process.env.SEED_DELAY_MS ?? 1000));
  console.log("--- the await tree of the task, after a while");
  process.stdout.write(root.tree()?.toString() ?? "(no tree)\n");
  console.log("--- with locations (file:line:col of each frame and await)");
  process.stdout.write(root.tree()?.toString({ locations: true }) ?? "(no tree)\n");
}

void main();
