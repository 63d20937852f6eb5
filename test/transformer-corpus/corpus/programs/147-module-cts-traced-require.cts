// corpus-configs: preserve-es2022,preserve-esnext,esm-es2022
// Issue 9 defect 5 with default options: a .cts file takes @traced from `import rt = require(...)`.
import rt = require("@await-tree/runtime");

class Jobs {
  @rt.traced
  async run(n: number): Promise<number> {
    await null;
    return n * 2;
  }
}

new Jobs().run(21).then((v) => console.log("run", v, typeof require));
