/**
 * The child side of live-tspc.ts: `node live-tspc-child.js <patched tsc.js> <code cache> <tsc.js
 * path> <ts-patch compiler file> [tsc arguments]` runs ts-patch's patched compiler exactly as
 * `ts-patch/compiler/tsc.js` does (the same wrapper, `require` base and `__filename`), after taking
 * its own four arguments off `process.argv` so that the compiler sees only its own. The first child
 * leaves V8's code cache of the compiler (with the functions its compile used) for the others; a
 * cache V8 rejects costs only the compile it would have saved.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { Script } from "node:vm";

const [sourceFile, cacheFile, modulePath, requireBase] = process.argv.splice(2, 4) as [string, string, string, string];
const js = readFileSync(sourceFile, "utf8");
// The wrapper of ts-patch/compiler/tsc.js, character for character.
const source = `
    (function (exports, require, module, __filename, __dirname) {
      ${js}
    });
  `;
let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined; // the first compile of this run: it writes the cache
}
const script = new Script(source, { cachedData });
const wrapper = script.runInThisContext() as (
  exports: object,
  require: NodeJS.Require,
  module: object,
  filename: string,
  dirname: string,
) => void;
if (cachedData === undefined) {
  // At exit the cache holds the functions the compile ran, not only the top level.
  process.on("exit", () => {
    try {
      const partial = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(partial, script.createCachedData());
      renameSync(partial, cacheFile);
    } catch {
      // Another child wrote it, or the folder is gone: the next compile goes without.
    }
  });
}
const module = { exports: {} };
wrapper.call(module.exports, module.exports, createRequire(requireBase), module, modulePath, dirname(modulePath));
