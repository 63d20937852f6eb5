// corpus-exit: 1
// A @traced call that loses a Promise.race and rejects afterwards: race subscribed to every input, so
// the late rejection is handled (no report); the program then sets exit code 1 from a timer.
import { traced } from "@await-tree/runtime";

class Net {
  @traced
  async slow(): Promise<string> {
    await new Promise((r) => setTimeout(r, 5));
    throw new Error("slow failed");
  }
  @traced
  async fast(): Promise<string> {
    await null;
    return "fast";
  }
}

async function main(): Promise<void> {
  const n = new Net();
  console.log("race", await Promise.race([n.slow(), n.fast()]));
  setTimeout(() => {
    console.log("after the loser settled");
    process.exitCode = 1;
  }, 20);
}
main();
