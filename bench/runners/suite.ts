// The passing suite of bench/runners-overhead.mjs, for any runner: AWAIT_TREE_FIXTURE_TESTS tests
// (default 300), each awaiting 23 traced calls (a Promise.all of two finds, then 20 sequential
// finds) of the shared fixture repository; AWAIT_TREE_FIXTURE_DB=memory answers in a microtask.
import { Db, Repo } from "../../test/runners/fixtures/repo.ts";

type Define = (name: string, fn: () => void) => void;
type It = (name: string, fn: () => Promise<void>) => void;

export function defineSuite(describe: Define, it: It): void {
  const tests = Number(process.env.AWAIT_TREE_FIXTURE_TESTS ?? "300");
  describe("Bench", () => {
    for (let i = 0; i < tests; i++) {
      it(`test ${i}`, async () => {
        const repo = new Repo(new Db(false));
        await repo.findAll([1, 2]);
        for (let k = 0; k < 20; k++) await repo.find(k);
      });
    }
  });
}
