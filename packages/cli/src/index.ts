/** @await-tree/cli as a library: `main(argv)` runs the command and resolves to its exit code. */

export { CliError, type ErrorCause } from "./errors";
export { main } from "./main";
export { checkTarget, uidOf } from "./proc";
