/**
 * Reaching the target's inspector on loopback: one already open (`--inspect-port`, or the
 * target's debug port when it listens there), or one opened with SIGUSR1 and closed again at the
 * end. Only 127.0.0.1 is ever contacted.
 */
import { get } from "node:http";
import CDP from "chrome-remote-interface";
import { CliError } from "./errors";
import { catchesSignal, debugPortOf, isAlive, listeningPorts, nodeArgsOf, portTakenByOther } from "./proc";
import { trace } from "./trace";

const SIGUSR1 = 10;

export interface Connection {
  client: CDP.Client;
  port: number;
  /** Whether this CLI opened the inspector (and must close it). */
  opened: boolean;
}

/** Resolves after `ms`, or rejects when the deadline passes first. */
function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** GET http://127.0.0.1:<port><path>, at most 1 MB, within `ms`. */
function getLocal(port: number, path: string, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get({ host: "127.0.0.1", port, path, agent: false, timeout: ms }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
        if (text.length > 1_000_000) req.destroy(new Error("answer too large"));
      });
      res.on("end", () => resolve(text));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("no answer")));
    req.on("error", reject);
  });
}

/**
 * Whether the inspector on `port` refuses connections: what Node.js does while a process exits
 * and waits for the debuggers attached to it (this CLI among them) to disconnect. (An inspector
 * whose main thread is merely busy or blocked still answers: its own thread serves the port.)
 */
export function refusesConnections(port: number): Promise<boolean> {
  return getLocal(port, "/json/version", 1000).then(
    () => false,
    (e: NodeJS.ErrnoException) => e.code === "ECONNREFUSED",
  );
}

/** The WebSocket URL of the inspector on `port`, or undefined when nothing inspector-like answers. */
async function inspectorUrl(port: number, deadline: number): Promise<string | undefined> {
  try {
    const text = await getLocal(port, "/json/list", Math.max(100, Math.min(2000, deadline - Date.now())));
    const list = JSON.parse(text) as Array<{ webSocketDebuggerUrl?: unknown }>;
    const url = Array.isArray(list) ? list[0]?.webSocketDebuggerUrl : undefined;
    if (typeof url !== "string") return undefined;
    // Loopback only, whatever the target says its address is.
    const u = new URL(url);
    if (u.protocol !== "ws:") return undefined;
    return `ws://127.0.0.1:${port}${u.pathname}`;
  } catch {
    return undefined;
  }
}

/** Whether the target was started with its inspector open (`--inspect`, `--inspect-brk`, `--inspect-wait`). */
function hasInspectFlag(args: readonly string[]): boolean {
  return args.some((a) => /^--inspect(?:-brk|-wait)?(?:=|$)/.test(a));
}

function hasFlag(args: readonly string[], flag: string): boolean {
  return args.some((a) => a === flag || a.startsWith(`${flag}=`));
}

async function openWithSignal(pid: number, deadline: number): Promise<{ port: number; opened: boolean }> {
  const args = nodeArgsOf(pid);
  const debugPort = debugPortOf(args);
  const before = listeningPorts(pid);
  // An inspector already open on the target's debug port: use it, leave it open.
  if (before.has(debugPort) && (await inspectorUrl(debugPort, deadline)) !== undefined) {
    return { port: debugPort, opened: false };
  }
  // Started with an inspector on a port the system chose (`--inspect=0`, `--inspect=127.0.0.1:0`):
  // it is one of the ports the target listens on, the one that answers as an inspector. (Only
  // then are its other ports asked: one may be the program's own server.)
  if (debugPort === 0 && hasInspectFlag(args)) {
    for (const port of before) {
      if ((await inspectorUrl(port, deadline)) !== undefined) return { port, opened: false };
    }
  }
  if (hasFlag(args, "--disable-sigusr1")) {
    throw new CliError(
      "inspector-cannot-open",
      `pid ${pid} was started with --disable-sigusr1: its inspector cannot be opened from outside; restart it without that flag, or with --inspect=127.0.0.1:0 and pass the port with --inspect-port, or use the in-process dump (AWAIT_TREE_SIGNAL=SIGUSR2)`,
    );
  }
  if (catchesSignal(pid, SIGUSR1) === false) {
    // Sending SIGUSR1 to a process that does not catch it would terminate it.
    throw new CliError(
      "inspector-cannot-open",
      `pid ${pid} does not handle SIGUSR1 (not a Node.js process, or started with --disable-sigusr1): sending it would terminate the process, so await-tree did not; start it with --inspect=127.0.0.1:0 and pass the port with --inspect-port`,
    );
  }
  if (portTakenByOther(pid, debugPort)) {
    throw new CliError(
      "port-taken",
      `port ${debugPort}, where pid ${pid} would open its inspector, is taken by another process: free it, or start the target with --inspect-port=0 (any free port) and let await-tree find it`,
    );
  }
  trace("SIGUSR1");
  process.kill(pid, "SIGUSR1");
  // Node.js opens it within milliseconds, even while the loop is blocked: 3 s is a refusal. Not
  // bounded by --timeout: an inspector this CLI opened must be found, to be closed again.
  const openBy = Date.now() + 3000;
  while (Date.now() < openBy) {
    await sleep(10);
    if (!isAlive(pid)) throw new CliError("target-exited", `pid ${pid} exited while its inspector was opening`);
    for (const port of listeningPorts(pid)) {
      if (!before.has(port)) {
        trace(`listening on ${port}`);
        return { port, opened: true };
      }
    }
  }
  if (portTakenByOther(pid, debugPort)) {
    throw new CliError(
      "port-taken",
      `pid ${pid} could not open its inspector: port ${debugPort} is taken by another process; free it, or start the target with --inspect-port=0`,
    );
  }
  throw new CliError(
    "inspector-cannot-open",
    `pid ${pid} did not open its inspector after SIGUSR1: the program handles SIGUSR1 itself (process.on("SIGUSR1") stops Node.js from starting the inspector), or the inspector is disabled; remove that handler, or start the target with --inspect=127.0.0.1:0 and pass the port with --inspect-port, or use the in-process dump (AWAIT_TREE_SIGNAL=SIGUSR2)`,
  );
}

