/**
 * Keeping failures as the runner prints them without the integration. An error thrown by a test passes
 * through the wrapper, `TreeRoot#run` and AsyncLocalStorage, and async hooks (enabled by the async
 * context) add `callbackTrampoline` frames: none of it is the user's. Mocha removes its own frames
 * from stacks the same way unless `--full-trace` is given, and so do we.
 */
import { join } from "node:path";
import { builtLocation } from "../../built-location";

/**
 * `dist/` of this package: the frames of the integration and of the runtime under it. From the
 * CommonJS build (`dist/cjs/integrations/core`, where this file is) or the ES module build (`dist/esm/runtime.mjs`);
 * unknown in a bundle (the bundle holds the user's frames too: nothing is trimmed).
 */
function ownDist(): string | undefined {
  if (typeof __dirname === "string" && /[\\/]dist[\\/]cjs[\\/]integrations[\\/]core$/.test(__dirname)) {
    return join(__dirname, "..", "..", "..");
  }
  return builtLocation.esmDist;
}
const ASYNC_HOOKS = /\(node:internal\/async_hooks[:)]/;
// `node:async_hooks` on Node 20; `node:internal/async_local_storage/async_hooks` (Node 22 with the
// async context on) and `.../async_context_frame` (Node 24 and later) since.
const ALS_RUN = /^\s+at AsyncLocalStorage\.run \(node:(?:async_hooks|internal\/async_local_storage\/[\w-]+)[:)]/;
const fullTrace = process.argv.includes("--full-trace");

/**
 * `dist/` of this package, and its `src/` (shipped for the source maps): with source maps on
 * (`--enable-source-maps`, the hooks' `process.setSourceMapsEnabled`) our frames name our sources.
 */
function ownFolders(dist: string): string[] {
  return [dist, join(dist, "..", "src")];
}

function own(line: string, OWN: string[]): boolean {
  return /^\s+at /.test(line) && (OWN.some((o) => line.includes(o)) || ASYNC_HOOKS.test(line));
}

/** Remove the integration's and the runtime's frames (and the async hooks' ones) from `err.stack`. */
export function trimStack(err: unknown): void {
  if (fullTrace || !(err instanceof Error)) return;
  try {
    const dist = ownDist();
    if (dist === undefined) return;
    const OWN = ownFolders(dist);
    const stack = err.stack;
    if (typeof stack !== "string" || !OWN.some((o) => stack.includes(o))) return;
    const lines = stack.split("\n");
    // An AsyncLocalStorage.run frame is ours when the frame it called is ours.
    const kept = lines.filter((l, i) => !own(l, OWN) && !(ALS_RUN.test(l) && own(lines[i - 1] ?? "", OWN)));
    err.stack = kept.join("\n");
  } catch {
    // A read-only stack stays as it is.
  }
}
