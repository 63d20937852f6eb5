/**
 * The output of the Node hook and of the jest transformer runs in this very process, so `target: "esnext"` (what `tsc --init` writes)
 * can follow what this Node runs. TypeScript at ESNext leaves `using` and `await using` as written:
 * Node 24 and later run them natively (lowered, each disposal took one more microtask and its
 * errors read differently), Node 20 and 22 cannot parse them (tsx and the hook lowered them there
 * before, and still do). The compile cache's key includes the options, so Node versions that
 * differ here never share an entry.
 */

let awaitUsing: boolean | undefined;

/** Whether this Node parses `await using` (false where code generation from strings is off). */
export function runsAwaitUsing(): boolean {
  if (awaitUsing === undefined) {
    try {
      new Function("return async () => { await using x = null; }");
      awaitUsing = true;
    } catch {
      awaitUsing = false;
    }
  }
  return awaitUsing;
}

/** The tsconfig's `compilerOptions` (as written in JSON), with an ESNext target this Node cannot run lowered to ES2022. */
export function forThisNode(raw: Record<string, unknown>): Record<string, unknown> {
  const target = raw.target;
  if (typeof target !== "string" || target.toLowerCase() !== "esnext" || runsAwaitUsing()) return raw;
  return { ...raw, target: "ES2022" };
}