/** Connect to the target's inspector, opening it if needed. */
export async function connect(pid: number, inspectPort: number | undefined, deadline: number): Promise<Connection> {
  let port: number;
  let opened = false;
  if (inspectPort !== undefined) {
    if (!listeningPorts(pid).has(inspectPort)) {
      throw new CliError(
        "inspector-cannot-open",
        `pid ${pid} does not listen on port ${inspectPort}: give the port of its own inspector (the "Debugger listening on ws://127.0.0.1:<port>/…" line it printed), or leave --inspect-port out to open the inspector with SIGUSR1`,
      );
    }
    port = inspectPort;
  } else {
    ({ port, opened } = await openWithSignal(pid, deadline));
  }
  let url: string | undefined;
  const answerBy = opened ? Math.max(deadline, Date.now() + 2000) : deadline;
  while (url === undefined && Date.now() < answerBy) {
    url = await inspectorUrl(port, deadline);
    if (url === undefined) await sleep(20);
  }
  if (url === undefined) {
    if (!isAlive(pid)) throw new CliError("target-exited", `pid ${pid} exited while await-tree was connecting`);
    throw new CliError(
      "protocol",
      `port ${port} of pid ${pid} does not answer as a Node.js inspector (GET /json/list)`,
    );
  }
  try {
    trace(`connecting to ${url}`);
    const client = await CDP({ target: url, local: true });
    trace("connected");
    return { client, port, opened };
  } catch (e) {
    if (!isAlive(pid)) throw new CliError("target-exited", `pid ${pid} exited while await-tree was connecting`);
    throw new CliError(
      "protocol",
      `could not connect to the inspector of pid ${pid} on port ${port}: ${(e as Error).message}`,
    );
  }
}

/**
 * Close an inspector this CLI opened, from inside the target. When SIGUSR1 arrived while the loop
 * was blocked, Node.js also queued a start on the event loop, which opens the inspector again in
 * the poll phase of the loop's next turn: closes are queued behind it, in the check phase of this
 * turn and of the next (`setImmediate` twice), whichever phase the loop was blocked in.
 */
export async function closeOpened(conn: Connection, pid: number, wasBlocked: boolean): Promise<boolean> {
  const expression =
    // process.getBuiltinModule from Node.js 20.16; before, the console's require (includeCommandLineAPI).
    '(() => { const i = typeof process.getBuiltinModule === "function" ? process.getBuiltinModule("node:inspector") : require("inspector"); ' +
    (wasBlocked
      ? "const again = () => { try { i.close(); } catch {} }; setImmediate(() => { again(); setImmediate(again); }); "
      : "") +
    "i.close(); })()";
  // The close ends this connection: no answer comes back.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    conn.client
      .send("Runtime.evaluate", { expression, silent: true, includeCommandLineAPI: true })
      .catch(() => undefined),
    new Promise((r) => {
      timer = setTimeout(r, 500);
    }),
  ]);
  clearTimeout(timer);
  trace("close evaluated");
  await conn.client.close().catch(() => undefined);
  trace("disconnected");
  // The port closes within milliseconds of the close; a busy machine can take longer to let the
  // target's inspector thread run, so the warning that it is still open waits 3 s, as the open does.
  const until = Date.now() + 3000;
  while (Date.now() < until) {
    if (!isAlive(pid) || !listeningPorts(pid).has(conn.port)) return true;
    await sleep(10);
  }
  return false;
}
