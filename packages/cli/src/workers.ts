/**
 * Worker threads through the main inspector's `NodeWorker` domain: enabled for the dump, each
 * worker attached, the dump expression evaluated there, each detached, the domain disabled.
 */
import type CDP from "chrome-remote-interface";
import { type DumpRequest, dumpExpression, type EvaluationResult, readResult } from "./evaluate";

export interface WorkerDump {
  workerId: string;
  title: string;
  result: EvaluationResult | undefined;
  error?: string;
}

interface Attached {
  sessionId: string;
  workerInfo: { workerId: string; title?: string; url?: string };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(what)), Math.max(1, ms));
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

async function evaluateIn(client: CDP.Client, w: Attached, expression: string, deadline: number): Promise<unknown> {
  const id = 1;
  const answer = new Promise<unknown>((resolve) => {
    const onMessage = (p: { sessionId: string; message: string }): void => {
      if (p.sessionId !== w.sessionId) return;
      let m: { id?: number; result?: { result?: { value?: unknown } } };
      try {
        m = JSON.parse(p.message);
      } catch {
        return;
      }
      if (m.id !== id) return;
      client.removeListener("NodeWorker.receivedMessageFromWorker", onMessage);
      resolve(m.result?.result?.value);
    };
    client.on("NodeWorker.receivedMessageFromWorker", onMessage);
  });
  await client.send("NodeWorker.sendMessageToWorker", {
    sessionId: w.sessionId,
    message: JSON.stringify({
      id,
      method: "Runtime.evaluate",
      params: { expression, returnByValue: true, silent: true },
    }),
  });
  return withTimeout(answer, deadline - Date.now(), "the worker did not answer in time");
}

export async function dumpWorkers(client: CDP.Client, request: DumpRequest, deadline: number): Promise<WorkerDump[]> {
  const attached: Attached[] = [];
  const onAttached = (p: Attached): void => {
    attached.push(p);
  };
  client.on("NodeWorker.attachedToWorker", onAttached);
  const out: WorkerDump[] = [];
  try {
    await client.send("NodeWorker.enable", { waitForDebuggerOnStart: false });
    // Existing workers are announced as the domain is enabled; give stragglers a moment.
    await new Promise((r) => setTimeout(r, 30));
    const expression = dumpExpression(request);
    for (const w of attached) {
      const title = String(w.workerInfo.title ?? "");
      try {
        const value = await evaluateIn(client, w, expression, Math.min(deadline, Date.now() + 3000));
        out.push({ workerId: String(w.workerInfo.workerId), title, result: readResult(value) });
      } catch (e) {
        out.push({ workerId: String(w.workerInfo.workerId), title, result: undefined, error: (e as Error).message });
      }
    }
  } finally {
    client.removeListener("NodeWorker.attachedToWorker", onAttached);
    for (const w of attached) await client.send("NodeWorker.detach", { sessionId: w.sessionId }).catch(() => undefined);
    await client.send("NodeWorker.disable").catch(() => undefined);
  }
  return out;
}
