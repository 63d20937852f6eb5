/**
 * The npm package `source-map-support` under the module hooks. A program that installs it (its
 * `install()`, or `source-map-support/register`) has its `Error.prepareStackTrace` map every frame
 * through the source map it finds by reading the file *from disk*: for a file the hook compiled,
 * that is not the map of the code that runs (compiled JavaScript's own `.js.map` applied to
 * instrumented positions, a `.ts` file's compiled positions kept under its name).
 *
 * The package keeps a list of `retrieveSourceMap` handlers in its module scope, asked in order
 * before it reads anything from disk. As the package's main file is compiled, one statement is
 * appended to it (on a line of its own after the last: no line of the package moves) that puts a handler first in
 * that list, and in the copy `resetRetrieveHandlers()` restores. The handler answers only for the
 * files the hook compiled (their map, which Node keeps, carries `HOOK_MAP_MARKER`), with that
 * map, and says nothing (null) for every other file, which the package then maps as it always
 * did. Nothing else of the package changes: `install` is its own function, its formatter and its
 * `uncaughtException` shim are installed when the program installs them and not otherwise, its
 * options (`hookRequire`, `environment`, `retrieveFile`, ...) work as they did, and each copy of
 * the package gets the handler as it loads. A program that never loads it pays nothing.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";

/** The key, in the source maps the hook writes, that tells the handler a file is ours. */
export const HOOK_MAP_MARKER = "x_await_tree";

/** A map the hook writes, marked as ours. */
export function markedMap<T extends object>(map: T): T & { [HOOK_MAP_MARKER]: true } {
  return { ...map, [HOOK_MAP_MARKER]: true };
}

const MAIN_FILE = "source-map-support.js";

/** Whether `file` is the main file of a copy of the npm package `source-map-support`. */
export function isSourceMapSupport(file: string): boolean {
  if (path.basename(file) !== MAIN_FILE) return false;
  try {
    const pkg = JSON.parse(readFileSync(path.join(path.dirname(file), "package.json"), "utf8")) as { name?: unknown };
    return pkg.name === "source-map-support";
  } catch {
    return false;
  }
}

/**
 * The handler, written in the package's module scope (its `require` is the package's own; only
 * Node's built-in modules are required, which leaves no trace in its `module.children`). Node has
 * turned the map's sources into `file:` URLs: they are given back as paths, which the package
 * resolves against the frame's file (a path, or a `file:` URL for an ES module) as it resolves a
 * map's relative sources (in a copy of the payload: Node's own is left as it is).
 */
const APPENDED = `;(function(){if(typeof retrieveMapHandlers==="undefined"||!Array.isArray(retrieveMapHandlers))return;var awaitTreeRetrieveSourceMap=function(source){try{var m=require("module").findSourceMap(source);var p=m&&m.payload;if(!p||p.${HOOK_MAP_MARKER}!==true||!Array.isArray(p.sources))return null;var url=require("url");var q=Object.assign({},p);q.sources=p.sources.map(function(s){return typeof s==="string"&&s.indexOf("file:")===0?url.fileURLToPath(s):s});return{url:source,map:q}}catch(e){return null}};retrieveMapHandlers.unshift(awaitTreeRetrieveSourceMap);if(typeof originalRetrieveMapHandlers!=="undefined"&&Array.isArray(originalRetrieveMapHandlers))originalRetrieveMapHandlers.unshift(awaitTreeRetrieveSourceMap)})();`;

/**
 * The package's main file with the handler appended, on a line after its last; as it is when it
 * has been appended already (Node 22.15+ runs the load hook and then the require hook on one
 * file's code), or when the file is not the package's code as we know it (no handler list in it).
 */
export function withHookMaps(code: string): string {
  if (code.includes(APPENDED) || !code.includes("retrieveMapHandlers")) return code;
  return `${code}${code.endsWith("\n") ? "" : "\n"}${APPENDED}\n`;
}
