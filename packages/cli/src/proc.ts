/**
 * What /proc says about the target (Linux): that it exists, whose it is, which TCP ports it
 * listens on, what its command line and signal mask say. Read-only: nothing here touches it.
 */
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync } from "node:fs";
import { basename } from "node:path";
import { CliError } from "./errors";

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** The target's real user id, from `/proc/<pid>/status` (undefined if unreadable). */
export function uidOf(pid: number): number | undefined {
  const m = /^Uid:\s+(\d+)/m.exec(read(`/proc/${pid}/status`) ?? "");
  return m === null ? undefined : Number(m[1]);
}

/**
 * The pid the process sees itself as (`process.pid`): the last of /proc's `NSpid` (a process in a
 * container's PID namespace is 1 or 2 there); `pid` itself where it has no namespace of its own.
 */
export function pidInsideOf(pid: number): number {
  const m = /^NSpid:\s+([\d\s]+)$/m.exec(read(`/proc/${pid}/status`) ?? "");
  const inner = m === null ? undefined : Number(m[1]?.trim().split(/\s+/).pop());
  return inner !== undefined && Number.isInteger(inner) && inner > 0 ? inner : pid;
}

/** The process's state letter (`R`, `S`, `T` stopped, `t` traced, `Z` zombie, ...), from /proc. */
export function stateOf(pid: number): string | undefined {
  return /^State:\s+(\S)/m.exec(read(`/proc/${pid}/status`) ?? "")?.[1];
}

/** The process (thread group) that thread `pid` belongs to: `pid` itself for a process. */
export function tgidOf(pid: number): number | undefined {
  const m = /^Tgid:\s+(\d+)/m.exec(read(`/proc/${pid}/status`) ?? "");
  return m === null ? undefined : Number(m[1]);
}

/** Whether the target catches `signal` (bit `signal - 1` of SigCgt). */
export function catchesSignal(pid: number, signal: number): boolean | undefined {
  const m = /^SigCgt:\s+([0-9a-f]+)/m.exec(read(`/proc/${pid}/status`) ?? "");
  if (m === null) return undefined;
  return ((BigInt(`0x${m[1]}`) >> BigInt(signal - 1)) & 1n) === 1n;
}

/** Names Node.js's own builds go by. */
const NODE_NAME = /^(node|nodejs)(\d+(\.\d+)*)?$/;
/** A string every Node.js binary holds (its option parser's), and few other programs. */
const NODE_MARK = Buffer.from("--inspect-port");

/**
 * The target's executable, and whether it is Node.js: named as Node's builds are, or holding
 * Node's option strings (an embedder, a single executable application, a renamed binary).
 * Undefined when the executable cannot be read (another user's, a deleted file): not known.
 * SIGUSR1 opens the inspector only in Node.js; elsewhere it may mean anything (Apache: a
 * graceful restart; dd: print statistics), and catching it (SigCgt) says nothing of which.
 */
export function nodeExecutable(pid: number): { exe: string; node: boolean | undefined } | undefined {
  let exe: string;
  try {
    exe = readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return undefined;
  }
  if (NODE_NAME.test(basename(exe))) return { exe, node: true };
  return { exe, node: holds(`/proc/${pid}/exe`, NODE_MARK) };
}

/** Whether the file at `path` holds `mark`, read in chunks (undefined when it cannot be read). */
function holds(path: string, mark: Buffer): boolean | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    const chunk = Buffer.alloc(4 << 20);
    let carry = Buffer.alloc(0);
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) return false;
      const view = Buffer.concat([carry, chunk.subarray(0, n)]);
      if (view.includes(mark)) return true;
      carry = view.subarray(Math.max(0, view.length - mark.length + 1));
    }
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** The command line and NODE_OPTIONS of the target (empty when unreadable). */
export function nodeArgsOf(pid: number): string[] {
  const args = (read(`/proc/${pid}/cmdline`) ?? "").split("\0").filter((a) => a !== "");
  const env = (read(`/proc/${pid}/environ`) ?? "").split("\0");
  const opts = env.find((e) => e.startsWith("NODE_OPTIONS="));
  if (opts !== undefined) args.push(...opts.slice("NODE_OPTIONS=".length).split(/\s+/));
  return args;
}

export interface InspectAddress {
  /** As the command line gives it ("127.0.0.1" when it names none: Node.js's default). */
  host: string;
  /** 0: a port the system chooses. */
  port: number;
}

/**
 * Where the target's inspector listens or would open on SIGUSR1: its `--inspect-port`,
 * `--debug-port`, `--inspect`, `--inspect-brk`, `--inspect-wait` (`=[host:]port`, or `=host`;
 * `--inspect-port` and `--debug-port` also take the value as the next argument), the last one
 * winning as in Node.js; else 127.0.0.1:9229.
 */
