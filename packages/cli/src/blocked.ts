/**
 * The stack of a blocked thread (the main thread, or a worker through its session over the main
 * inspector: worker-session.ts): `Debugger.enable` (the scripts, with their source map URLs,
 * are announced), `Debugger.pause` (the thread stops at its next JavaScript instruction, in
 * the loop that blocks it), the call frames read, `Debugger.resume`, `Debugger.disable`: the
 * domain is on for the instant of the capture only. A thread already paused by another
 * debugger session (a developer's breakpoint) is announced as paused while the domain is enabled:
 * its frames are read, and neither pause nor resume is sent (resuming it would run the program on
 * under its developer's feet).
 */

import { type CallFrame, type MappedFrame, mapFrames, type ScriptInfo } from "@await-tree/runtime/internal/stack";

const MAX_FRAMES = 100;

/** What the capture needs of a connection: the main inspector's client, or a worker's session. */
export interface DebuggerConnection {
  send(method: string, params?: object): Promise<unknown>;
  on(event: string, listener: (params: never) => void): void;
  removeListener(event: string, listener: (params: never) => void): void;
}

export interface BlockedStack {
  frames: MappedFrame[];
  /** Frames left out past MAX_FRAMES. */
  more: number;
  error?: string;
  /** The thread was paused by another debugger session (left paused). */
  pausedElsewhere?: boolean;
}

function framesOf(p: { callFrames: CallFrame[] }, scripts: ReadonlyMap<string, ScriptInfo>): BlockedStack {
  const all = Array.isArray(p.callFrames) ? p.callFrames : [];
  return { frames: mapFrames(all.slice(0, MAX_FRAMES), scripts), more: Math.max(0, all.length - MAX_FRAMES) };
}

/** `thread` names it in the error of a capture that found no JavaScript running ("the main thread"). */
export async function captureStack(
  client: DebuggerConnection,
  deadline: number,
  thread = "the main thread",
): Promise<BlockedStack> {
  const scripts = new Map<string, ScriptInfo>();
  const onScript = (p: { scriptId: string; url: string; sourceMapURL?: string }): void => {
    if (scripts.size < 100_000) {
      scripts.set(String(p.scriptId), { url: String(p.url ?? ""), sourceMapURL: String(p.sourceMapURL ?? "") });
    }
  };
  let onPaused: ((p: { callFrames: CallFrame[] }) => void) | undefined;
  // Set when the enable's answer arrives: a pause announced before it was someone else's.
  let enabled = false;
  let foreign: { callFrames: CallFrame[] } | undefined;
  const paused = new Promise<{ callFrames: CallFrame[] }>((resolve) => {
    onPaused = (p) => {
      if (!enabled) foreign = p;
      resolve(p);
    };
  });
  client.on("Debugger.scriptParsed", onScript);
  client.on("Debugger.paused", onPaused as (params: never) => void);
  let wasPaused = false;
  try {
    await client.send("Debugger.enable");
    enabled = true;
    if (foreign !== undefined) return { ...framesOf(foreign, scripts), pausedElsewhere: true };
    await client.send("Debugger.pause");
    const waitMs = Math.max(1, Math.min(2000, deadline - Date.now()));
    let timer: NodeJS.Timeout | undefined;
    const p = await Promise.race([
      paused,
      new Promise<undefined>((r) => {
        timer = setTimeout(() => r(undefined), waitMs);
      }),
    ]);
    clearTimeout(timer);
    if (p === undefined) {
      return {
        frames: [],
        more: 0,
        error: `${thread} ran no JavaScript within 2 s (blocked in native code, or the loop turned again)`,
      };
    }
    wasPaused = true;
    return framesOf(p, scripts);
  } catch (e) {
    return { frames: [], more: 0, error: (e as Error).message };
  } finally {
    if (wasPaused) await client.send("Debugger.resume").catch(() => undefined);
    await client.send("Debugger.disable").catch(() => undefined);
    client.removeListener("Debugger.scriptParsed", onScript);
    client.removeListener("Debugger.paused", onPaused as (params: never) => void);
  }
}
