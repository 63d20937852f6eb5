/**
 * Whether this copy of the runtime runs in a realm of its own (a vm context: jest's test files,
 * vitest's vm pools), not Node's main realm. A vm context has its own intrinsics: its `Function` is
 * not the one Node's built-in modules were made with. Where that cannot be told, not a sandbox.
 * An object made here and stored where the host keeps it (a timer, a thread's environment data)
 * keeps the whole context alive: `jest --detectLeaks` fails the file.
 */
export function inSandbox(): boolean {
  try {
    const { Worker } = process.getBuiltinModule("node:worker_threads");
    return Worker.constructor !== Function;
  } catch {
    return false;
  }
}