export function inspectAddressOf(args: readonly string[]): InspectAddress {
  const out: InspectAddress = { host: "127.0.0.1", port: 9229 };
  for (let i = 0; i < args.length; i++) {
    const m = /^--(inspect-port|debug-port|inspect|inspect-brk|inspect-wait)(?:=(.*))?$/.exec(args[i] as string);
    if (m === null) continue;
    let value = m[2];
    if (value === undefined && (m[1] === "inspect-port" || m[1] === "debug-port")) value = args[++i];
    if (value === undefined || value === "") continue;
    const hostPort = /^(?:(.*):)?(\d+)$/.exec(value);
    if (hostPort === null) {
      out.host = value;
    } else {
      if (hostPort[1] !== undefined) out.host = hostPort[1];
      out.port = Number(hostPort[2]);
    }
  }
  return out;
}

/** The port the target's inspector would open on SIGUSR1 (see inspectAddressOf). */
export function debugPortOf(args: readonly string[]): number {
  return inspectAddressOf(args).port;
}

/** Whether a host the inspector binds to is reachable from this machine only. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h) || h === "::ffff:127.0.0.1";
}

/** Whether the target was started paused before its first line, waiting for a debugger. */
export function waitsForDebugger(args: readonly string[]): boolean {
  return args.some((a) => /^--inspect-(?:brk|wait)(?:=|$)/.test(a));
}

/**
 * Check that `pid` is a process we may dump: it exists and belongs to the user running the CLI.
 * `selfUid` is a parameter so that the comparison is tested against real /proc entries.
 */
export function checkTarget(pid: number, selfUid: number | undefined = process.getuid?.()): void {
  try {
    process.kill(pid, 0);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ESRCH") {
      throw new CliError(
        "no-such-process",
        `no process with pid ${pid} (it may have exited; find the pid with \`ps\` or \`pgrep node\`)`,
      );
    }
    if (code !== "EPERM") throw e;
  }
  const uid = uidOf(pid);
  if (uid === undefined) {
    throw new CliError(
      "no-such-process",
      `no process with pid ${pid} in /proc (it may have exited, or /proc is not mounted)`,
    );
  }
  // Linux takes a thread's id wherever a process id goes (`top -H`, `ps -L` list them), and a
  // signal sent to it goes to its process: SIGUSR1 would open the inspector of a process the CLI
  // then refuses to dump as "another process's", and leave it open.
  const tgid = tgidOf(pid);
  if (tgid !== undefined && tgid !== pid) {
    throw new CliError(
      "wrong-target",
      `${pid} is a thread of process ${tgid}, not a process: dump the process (await-tree dump ${tgid}); nothing was sent to it`,
    );
  }
  // A process that cannot run JavaScript now would not open its inspector: said before any signal.
  const state = stateOf(pid);
  if (state === "Z" || state === "X") {
    throw new CliError(
      "target-exited",
      `pid ${pid} has exited (a zombie: its parent has not collected it yet); there is nothing left to dump`,
    );
  }
  if (state === "T" || state === "t") {
    throw new CliError(
      "wrong-target",
      `pid ${pid} is stopped (${state === "T" ? "SIGSTOP or Ctrl-Z" : "held by a debugger or tracer"}): it cannot answer until it runs again; resume it (kill -CONT ${pid}, or let the debugger go on) and dump again; nothing was sent to it`,
    );
  }
  if (selfUid !== undefined && uid !== selfUid) {
    throw new CliError(
      "permission-denied",
      `pid ${pid} belongs to user id ${uid}, not to you (user id ${selfUid}): await-tree only dumps processes of the user running it; run it as that user (e.g. sudo -u '#${uid}' npx await-tree dump ${pid})`,
    );
  }
}

interface Listener {
  port: number;
  inode: string;
  address: string;
}

function parseTcp(text: string, v6: boolean): Listener[] {
  const out: Listener[] = [];
  for (const line of text.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || f[3] !== "0A") continue; // 0A: LISTEN
    const [addr, port] = (f[1] as string).split(":");
    out.push({
      port: Number.parseInt(port as string, 16),
      inode: f[9] as string,
      address: v6 ? `[${addr}]` : (addr as string),
    });
  }
  return out;
}

/** Every listening TCP socket of the network namespace of `pid`. */
function listenersSeenBy(pid: number): Listener[] {
  return [
    ...parseTcp(read(`/proc/${pid}/net/tcp`) ?? "", false),
    ...parseTcp(read(`/proc/${pid}/net/tcp6`) ?? "", true),
  ];
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m !== null) inodes.add(m[1] as string);
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/** TCP ports `pid` itself listens on. */
export function listeningPorts(pid: number): Set<number> {
  const mine = socketInodes(pid);
  return new Set(
    listenersSeenBy(pid)
      .filter((l) => mine.has(l.inode))
      .map((l) => l.port),
  );
}

/** Whether some other socket of the target's network namespace listens on `port`. */
export function portTakenByOther(pid: number, port: number): boolean {
  // The target's own inspector opening (another dump's SIGUSR1) between the two reads looks like
  // another process's socket: taken only when three readings in a row say so.
  for (let i = 0; i < 3; i++) {
    const mine = socketInodes(pid);
    if (!listenersSeenBy(pid).some((l) => l.port === port && !mine.has(l.inode))) return false;
  }
  return true;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
