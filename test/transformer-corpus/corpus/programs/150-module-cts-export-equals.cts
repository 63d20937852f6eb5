// corpus-configs: preserve-es2022,preserve-esnext
// Issue 9 defect 5 with `export =`: a .cts module whose only export is a function, required back by
// itself through `require.cache` (CommonJS semantics the plugin must keep).
import util = require("node:util");

async function describe(v: unknown): Promise<string> {
  await null;
  return util.inspect(v);
}
export = describe;

const self = require(__filename) as typeof describe;
self({ a: 1 }).then((s) => console.log("describe", s, self === module.exports));
