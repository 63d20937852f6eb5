/**
 * A `node:cluster` primary's workers, whose inspectors open with the primary's. When a primary's
 * inspector starts (SIGUSR1 included), Node.js emits `NODE_DEBUG_ENABLED` in it, and the cluster
 * module answers by sending SIGUSR1 to every online worker (`process._debugProcess`): each opens
 * its inspector, on its own `--inspect-port`, and nothing closes them. A dump of the primary thus
 * left every worker's inspector open (found 2026-12-05 with a 3-worker HTTP cluster; pm2's cluster
 * mode is the same, its daemon being the primary): anyone on the machine could run code in them,
 * and a later dump of a worker took that inspector for the program's own and left it open too.
 * After the primary's dump, the inspectors opened in its workers since are closed, each behind
 * the same `process.pid` check and list of dumps (sessions.ts) as the primary's.
 */
import CDP from "chrome-remote-interface";
import { childrenOf, isClusterWorker } from "./children";
import { acquireDumpLock, type DumpLock } from "./dump-lock";
import { type Connection, closeOpened, guardFrames, inspectorUrl } from "./inspector";
import { isAlive, listeningPorts, pidInsideOf } from "./proc";
import { joinStatement, newSession } from "./sessions";
import { trace } from "./trace";

export interface WorkerBefore {
  pid: number;
  /** The ports it listened on before the primary's inspector opened: none of them is closed. */
  ports: Set<number>;
}

/** The cluster workers of `pid` and their ports, read before SIGUSR1 goes to the primary. */
export function clusterWorkersOf(pid: number): WorkerBefore[] {
  return childrenOf(pid)
    .filter(isClusterWorker)
    .map((w) => ({ pid: w, ports: listeningPorts(w) }));
}

/** How long a worker's inspector gets to open after the primary's (measured: 20-150 ms). */
const OPEN_WAIT_MS = 2000;

/**
 * Closes the inspector each worker opened since `before` was read. Returns the warnings: a worker
 * whose inspector could not be closed, or did not open in time (it may open later: a worker
 * blocked in a synchronous loop opens it once it runs JavaScript again).
 */
export async function closeWorkerInspectors(before: readonly WorkerBefore[], deadline: number): Promise<string[]> {
  const warnings = await Promise.all(before.map((w) => closeOne(w, deadline)));
  return warnings.filter((w): w is string => w !== undefined);
}

async function closeOne(w: WorkerBefore, deadline: number): Promise<string | undefined> {
  const until = Math.min(Date.now() + OPEN_WAIT_MS, Math.max(deadline, Date.now() + 500));
  for (;;) {
    if (!isAlive(w.pid)) return undefined;
    for (const port of listeningPorts(w.pid)) {
      if (w.ports.has(port)) continue;
      const url = await inspectorUrl(port, Math.min(until, Date.now() + 1000));
      if (url === undefined) continue; // the worker's own server, started meanwhile
      return closeAt(w.pid, port, deadline);
    }
    if (Date.now() > until) {
      trace(`cluster worker ${w.pid}: no inspector opened`);
      return undefined;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function closeAt(pid: number, port: number, deadline: number): Promise<string | undefined> {
  const self = pidInsideOf(pid);
  // Joined as the dump that opened it: the last dump out of the worker's list closes it, whether
  // this one or another dump of that worker running now (which found it open, so would not).
  const session = newSession(deadline, true);
  let lock: DumpLock | undefined;
  try {
    // Not while another dump of the worker runs: a close that meets another session can crash
    // Node.js 20 (dump-lock.ts).
    lock = await acquireDumpLock(pid, deadline);
    // That dump may have closed it since (it was the last one out): then there is nothing to do.
    const now = listeningPorts(pid).has(port)
      ? await inspectorUrl(port, Math.max(deadline, Date.now() + 1000))
      : undefined;
    if (now === undefined) {
      trace(`cluster worker ${pid}: its inspector on port ${port} closed meanwhile`);
      return undefined;
    }
    const client = await CDP({ target: now, local: true });
    const conn: Connection = { client, port, opened: true };
    guardFrames(client, conn);
    await client.send("Runtime.evaluate", {
      expression: `(() => { if (process.pid !== ${self}) return; ${joinStatement(session)} })()`,
      silent: true,
    });
    const closed = await closeOpened(conn, pid, false, self, session);
    trace(`cluster worker ${pid}: its inspector on port ${port} ${closed.closed ? "closed" : "left open"}`);
    if (closed.closed || closed.leftFor !== undefined || closed.otherPid !== undefined) return undefined;
  } catch (e) {
    trace(`cluster worker ${pid}: ${(e as Error).message}`);
  } finally {
    await lock?.release();
  }
  return `the cluster worker ${pid}'s inspector, opened by its primary's (Node.js's cluster module sends SIGUSR1 to each worker when the primary's inspector opens), is still open on 127.0.0.1:${port}; it closes when the worker ends or calls require("node:inspector").close()`;
}
