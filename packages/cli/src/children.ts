/**
 * The Node.js processes a target runs as its children. A supervisor (`node --watch`, nodemon,
 * pm2's daemon) or a `node:cluster` primary runs the program in a child process, and the pid a
 * user finds first (`ps`, `pgrep node`, the shell's `$!`) is often the parent's: a message that
 * says only "does not load the runtime" or "does not handle SIGUSR1" (`node --watch`'s supervisor
 * does not catch it) leaves them guessing. Read from /proc: nothing here touches them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { nodeExecutable } from "./proc";

/** Child pids of `pid`, from every thread's `children` list (a thread may fork). */
export function childrenOf(pid: number): number[] {
  const out = new Set<number>();
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  for (const tid of tasks) {
    let text = "";
    try {
      text = readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8");
    } catch {
      continue; // the thread ended meanwhile
    }
    for (const c of text.trim().split(/\s+/)) if (/^\d+$/.test(c)) out.add(Number(c));
  }
  return [...out].sort((a, b) => a - b);
}

/** Children listed in a message: a pool of hundreds would make a message nobody reads. */
const LISTED = 8;

/** The children of `pid` that run Node.js (named as Node's builds are, or holding its option strings). */
export function nodeChildrenOf(pid: number): number[] {
  return childrenOf(pid)
    .filter((c) => nodeExecutable(c)?.node === true)
    .slice(0, LISTED);
}

/**
 * What to append to a refusal of `pid` when it runs Node.js children: the pids to dump instead.
 * Empty when it has none.
 */
export function childrenHint(pid: number): string {
  const kids = nodeChildrenOf(pid);
  if (kids.length === 0) return "";
  const dumps = kids.map((c) => `await-tree dump ${c}`).join("; ");
  return `; pid ${pid} runs Node.js in ${kids.length === 1 ? "a child process" : "child processes"}: a supervisor (node --watch, nodemon, pm2) or a cluster primary runs the program there, so dump ${kids.length === 1 ? "it" : "those"} (${dumps})`;
}

/** Whether `pid` is a `node:cluster` worker: its primary gives it `NODE_UNIQUE_ID` in its environment. */
export function isClusterWorker(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, "utf8")
      .split("\0")
      .some((e) => e.startsWith("NODE_UNIQUE_ID="));
  } catch {
    return false;
  }
}
