/**
 * The refusal when SIGUSR1 opened no new port. Besides a handler of the program's own, a target
 * started with `--inspect-port=0` whose inspector is already open answers so: the inspector opens
 * once, and the CLI, which cannot tell it from the program's own servers without sending them a
 * request, sees no new port. Opened by whom? A parent that forwards SIGUSR1 to its child (a fork
 * wrapper's `process.on("SIGUSR1", () => child.kill("SIGUSR1"))`), a cluster primary (cluster.ts),
 * the program (`inspector.open()`). Until 2026-12-05 the message said only that the program
 * handles SIGUSR1 itself (found with a fork wrapper forwarding SIGUSR1: its child could then not be
 * dumped, and was told to remove a handler it did not have).
 */
import { childrenHint } from "./children";
import { CliError } from "./errors";

export function notOpened(pid: number, debugPort: number, before: ReadonlySet<number>): CliError {
  const ports = [...before].sort((a, b) => a - b);
  const alreadyOpen =
    debugPort === 0 && ports.length > 0
      ? `; or its inspector was already open (opened by a parent that forwards SIGUSR1 to it, by a cluster primary, or by the program): on a port the system chose, one of those it listens on (${ports.slice(0, 8).join(", ")}), the one its stderr named in "Debugger listening on ws://127.0.0.1:<port>/…": pass that port with --inspect-port`
      : "";
  return new CliError(
    "inspector-cannot-open",
    `pid ${pid} did not open its inspector after SIGUSR1: the program handles SIGUSR1 itself (process.on("SIGUSR1") stops Node.js from starting the inspector), or its main thread is blocked in native code (Node.js opens the inspector only when it runs JavaScript), or the inspector is disabled; remove that handler, or start the target with --inspect=127.0.0.1:0 and pass the port with --inspect-port, or use the in-process dump (AWAIT_TREE_SIGNAL=SIGUSR2)${alreadyOpen}${childrenHint(pid)}`,
  );
}
