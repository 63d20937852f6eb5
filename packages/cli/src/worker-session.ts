/**
 * One worker's inspector session over the main inspector's `NodeWorker` domain, as a connection
 * with the calls the main thread's has (`send`, `on`, `removeListener`): the worker's protocol
 * messages travel inside `NodeWorker.sendMessageToWorker` and `receivedMessageFromWorker`. The
 * dump's evaluation and a busy worker's stack (blocked.ts) then go through the same code as on the
 * main thread.
 */
import type CDP from "chrome-remote-interface";
import type { DebuggerConnection } from "./blocked";

/** What a worker that exited before it answered gets in place of a dump. */
export const EXITED_DURING_DUMP = "the worker exited during the dump";

export interface WorkerSession extends DebuggerConnection {
  /**
   * Stop listening on the main connection; calls still waiting are rejected, and later ones are
   * sent without waiting for their answer.
   */
  close(): void;
}

type Listener = (params: never) => void;

interface Waiting {
  resolve(result: Record<string, unknown>): void;
  reject(e: Error): void;
}

/**
 * A session on the worker attached as `sessionId`. `gone` holds the sessions detached so far: a
 * worker that exits is detached, and the inspector still accepts messages for it (and never
 * answers), so its calls are rejected at once.
 */
export function workerSession(client: CDP.Client, sessionId: string, gone: ReadonlySet<string>): WorkerSession {
  let nextId = 1;
  let exited = gone.has(sessionId);
  let closed = false;
  const waiting = new Map<number, Waiting>();
  const listeners = new Map<string, Set<Listener>>();

  const rejectAll = (why: string): void => {
    for (const w of waiting.values()) w.reject(new Error(why));
    waiting.clear();
  };
  const onMessage = (p: { sessionId: string; message: string }): void => {
    if (p.sessionId !== sessionId) return;
    let m: unknown;
    try {
      m = JSON.parse(p.message);
    } catch {
      return;
    }
    if (typeof m !== "object" || m === null) return;
    const { id, method, params, result, error } = m as Record<string, unknown>;
    if (typeof id === "number") {
      const w = waiting.get(id);
      if (w === undefined) return;
      waiting.delete(id);
      if (typeof error === "object" && error !== null) {
        w.reject(new Error(String((error as { message?: unknown }).message ?? "the worker's inspector refused")));
      } else w.resolve(typeof result === "object" && result !== null ? (result as Record<string, unknown>) : {});
      return;
    }
    if (typeof method !== "string") return;
    for (const l of listeners.get(method) ?? []) (l as (params: unknown) => void)(params ?? {});
  };
  const onDetached = (p: { sessionId: string }): void => {
    if (p.sessionId !== sessionId) return;
    exited = true;
    rejectAll(EXITED_DURING_DUMP);
  };
  client.on("NodeWorker.receivedMessageFromWorker", onMessage as Listener);
  client.on("NodeWorker.detachedFromWorker", onDetached as Listener);

  return {
    send(method, params) {
      if (exited) return Promise.reject(new Error(EXITED_DURING_DUMP));
      const id = nextId++;
      const message = JSON.stringify({ id, method, params: params ?? {} });
      if (closed) {
        // Sent after the close: a capture whose time ran out resumes the worker it paused, in its
        // `finally`. Delivered, whatever the CLI's time; its answer is not waited for.
        client.send("NodeWorker.sendMessageToWorker", { sessionId, message }).catch(() => undefined);
        return Promise.resolve({});
      }
      const answer = new Promise<Record<string, unknown>>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
      });
      client.send("NodeWorker.sendMessageToWorker", { sessionId, message }).catch((e: Error) => {
        const w = waiting.get(id);
        if (w === undefined) return;
        waiting.delete(id);
        w.reject(e);
      });
      return answer;
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      set.add(listener);
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener);
    },
    close() {
      closed = true;
      client.removeListener("NodeWorker.receivedMessageFromWorker", onMessage as Listener);
      client.removeListener("NodeWorker.detachedFromWorker", onDetached as Listener);
      rejectAll("the worker's session was closed");
      listeners.clear();
    },
  };
}
