// corpus-configs: preserve-es2022,preserve-esnext,esm-es2022
// Issue 9 defect 5: a .cts file (CommonJS) written with `import x = require(...)`. Under `module:
// preserve` it is emitted as CommonJS, so the plugin must not add an ES `import` Node would refuse.
import fs = require("node:fs");

async function exists(path: string): Promise<boolean> {
  await null;
  return fs.existsSync(path);
}

exists("/definitely/not/here").then((v) => console.log("exists", v, typeof module));
