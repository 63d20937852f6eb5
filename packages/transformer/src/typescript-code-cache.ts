/**
 * V8's code cache for the TypeScript compiler this package loads (`typescript-for-transform`), kept
 * beside the compiled files' cache (register/cache.ts, same directory, off with it).
 *
 * A start that compiles even one file (the first start, or the first after an edit) loads the
 * compiler, about 9 MB of JavaScript: V8 compiles its top level and then, lazily, every function the
 * compile reaches. Measured on Node 20 (docs/node-hooks.md, "Cost"), that compiling was about as
 * much CPU as TypeScript's own work. With the code V8 compiled during an earlier start's first file
 * handed back (`vm.Script`'s `cachedData`), it skips most of it. The compiler runs exactly as when
 * `require` loads it: the same file, wrapped and called as Node's CommonJS loader does, with a
 * `require` of its own folder, entered in `require.cache`.
 *
 * The cache is written once: after the first file this process compiled, when there was none or V8
 * rejected it (another Node version, other V8 flags: V8 checks the data against its own version,
 * flags and the source, and the file's name carries `v8.cachedDataVersionTag()` and the compiler's
 * version too, so that versions side by side keep their own). Any failure (no cache directory, an
 * unreadable or corrupt file, a read-only disk) falls back to `require` or leaves the cache unwritten:
 * it can only cost time, never change what the compiler does.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import * as path from "node:path";
import { cachedDataVersionTag } from "node:v8";
import * as vm from "node:vm";

/** A script whose code cache is still to be written, and where. */
let unsaved: { script: vm.Script; file: string } | undefined;

/** Where the code cache of compiler `version` lives in cache directory `dir`. */
export function codeCacheFile(dir: string, version: string): string {
  return path.join(dir, `typescript-${version}-${cachedDataVersionTag()}.v8`);
}

/**
 * The exports of CommonJS module `file` (the compiler), run with the code cache in `cacheFile` when
 * V8 accepts it; undefined when it could not be loaded this way (the caller then `require`s it).
 */
export function requireWithCodeCache(file: string, cacheFile: string): unknown {
  try {
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined; // None yet: written after the first compile.
    }
    const script = new vm.Script(Module.wrap(readFileSync(file, "utf8")), { filename: file, cachedData });
    const wrapper = script.runInThisContext() as (
      exports: unknown,
      require: NodeJS.Require,
      module: Module,
      filename: string,
      dirname: string,
    ) => void;
    const m = new Module(file, module);
    m.filename = file;
    wrapper.call(m.exports, m.exports, createRequire(file), m, file, path.dirname(file));
    m.loaded = true;
    require.cache[file] = m;
    if (cachedData === undefined || script.cachedDataRejected === true) unsaved = { script, file: cacheFile };
    return m.exports;
  } catch {
    return undefined;
  }
}

/**
 * After a compile: the code cache, with every function that compile made V8 compile, if this process
 * still owes one. Once per process at most; the file is written whole or not at all.
 */
export function saveCodeCacheOnce(): void {
  const u = unsaved;
  if (u === undefined) return;
  unsaved = undefined;
  try {
    const data = u.script.createCachedData();
    mkdirSync(path.dirname(u.file), { recursive: true });
    const tmp = `${u.file}.${process.pid}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, u.file);
  } catch {
    // A read-only or full disk: the next start compiles the compiler again.
  }
}
