// Child processes for the CLI tests: long-lived targets started once and shared between cases,
// the CLI run as a user runs it (`node packages/cli/dist/bin.js dump <pid>`).
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { node, type Run, repoRoot } from "../transformer/helpers.js";

export const CLI = join(repoRoot, "packages", "cli", "dist", "bin.js");

export function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return node([CLI, ...args], { env });
}

export interface Target {
  child: ChildProcess;
  pid: number;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first stdout line matching `re` (rejects if the child exits first). */
  line(re: RegExp): Promise<RegExpExecArray>;
  stop(): Promise<void>;
}

export function start(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined>; uid?: number; gid?: number; bin?: string } = {},
): Target {
  const child = spawn(opts.bin ?? process.execPath, args, {
    cwd: opts.cwd ?? repoRoot,
    env: { ...process.env, ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
    ...(opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.gid }),
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  return {
    child,
    pid: child.pid as number,
    stdout: () => out,
    stderr: () => err,
    line(re) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const m = re.exec(out);
          if (m !== null) {
            child.stdout?.off("data", check);
            resolve(m);
            return true;
          }
          return false;
        };
        if (check()) return;
        child.stdout?.on("data", check);
        void exited.then(() => {
          if (!check()) reject(new Error(`the child exited before printing ${re}\nstdout: ${out}\nstderr: ${err}`));
        });
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** TCP ports the process listens on (from /proc, as the CLI reads them). */
export function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m !== null) inodes.add(m[1] as string);
    } catch {
      // closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const table of ["tcp", "tcp6"]) {
    for (const line of readFileSync(`/proc/${pid}/net/${table}`, "utf8").split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length >= 10 && f[3] === "0A" && inodes.has(f[9] as string)) {
        ports.push(Number.parseInt((f[1] as string).split(":")[1] as string, 16));
      }
    }
  }
  return ports.sort((a, b) => a - b);
}

/** GET http://127.0.0.1:<port><path> → body (rejects on error). */
export async function get(port: number, path: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return res.text();
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `check` every 20 ms until it holds, for 30 s at most (the state another process reaches
 * takes what a loaded machine makes it take); then the test's assertions say what was missing.
 */
export async function until(check: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await sleep(20);
}

/** A small target without the transformer: one task pending on a promise that never settles. */
export const LIGHT_TARGET = `
const rt = require(${JSON.stringify(join(repoRoot, "packages", "runtime"))});
const registry = rt.initGlobalRegistry();
registry.register("light", "light task").run(() => rt.instrumentAwait(new Promise(() => {}), "never"));
setInterval(() => {}, 1 << 30);
console.log("ready");
`;

/** A port free on 127.0.0.1 now (the system's choice, released at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
