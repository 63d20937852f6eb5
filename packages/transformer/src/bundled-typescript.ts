/**
 * The TypeScript this package depends on under its own name (`typescript-for-transform`), never
 * the user's `typescript` (which may be 7.x, without this API, or an older 5.x). Loaded on first
 * use: a start whose files all come from the cache never loads it. When it is loaded, V8's code
 * cache of an earlier start spares compiling most of it again (typescript-code-cache.ts).
 */
import type * as TS from "typescript";
import { cacheDirectory } from "./register/cache";
import { codeCacheFile, requireWithCodeCache } from "./typescript-code-cache";

const PACKAGE = "typescript-for-transform";
let loaded: typeof TS | undefined;

export function bundledTypescript(): typeof TS {
  loaded ??= load();
  return loaded;
}

function load(): typeof TS {
  const dir = cacheDirectory();
  if (dir !== undefined) {
    try {
      const file = require.resolve(PACKAGE);
      const ts = requireWithCodeCache(file, codeCacheFile(dir, bundledTypescriptVersion()));
      if (ts !== undefined) return ts as typeof TS;
    } catch {
      // Not resolved this way: `require` says why, below.
    }
  }
  return require(PACKAGE) as typeof TS;
}

/** Its version, read without loading the compiler. */
export function bundledTypescriptVersion(): string {
  return (require(`${PACKAGE}/package.json`) as { version: string }).version;
}
