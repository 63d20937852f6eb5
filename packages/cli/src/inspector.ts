/**
 * Reaching the target's inspector on loopback: one already open (`--inspect-port`, or the
 * target's debug port when it listens there), or one opened with SIGUSR1 and closed again at the
 * end. Only 127.0.0.1 is ever contacted.
 */
import { get } from "node:http";
import CDP from "chrome-remote-interface";
import { childrenHint } from "./children";
import { CliError } from "./errors";
import { notOpened } from "./not-opened";
import {
  catchesSignal,
  inspectAddressOf,
  isAlive,
  isLoopback,
  listeningPorts,
  nodeArgsOf,
  nodeExecutable,
  portTakenByOther,
} from "./proc";
import { oneLine } from "./sanitize";
import { IN_USE, leaveStatement, NOT_OURS, type Session } from "./sessions";
import { trace } from "./trace";

const SIGUSR1 = 10;

export interface Connection {
  client: CDP.Client;
  port: number;
  /** Whether this CLI opened the inspector (and must close it). */
  opened: boolean;
  /** A frame that was not a JSON object (the connection was then dropped): the start of it. */
  badFrame?: string;
}

interface Socket {
  removeAllListeners(event: string): void;
  on(event: string, handler: (data: unknown) => void): void;
  terminate(): void;
}

/**
 * chrome-remote-interface (0.34, pinned) parses each frame in its WebSocket's message handler with
 * nothing around it: a frame that is not JSON (a hostile or broken inspector) would throw out of
 * the event and crash the CLI. Its handler is replaced by one that parses with care: a bad frame is
 * kept for the message and the connection dropped (pending commands then fail).
 */
