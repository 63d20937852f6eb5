// corpus-configs: preserve-es2022,preserve-esnext,esm-es2022
// Issue 9 defect 5 with a CommonJS script: a .cts file with no import or export at all (it uses
// `require` and `module.exports`), traced with traceAll.
const path = require("node:path") as typeof import("node:path");

async function base(p: string): Promise<string> {
  await null;
  return path.basename(p);
}

module.exports = { base };
base("a/b/c.txt").then((v) => console.log("base", v, Object.keys(module.exports).join(",")));
