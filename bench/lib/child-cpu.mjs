// Runs a command to completion and returns its wall time and CPU time (user + system), the CPU
// time of every process it waited for included (vitest's workers, webpack's and rspack's
// threads). Read from this process's own accounting of waited-for children (`/proc/self/stat`,
// Linux); elsewhere the CPU time is NaN and only wall time is reported.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const PROC = "/proc/self/stat";
const TICK_MS = 10; // USER_HZ is 100 on Linux

function childrenCpuMs() {
  if (!existsSync(PROC)) return Number.NaN;
  // Fields after "(comm) ": state is index 0, so cutime and cstime are 13 and 14.
  const f = readFileSync(PROC, "utf8").split(") ").pop().split(" ");
  return (Number(f[13]) + Number(f[14])) * TICK_MS;
}

export function timedRun(file, args, options) {
  const cpu0 = childrenCpuMs();
  const t0 = performance.now();
  const r = spawnSync(file, args, { encoding: "utf8", ...options });
  const wall = performance.now() - t0;
  return { ...r, wall, cpu: childrenCpuMs() - cpu0 };
}

/** `timedRun` that must succeed: its wall and CPU time, or an error with `what` and the output. */
export function timedOrThrow(what, file, args, options) {
  const r = timedRun(file, args, options);
  if (r.status !== 0) throw new Error(`${what} exited with ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return { wall: r.wall, cpu: r.cpu };
}
