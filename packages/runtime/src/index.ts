/**
 * @await-tree/runtime: live await trees of every logical task in a Node.js process,
 * printed in the format of the Rust crate await-tree.
 */

export { type DumpJSON, type DumpOptions, dump } from "./api/dump";
export { instrumentAwait } from "./api/instrument-await";
export { TRACED_METADATA_KEY, type TracedArg, type TracedOptions, traced } from "./api/traced";
export { setSpanLimit, spanLimit, spanStats } from "./core/arena";
export { type Clock, ManualClock, setClock } from "./core/clock";
export { setAsyncContext } from "./core/context";
export { Span, type SpanLike, span } from "./core/span-label";
export { formatDuration } from "./format/duration";
export type { SourceLocation, SpanKind, SpanNode } from "./format/snapshot";
export { type SpanJSON, Tree, type TreeFormatOptions, type TreeJSON } from "./format/tree";
export type { ProcessRuntime } from "./process-global";
export type { RegistryConfig } from "./registry/config";
export {
  collectAll,
  currentTree,
  getTree,
  globalRegistry,
  initGlobalRegistry,
  register,
  registerAnonymous,
  resetGlobalRegistry,
  spawn,
  spawnAnonymous,
} from "./registry/global";
export { AnonymousKey, type KeyFilter, Registry, TreeRoot } from "./registry/registry";

import { startFromEnvironment } from "./integrations/from-env";

// The opt-in integrations of the environment, and the loop stamp (integrations/from-env.ts).
startFromEnvironment();
