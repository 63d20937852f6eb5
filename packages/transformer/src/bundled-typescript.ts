/**
 * The TypeScript this package depends on under its own name (`typescript-for-transform`), never
 * the user's `typescript` (which may be 7.x, without this API, or an older 5.x). Loaded on first
 * use: a start whose files all come from the cache never loads it.
 */
import type * as TS from "typescript";

const PACKAGE = "typescript-for-transform";
let loaded: typeof TS | undefined;

export function bundledTypescript(): typeof TS {
  loaded ??= require(PACKAGE) as typeof TS;
  return loaded;
}

/** Its version, read without loading the compiler. */
export function bundledTypescriptVersion(): string {
  return (require(`${PACKAGE}/package.json`) as { version: string }).version;
}
