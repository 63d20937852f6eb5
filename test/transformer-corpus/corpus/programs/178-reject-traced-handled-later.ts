// A @traced method's rejection handled one macrotask later: Node.js reports it as unhandled (a
// warning under --unhandled-rejections=warn) and then handled; the event order must not change.
// corpus-node-options: --unhandled-rejections=warn --no-warnings
import { traced } from "@await-tree/runtime";

const log: string[] = [];
process.on("unhandledRejection", (r) => log.push(`unhandled: ${(r as Error).message}`));
process.on("rejectionHandled", () => log.push("handled later"));

class Job {
  @traced
  async run(): Promise<void> {
    await null;
    throw new Error("late");
  }
}

const p = new Job().run();
setTimeout(() => {
  p.catch((e: Error) => log.push(`caught ${e.message}`));
  setTimeout(() => console.log(log.join("\n")), 5);
}, 5);
