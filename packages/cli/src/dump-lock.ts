/**
 * One dump of a process at a time on this machine. Node.js 20's inspector can crash the target
 * (SIGSEGV in its I/O thread, `WsHandler::OnCloseFrameWritten`, while `inspector.close()` joins
 * that thread) when the inspector is closed as another WebSocket session connects to it or closes
 * its own end: three CLIs dumping one process at once killed it about once in 20-90 rounds. The
 * list of dumps in the target (sessions.ts) decides who closes; this lock keeps the CLIs of one
 * machine from overlapping at all, so that the close never meets another session.
 *
 * The lock is a listening Unix socket in Linux's abstract namespace (a name, no file): binding it
 * is atomic, and the kernel frees it when its CLI ends however it ends (a `kill -9` leaves no stale
 * lock, which a lock file would). Its holder answers a connection with its own pid, so that a
 * dump that waits too long can say who holds it. Abstract names are per network namespace: CLIs
 * in two containers that see one process do not see each other's lock (the list of dumps still
 * decides who closes).
 */
import { createConnection, createServer, type Server } from "node:net";
import { CliError } from "./errors";
import { trace } from "./trace";

/** The lock of one target, by the pid this CLI sees (one process: one pid in a namespace). */
function lockName(pid: number): string {
  return `\0await-tree/dump/${pid}`;
}

export interface DumpLock {
  release(): Promise<void>;
}

/** Binds the lock's name: the server when this CLI now holds it, undefined when another does. */
function tryBind(name: string): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => {
      socket.on("error", () => undefined);
      socket.end(`${process.pid}\n`);
    });
    server.once("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EADDRINUSE") resolve(undefined);
      else reject(e);
    });
    server.listen({ path: name, exclusive: true }, () => {
      server.removeAllListeners("error");
      server.on("error", () => undefined);
      // The lock never keeps the CLI alive by itself.
      server.unref();
      resolve(server);
    });
  });
}

/** The pid the lock's holder answers with (undefined when it does not answer within 200 ms). */
function holderOf(name: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    let text = "";
    const socket = createConnection({ path: name });
    const done = (pid: number | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(pid);
    };
    const timer = setTimeout(() => done(undefined), 200);
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      text += chunk;
      if (text.length > 32) done(undefined);
    });
    socket.on("end", () => {
      const n = Number(text.trim());
      done(Number.isSafeInteger(n) && n > 0 ? n : undefined);
    });
    socket.on("error", () => done(undefined));
  });
}

/**
 * Waits for the lock of `pid`, until `deadline` or until `stop` rejects (Ctrl-C): then throws (the
 * dump was not started; nothing was sent to the target). Where the platform has no abstract
 * sockets (not Linux), the dump goes on without the lock.
 */
export async function acquireDumpLock(
  pid: number,
  deadline: number,
  stop: Promise<never> = new Promise<never>(() => undefined),
): Promise<DumpLock> {
  const name = lockName(pid);
  let waited = false;
  for (let pause = 10; ; pause = Math.min(100, pause * 2)) {
    let server: Server | undefined;
    try {
      server = await tryBind(name);
    } catch (e) {
      trace(`no dump lock (${(e as Error).message}): going on without it`);
      return { release: async () => undefined };
    }
    if (server !== undefined) {
      const held = server;
      if (waited) trace(`dump lock of pid ${pid} taken`);
      return { release: () => new Promise<void>((r) => held.close(() => r())) };
    }
    if (!waited) trace(`another await-tree dump of pid ${pid} is in progress: waiting for it`);
    waited = true;
    // Given up in time to ask who holds it and still end by --timeout.
    if (Date.now() + pause + 200 >= deadline) {
      const holder = await holderOf(name);
      throw new CliError(
        "timeout",
        `another await-tree dump of pid ${pid}${holder === undefined ? "" : ` (await-tree pid ${holder})`} was still in progress at --timeout: await-tree dumps a process one dump at a time on a machine; try again when it has ended, or with a longer --timeout`,
      );
    }
    await Promise.race([new Promise((r) => setTimeout(r, pause)), stop]);
  }
}
