/** Child processes for the corpus: at most two at a time (CI machines have 2 cores), killed on a timeout. */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { registryCa } from "../support/registry-env.js";

export interface ProcResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /**
   * CPU seconds (user and system) of the child, where the system tells (Linux); for the corpus's
   * report of where its time goes. Two children reaped at the same moment may share theirs out
   * wrongly between them, but no CPU is counted twice or lost.
   */
  cpuSeconds: number | undefined;
}

/** CPU seconds of this process's children that have ended: `cutime` + `cstime` of /proc/self/stat. */
function childrenCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    // The fields after the command name (which may hold spaces) start at its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 16 and 17 of proc(5), counted from 1 with pid and comm as 1 and 2; in clock ticks,
    // which Linux gives user space as 100 a second whatever the kernel's own rate.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

let childrenCpuSeen = childrenCpuSeconds();

/**
 * Starts the count from now: the children that other test files of the same mocha process ran
 * before the corpus must not be counted against the corpus's first child.
 */
export function resetChildrenCpu(): void {
  childrenCpuSeen = childrenCpuSeconds();
}

/** The CPU of children ended since the last call: this child's, as the exit events come one by one. */
function cpuOfEndedChild(): number | undefined {
  const now = childrenCpuSeconds();
  const before = childrenCpuSeen;
  childrenCpuSeen = now;
  return now === undefined || before === undefined ? undefined : now - before;
}

const PARALLEL = 2;

/**
 * At most `limit` tasks at a time, in order; a `background` task (the next configuration's
 * compiles) starts only when no foreground task (a run, this configuration's compile) waits, so
 * it fills the slots the foreground leaves idle without delaying the results awaited first.
 */
class Pool {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly waitingBackground: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(task: () => Promise<T>, background = false): Promise<T> {
    if (this.active < this.limit) this.active++;
    else {
      // The slot is handed over by the task that ends.
      await new Promise<void>((resolve) => (background ? this.waitingBackground : this.waiting).push(resolve));
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift() ?? this.waitingBackground.shift();
      if (next !== undefined) next();
      else this.active--;
    }
  }
}

const pool = new Pool(PARALLEL);

/** The environment of the test process without what would change a child's output or slow its start. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.FORCE_COLOR;
  delete env.NODE_V8_COVERAGE;
  // No program uses TLS: set aside as the test run does, also when the corpus runs without
  // .mocharc.cjs (scripts/registry-ca.cjs).
  registryCa.setAsideRegistryCa(env);
  // "Without a registry" means none: no global registry created on first use (docs/zero-setup.md),
  // whose notice a traceAll build would print where the plain build, tracing less, would not.
  env.AWAIT_TREE_AUTO_INIT = "0";
  return env;
}

/** Runs `node <args>` in `cwd` once a slot is free (see `Pool` for `background`). */
export function runNode(args: string[], cwd: string, timeoutMs: number, background = false): Promise<ProcResult> {
  return pool.run(
    () =>
      new Promise<ProcResult>((resolve) => {
        const child = spawn(process.execPath, args, { cwd, env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          child.kill("SIGKILL");
        }, timeoutMs);
        child.stdout.on("data", (b: Buffer) => out.push(b));
        child.stderr.on("data", (b: Buffer) => err.push(b));
        child.on("error", (e) => err.push(Buffer.from(String(e))));
        let cpuSeconds: number | undefined;
        child.on("exit", () => {
          cpuSeconds = cpuOfEndedChild();
        });
        child.on("close", (code, signal) => {
          clearTimeout(timer);
          resolve({
            cpuSeconds,
            code,
            signal,
            stdout: Buffer.concat(out).toString("utf8"),
            stderr: Buffer.concat(err).toString("utf8"),
            timedOut,
          });
        });
      }),
    background,
  );
}
