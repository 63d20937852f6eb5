/**
 * The span arena as the rest of the runtime sees it: one import for what the hooks, spans, tags,
 * the registry and the formats call. Each function lives in the arena module of its job (see
 * storage.ts); the live arrays are read from storage.ts. Every export is a plain data property
 * (no re-export getter: one getter turns a CommonJS exports object into a dictionary, see
 * instrument/index.ts), and hot callers copy what they call into module constants anyway.
 */
import * as Accessors from "./accessors";
import * as Companion from "./companion";
import * as Ends from "./ends";
import * as Handles from "./handles";
import * as Limits from "./limits";
import * as Links from "./links";
import * as Pool from "./pool";
import * as Slots from "./slots";

export const kindOf: typeof Accessors.kindOf = Accessors.kindOf;
export const rootOf: typeof Accessors.rootOf = Accessors.rootOf;
export const parentOf: typeof Accessors.parentOf = Accessors.parentOf;
export const flagsOf: typeof Accessors.flagsOf = Accessors.flagsOf;
export const seqOf: typeof Accessors.seqOf = Accessors.seqOf;
export const savedOf: typeof Accessors.savedOf = Accessors.savedOf;
export const setSaved: typeof Accessors.setSaved = Accessors.setSaved;
export const setWhere: typeof Accessors.setWhere = Accessors.setWhere;
export const setRootEntry: typeof Accessors.setRootEntry = Accessors.setRootEntry;
export const clearWhere: typeof Accessors.clearWhere = Accessors.clearWhere;
export const companionIfOpen: typeof Accessors.companionIfOpen = Accessors.companionIfOpen;
export const companionIfAwaiting: typeof Accessors.companionIfAwaiting = Accessors.companionIfAwaiting;
export const firstOf: typeof Accessors.firstOf = Accessors.firstOf;
export const nextOf: typeof Accessors.nextOf = Accessors.nextOf;
export const detachedHead: typeof Accessors.detachedHead = Accessors.detachedHead;
export const openWait: typeof Companion.openWait = Companion.openWait;
export const openWaitFast: typeof Companion.openWaitFast = Companion.openWaitFast;
export const endFrame: typeof Ends.endFrame = Ends.endFrame;
export const closeWait: typeof Ends.closeWait = Ends.closeWait;
export const end: typeof Ends.end = Ends.end;
export const endRoot: typeof Ends.endRoot = Ends.endRoot;
export const isLive: typeof Handles.isLive = Handles.isLive;
export const handleOf: typeof Handles.handleOf = Handles.handleOf;
export const fromHandle: typeof Handles.fromHandle = Handles.fromHandle;
export const genOf: typeof Handles.genOf = Handles.genOf;
export const liveAs: typeof Handles.liveAs = Handles.liveAs;
export const handleFrom: typeof Handles.handleFrom = Handles.handleFrom;
export const refOf: typeof Handles.refOf = Handles.refOf;
export const slotOfRef: typeof Handles.slotOfRef = Handles.slotOfRef;
export const slotBitsOfRef: typeof Handles.slotBitsOfRef = Handles.slotBitsOfRef;
export const setDetachedLimit: typeof Limits.setDetachedLimit = Limits.setDetachedLimit;
export const detachedLimit: typeof Limits.detachedLimit = Limits.detachedLimit;
export const setSpanLimit: typeof Limits.setSpanLimit = Limits.setSpanLimit;
export const spanLimit: typeof Limits.spanLimit = Limits.spanLimit;
export const spanStats: typeof Limits.spanStats = Limits.spanStats;
export const appendChild: typeof Links.appendChild = Links.appendChild;
export const unlink: typeof Links.unlink = Links.unlink;
export const moveUnder: typeof Links.moveUnder = Links.moveUnder;
export const adoptUnder: typeof Links.adoptUnder = Links.adoptUnder;
export const claimChildren: typeof Links.claimChildren = Links.claimChildren;
export const framesSince: typeof Links.framesSince = Links.framesSince;
export const detach: typeof Pool.detach = Pool.detach;
export const evictPooled: typeof Pool.evictPooled = Pool.evictPooled;
export const dropTree: typeof Pool.dropTree = Pool.dropTree;
export const alloc: typeof Slots.alloc = Slots.alloc;
export const allocRoot: typeof Slots.allocRoot = Slots.allocRoot;
export const allocFrame: typeof Slots.allocFrame = Slots.allocFrame;
export const release: typeof Slots.release = Slots.release;
