/**
 * The errors a user meets, each naming its cause and the way out. `await-tree` prints the message
 * and exits with the code (1: the dump could not be taken; 2: the command line is wrong).
 */
export type ErrorCause =
  | "usage"
  | "node-too-old"
  | "no-such-process"
  | "permission-denied"
  | "no-runtime"
  | "inspector-cannot-open"
  | "port-taken"
  | "target-exited"
  | "wrong-target"
  | "timeout"
  | "protocol"
  | "interrupted";

export class CliError extends Error {
  readonly exitCode: number;
  constructor(
    readonly reason: ErrorCause,
    message: string,
    /**
     * The target's inspector went away before the main thread's dump came back, the target alive:
     * another dump of the same process may have closed it (sessions.ts); the dump is tried again.
     */
    readonly inspectorLost = false,
  ) {
    super(message);
    this.name = "CliError";
    // 130: the shell's code for a command ended by Ctrl-C.
    this.exitCode = reason === "usage" ? 2 : reason === "interrupted" ? 130 : 1;
  }
}
