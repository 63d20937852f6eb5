/**
 * The process-wide runtime object: `globalThis[Symbol.for("await-tree.runtime")]`, published by
 * the first copy of the runtime that loads in a realm (main thread or worker). The CLI, the
 * inspector and the in-process integrations find the dump there.
 *
 * Smallest version written for issue 12 (cli): it publishes; the adopt logic between two copies
 * (issue 12 point 3) belongs to this file's owner and replaces this.
 */
import { dump } from "./api/dump";

export const PROCESS_RUNTIME_KEY: unique symbol = Symbol.for("await-tree.runtime") as never;

/** Version of the transformer-runtime contract this copy honours. */
export const CONTRACT_VERSION = 1;

export interface ProcessRuntime {
  readonly version: string;
  readonly contract: number;
  dump(options?: { json?: boolean; key?: string; verbose?: boolean; locations?: boolean }): string;
}

function packageVersion(): string {
  try {
    return (require("../../package.json") as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** Publish this copy unless one is already published in this realm. */
export function publishProcessRuntime(): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[PROCESS_RUNTIME_KEY] !== undefined) return;
  const runtime: ProcessRuntime = Object.freeze({
    version: packageVersion(),
    contract: CONTRACT_VERSION,
    dump,
  });
  Object.defineProperty(g, PROCESS_RUNTIME_KEY, { value: runtime, configurable: true, writable: false });
}
