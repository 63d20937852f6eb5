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
  | "protocol";

export class CliError extends Error {
  readonly exitCode: number;
  constructor(
    readonly reason: ErrorCause,
    message: string,
  ) {
    super(message);
    this.name = "CliError";
    this.exitCode = reason === "usage" ? 2 : 1;
  }
}
