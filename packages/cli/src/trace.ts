/** `AWAIT_TREE_CLI_TRACE=1`: each step of a dump with its time on stderr (for diagnosing the CLI). */
const enabled = process.env.AWAIT_TREE_CLI_TRACE === "1";
const t0 = Date.now();

export function trace(step: string): void {
  if (enabled) process.stderr.write(`[await-tree ${Date.now() - t0} ms] ${step}\n`);
}
