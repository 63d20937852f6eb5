/**
 * Scratch folders of the test process. Each is made with `mkdtemp` and removed when the process
 * exits, pass or fail, so that running the suite again and again does not fill the temp folder or
 * build/. `KEEP_TEST_DIRS=1` keeps them, to look at what a failing test left.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";

const made: string[] = [];

function removeAll(): void {
  if (process.env.KEEP_TEST_DIRS === "1") return;
  for (const dir of made.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // A folder that cannot be removed (still in use on some systems) is left; the run goes on.
    }
  }
}

process.on("exit", removeAll);

/** A new folder `<parent>/<prefix>XXXXXX`, removed when this process exits. */
export function tempFolder(parent: string, prefix: string): string {
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, prefix));
  made.push(dir);
  return dir;
}
