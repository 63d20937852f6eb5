/**
 * Where the in-process integrations (signal, exit report, watchdog) write: stderr, or a file per
 * report in `AWAIT_TREE_DUMP_DIR` named `await-tree-<pid>-<time>-<reason>.txt` (a line on stderr
 * names it). Synchronous writes: a report written at exit or from a stalled process must not wait
 * for the event loop. Never throws.
 */
import { mkdirSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";

/**
 * `Date` as the runtime loaded it: fake timers replace the global (a test's frozen clock gave every
 * report one time, in its heading and its file name).
 */
const HostDate = Date;

/** The stamp used in file names: ISO time without the characters file systems dislike. */
function fileTime(d: Date): string {
  return d.toISOString().replace(/[:.]/g, "-");
}

function toStderr(text: string): void {
  try {
    writeSync(2, text);
  } catch {
    // stderr closed: nowhere left to report
  }
}

export function warn(message: string): void {
  toStderr(`await-tree: ${message}\n`);
}

export interface ReportTarget {
  /** A directory to write one file per report into; stderr when undefined. */
  dir?: string | undefined;
}

/** The directory of `AWAIT_TREE_DUMP_DIR`, read when a report is written. */
export function dumpDirFromEnv(): string | undefined {
  const d = process.env.AWAIT_TREE_DUMP_DIR;
  return d === undefined || d === "" ? undefined : d;
}

/** Write a report; returns the file written, if any. */
export function writeReport(reason: string, text: string, target: ReportTarget = {}): string | undefined {
  const dir = target.dir ?? dumpDirFromEnv();
  if (dir === undefined) {
    toStderr(text);
    return undefined;
  }
  const base = `await-tree-${process.pid}-${fileTime(new HostDate())}-${reason}`;
  let file = join(dir, `${base}.txt`);
  try {
    mkdirSync(dir, { recursive: true });
    // Never over an earlier report: two in one millisecond get `-2`, `-3`, ... (`wx` fails on a
    // file that exists).
    for (let n = 2; ; n++) {
      try {
        writeFileSync(file, text, { flag: "wx" });
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST" || n > 1000) throw e;
        file = join(dir, `${base}-${n}.txt`);
      }
    }
    warn(`${reason} report written to ${file}`);
    return file;
  } catch (e) {
    warn(`could not write ${file} (${e instanceof Error ? e.message : String(e)}); the report follows`);
    toStderr(text);
    return undefined;
  }
}

/** `await-tree <what>: pid <pid>, <ISO time>` and the dump (or `(no tasks)`). */
export function reportText(what: string, body: string): string {
  const head = `await-tree ${what}: pid ${process.pid}, ${new HostDate().toISOString()}\n`;
  return head + (body === "" ? "(no tasks)\n" : body);
}