export function guardFrames(client: CDP.Client, conn: { badFrame?: string }): void {
  const internals = client as unknown as { _ws?: Socket; _handleMessage?: (message: object) => void };
  const ws = internals._ws;
  const handle = internals._handleMessage?.bind(client);
  if (ws === undefined || handle === undefined) return;
  ws.removeAllListeners("message");
  ws.on("message", (data) => {
    const text = String(data);
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      message = undefined;
    }
    if (message === null || typeof message !== "object") {
      conn.badFrame ??= text.slice(0, 200);
      ws.terminate();
      return;
    }
    handle(message);
  });
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
export async function inspectorUrl(port: number, deadline: number): Promise<string | undefined> {
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

/**
 * How far the connection got, for the way out when the CLI gives up or is interrupted before it
 * holds a connection: once SIGUSR1 was sent, the inspector may open after the CLI has left, and
 * then stays open; the user is told where.
 */
export interface Progress {
  /** SIGUSR1 was sent; the port the inspector opens on, when known (0: one the system chooses). */
  signalled?: { port: number; before: Set<number> };
}

/** The port the inspector opened on after SIGUSR1, or would open on, when known. */
export function signalledPort(pid: number, progress: Progress): number | undefined {
  const s = progress.signalled;
  if (s === undefined) return undefined;
  for (const port of listeningPorts(pid)) if (!s.before.has(port)) return port;
  return s.port === 0 ? undefined : s.port;
}

async function openWithSignal(
  pid: number,
  deadline: number,
  progress: Progress,
): Promise<{ port: number; opened: boolean }> {
  const args = nodeArgsOf(pid);
  const debugPort = inspectAddressOf(args).port;
  let before = listeningPorts(pid);
  // An inspector already open on the target's debug port: use it, leave it open.
  if (before.has(debugPort) && (await inspectorUrl(debugPort, deadline)) !== undefined) {
    return { port: debugPort, opened: false };
  }
  // The port is there but does not answer: another dump may be closing the inspector right now
  // (sessions.ts). Counted as there before SIGUSR1, the inspector opening again on it would never
  // be seen as new, and would be left open: wait until it answers or goes.
  if (before.has(debugPort)) {
    const settleBy = Math.min(deadline, Date.now() + 1000);
    while (Date.now() < settleBy && listeningPorts(pid).has(debugPort)) {
      if ((await inspectorUrl(debugPort, Math.min(deadline, Date.now() + 200))) !== undefined) {
        return { port: debugPort, opened: false };
      }
      await sleep(20);
    }
    before = listeningPorts(pid);
  }
  // Started with an inspector on a port the system chose (`--inspect=0`, `--inspect=127.0.0.1:0`):
  // it is one of the ports the target listens on, the one that answers as an inspector. (Only
  // then are its other ports asked: one may be the program's own server.)
  if (debugPort === 0 && hasInspectFlag(args)) {
    for (const port of before) {
      if ((await inspectorUrl(port, deadline)) !== undefined) return { port, opened: false };
    }
  }
  // `--inspect-publish-uid` without `http`: the inspector serves no /json/list, so the CLI could
  // never find its WebSocket and would leave it open (the last value given wins, as for Node.js).
  const publish = args.filter((a) => a.startsWith("--inspect-publish-uid=")).pop();
  if (publish !== undefined && !publish.slice("--inspect-publish-uid=".length).split(",").includes("http")) {
    throw new CliError(
      "inspector-cannot-open",
      `pid ${pid} was started with ${oneLine(publish, 80)}: its inspector would not publish the address await-tree connects to (/json/list over http), so nothing was sent to it; start it without that flag, or with --inspect-publish-uid=stderr,http`,
    );
  }
  if (hasFlag(args, "--disable-sigusr1")) {
    throw new CliError(
      "inspector-cannot-open",
      `pid ${pid} was started with --disable-sigusr1: its inspector cannot be opened from outside; restart it without that flag, or with --inspect=127.0.0.1:0 and pass the port with --inspect-port, or use the in-process dump (AWAIT_TREE_SIGNAL=SIGUSR2)`,
    );
  }
  const executable = nodeExecutable(pid);
  if (executable?.node === false) {
    throw new CliError(
      "inspector-cannot-open",
      `pid ${pid} runs ${oneLine(executable.exe)}, which is not Node.js: await-tree sends SIGUSR1 only to Node.js, where it opens the inspector (elsewhere it may mean something else: Apache restarts, dd prints statistics), so it sent nothing; for a Node.js program started another way, start it with --inspect=127.0.0.1:0 and pass the port with --inspect-port${childrenHint(pid)}`,
    );
  }
  if (catchesSignal(pid, SIGUSR1) === false) {
    // Sending SIGUSR1 to a process that does not catch it would terminate it.
    throw new CliError(
      "inspector-cannot-open",
      `pid ${pid} does not handle SIGUSR1 (${executable?.node === true ? "Node.js without its SIGUSR1 handler, as node --watch's supervisor process runs" : "not a Node.js process, or started with --disable-sigusr1"}): sending it would terminate the process, so await-tree did not; start it with --inspect=127.0.0.1:0 and pass the port with --inspect-port${childrenHint(pid)}`,
    );
  }
  if (portTakenByOther(pid, debugPort)) {
    throw new CliError(
      "port-taken",
      `port ${debugPort}, where pid ${pid} would open its inspector, is taken by another process: free it, or start the target with --inspect-port=0 (any free port) and let await-tree find it`,
    );
  }
  trace("SIGUSR1");
  progress.signalled = { port: debugPort, before };
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
  throw notOpened(pid, debugPort, before);
}

/** Connect to the target's inspector, opening it if needed. */
/**
 * The inspector is reachable from other machines while it is open when the target binds it to
 * another address than loopback (`--inspect-port=0.0.0.0:9229`): said before it is opened or used.
 */
function warnIfNotLoopback(pid: number): void {
  const { host, port } = inspectAddressOf(nodeArgsOf(pid));
  if (isLoopback(host)) return;
  const where = port === 0 ? `${oneLine(host, 100)} (a port the system chooses)` : `${oneLine(host, 100)}:${port}`;
  process.stderr.write(
    `await-tree: warning: pid ${pid}'s inspector listens, or opens, on ${where}, not on loopback (its command line or NODE_OPTIONS says so): while it is open, anyone who can reach that address can run code in the process\n`,
  );
}

export async function connect(
  pid: number,
  inspectPort: number | undefined,
  deadline: number,
  progress: Progress = {},
): Promise<Connection> {
  let port: number;
  let opened = false;
  warnIfNotLoopback(pid);
  if (inspectPort !== undefined) {
    if (!listeningPorts(pid).has(inspectPort)) {
      throw new CliError(
        "inspector-cannot-open",
        `pid ${pid} does not listen on port ${inspectPort}: give the port of its own inspector (the "Debugger listening on ws://127.0.0.1:<port>/…" line it printed), or leave --inspect-port out to open the inspector with SIGUSR1`,
      );
    }
    port = inspectPort;
  } else {
    ({ port, opened } = await openWithSignal(pid, deadline, progress));
  }
  let url: string | undefined;
  const answerBy = opened ? Math.max(deadline, Date.now() + 2000) : deadline;
  while (url === undefined && Date.now() < answerBy) {
    url = await inspectorUrl(port, deadline);
    if (url !== undefined) break;
    // Closed under us (another dump's end, sessions.ts): said at once, so that the dump is tried
    // again while there is time.
    if (inspectPort === undefined && !listeningPorts(pid).has(port) && isAlive(pid)) break;
    await sleep(20);
  }
  if (url === undefined) {
    if (!isAlive(pid)) throw new CliError("target-exited", `pid ${pid} exited while await-tree was connecting`);
    throw new CliError(
      "protocol",
      `port ${port} of pid ${pid} does not answer as a Node.js inspector (GET /json/list)`,
      inspectPort === undefined && !listeningPorts(pid).has(port),
    );
  }
  for (let attempt = 1; ; attempt++) {
    try {
      trace(`connecting to ${url}`);
      const client = await CDP({ target: url, local: true });
      trace("connected");
      const conn: Connection = { client, port, opened };
      guardFrames(client, conn);
      return conn;
    } catch (e) {
      if (!isAlive(pid)) throw new CliError("target-exited", `pid ${pid} exited while await-tree was connecting`);
      // Closed and opened again since its address was read (another dump's end, the next one's
      // start: sessions.ts): the old address is refused (400), the new one is read and tried.
      const again =
        inspectPort === undefined && attempt < 3 && Date.now() < deadline && listeningPorts(pid).has(port)
          ? await inspectorUrl(port, deadline)
          : undefined;
      if (again !== undefined && again !== url) {
        url = again;
        continue;
      }
      throw new CliError(
        "protocol",
        `could not connect to the inspector of pid ${pid} on port ${port}: ${(e as Error).message}`,
        inspectPort === undefined && !listeningPorts(pid).has(port),
      );
    }
  }
}

/** What became of the close: done, the port still open, or refused (the inspector was another process's). */
export type CloseOutcome = {
  closed: boolean;
  /** Left open on purpose: another dump uses it, or no await-tree CLI opened it (sessions.ts). */
  leftFor?: string;
  otherPid?: number;
  /** Why the target's JavaScript could not close it (the program replaced what the close calls). */
  failed?: string;
};

/**
 * Close an inspector this CLI opened, from inside the target, and only there: the expression first
 * checks `process.pid` (in the same evaluation: the port may have changed hands since the CLI
 * found it) and returns the pid it found instead of closing another process's inspector. When
 * SIGUSR1 arrived while the loop was blocked, Node.js also queued a start on the event loop, which
 * opens the inspector again in the poll phase of the loop's next turn: closes are queued behind it,
 * in the check phase of this turn and of the next (`setImmediate` twice), whichever phase the loop
 * was blocked in.
 */
export async function closeOpened(
  conn: Connection,
  pid: number,
  wasBlocked: boolean,
  /** `process.pid` in the target (another number in a container's PID namespace: proc.ts `pidInsideOf`). */
  seenAs: number = pid,
  /** This CLI's entry in the target's list of dumps (sessions.ts). */
  session?: Session,
): Promise<CloseOutcome> {
  // The module is found through `process.getBuiltinModule` (Node.js 20.16 and later), else the
  // console's `require` (includeCommandLineAPI): a program may have replaced either (a module stub,
  // a sandbox). What failed comes back as text; a close that worked ends the connection instead.
  const expression =
    `(() => { if (process.pid !== ${seenAs}) return process.pid; ` +
    (session === undefined ? "" : leaveStatement(session, Date.now())) +
    'let i, why = ""; ' +
    'try { i = process.getBuiltinModule("node:inspector"); } catch (e) { why = "process.getBuiltinModule threw " + String(e); } ' +
    'if (i == null || typeof i.close !== "function") { try { i = require("node:inspector"); } catch (e) { why += (why ? "; " : "") + "require threw " + String(e); } } ' +
    'if (i == null || typeof i.close !== "function") return "no inspector module" + (why ? " (" + why + ")" : ""); ' +
    (wasBlocked
      ? "const again = () => { try { i.close(); } catch {} }; setImmediate(() => { again(); setImmediate(again); }); "
      : "") +
    'try { i.close(); } catch (e) { return "close() threw " + String(e); } return "close() returned"; })()';
  // The close ends this connection: no answer comes back (but for a refusal).
  let timer: NodeJS.Timeout | undefined;
  const answer = await Promise.race([
    conn.client
      .send("Runtime.evaluate", { expression, silent: true, includeCommandLineAPI: true, returnByValue: true })
      .catch(() => undefined),
    new Promise<undefined>((r) => {
      timer = setTimeout(() => r(undefined), 500);
    }),
  ]);
  clearTimeout(timer);
  const other = answer?.result?.value;
  trace(
    typeof other === "number"
      ? `close refused: pid ${other}`
      : `close evaluated${typeof other === "string" ? `: ${other}` : ""}`,
  );
  await conn.client.close().catch(() => undefined);
  trace("disconnected");
  if (typeof other === "number" && other !== seenAs) return { closed: false, otherPid: other };
  if (other === IN_USE || other === NOT_OURS) return { closed: false, leftFor: other };
  // The port closes within milliseconds of the close; a busy machine can take longer to let the
  // target's inspector thread run, so the warning that it is still open waits 3 s, as the open does.
  const failed = typeof other === "string" && other !== "close() returned" ? oneLine(other, 200) : undefined;
  const until = Date.now() + (failed === undefined ? 3000 : 200);
  while (Date.now() < until) {
    if (!isAlive(pid) || !listeningPorts(pid).has(conn.port)) return { closed: true };
    await sleep(10);
  }
  return failed === undefined ? { closed: false } : { closed: false, failed };
}
