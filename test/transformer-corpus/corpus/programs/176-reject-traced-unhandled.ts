// corpus-exit: 1
// Issue 9 defect 7: a @traced method rejects and nobody handles it. Node.js reports the unhandled
// rejection and exits with code 1; neither build (decorator alone, or transformed) may swallow it.
import { traced } from "@await-tree/runtime";

class Job {
  @traced
  async run(): Promise<void> {
    await null;
    throw new Error("job failed");
  }
}

console.log("starting");
new Job().run();
