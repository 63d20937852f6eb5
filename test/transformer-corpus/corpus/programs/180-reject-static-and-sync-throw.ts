// corpus-exit: 1
// A @traced static method that throws before its first await: the call returns a rejected promise
// (not a synchronous throw), left unhandled, so the process exits with code 1.
import { traced } from "@await-tree/runtime";

class Boot {
  @traced
  static async start(flag: boolean): Promise<string> {
    if (!flag) throw new TypeError("not started");
    await null;
    return "started";
  }
}

let threw = false;
try {
  Boot.start(false);
} catch {
  threw = true;
}
console.log("synchronous throw:", threw);
