// corpus-exit: 1
// corpus-node-options: --unhandled-rejections=strict --no-warnings
// Under --unhandled-rejections=strict an unhandled rejection of a @traced method is raised as an
// uncaught exception: an 'uncaughtException' listener sees it and sets the exit code.
import { traced } from "@await-tree/runtime";

process.on("uncaughtException", (e) => {
  console.log("uncaught:", e.message);
  process.exitCode = 1;
});

class Q {
  @traced
  async drain(): Promise<void> {
    await null;
    throw new Error("drain failed");
  }
}
new Q().drain();
setTimeout(() => console.log("still running"), 5);
