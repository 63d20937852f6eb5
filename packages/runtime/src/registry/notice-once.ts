/**
 * The zero set-up notice once per process, not once per thread. Each worker thread that loads the
 * runtime has its own global registry, created on its first traced call, and each printed the
 * notice: a pool of 16 workers printed it 16 times (piscina's suite, traced: 134). The threads
 * share one flag through `worker_threads`' environment data, which a worker inherits from the
 * thread that starts it (a `SharedArrayBuffer` in it is shared, not copied). The flag is made when
 * the runtime loads, so that workers started afterwards see it; a worker started before, or one
 * whose data was replaced, has a flag of its own and may print its own notice.
 */
import * as threads from "node:worker_threads";
import { inSandbox } from "../realm";

const KEY = "await-tree.zero-setup-notice";

/** The process's flag (0: no thread has printed the notice), or undefined where it cannot be shared. */
const shared = { flag: undefined as Int32Array | undefined };

/**
 * Called as the runtime loads: finds the flag the starting thread passed on, or makes it. Not in a
 * sandbox (a jest file's copy): a buffer made there and kept in the thread's environment data kept
 * the file's whole context alive (`jest --detectLeaks` failed); such a copy notices for itself.
 */
export function shareNoticeFlag(): void {
  if (inSandbox()) return;
  try {
    const given = threads.getEnvironmentData(KEY);
    if (given instanceof SharedArrayBuffer && given.byteLength >= 4) {
      shared.flag = new Int32Array(given, 0, 1);
      return;
    }
    const buffer = new SharedArrayBuffer(4);
    threads.setEnvironmentData(KEY, buffer);
    shared.flag = new Int32Array(buffer);
  } catch {
    shared.flag = undefined; // no worker_threads here: each copy notices for itself
  }
}

/** Whether this thread prints the notice: the first of the process to ask. */
export function claimNotice(): boolean {
  const flag = shared.flag;
  return flag === undefined || Atomics.compareExchange(flag, 0, 0, 1) === 0;
}
