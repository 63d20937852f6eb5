/**
 * What a runtime does with code emitted for a contract version it cannot honour: it says so once
 * on stderr (both versions and the fix) and leaves that code untraced; the program runs on.
 */
import { INSTRUMENT_CONTRACT, OLDEST_INSTRUMENT_CONTRACT } from "./contract";

let warned = false;
// As plain numbers: the literal types of the constants would make their comparisons constant.
const newest: number = INSTRUMENT_CONTRACT;
const oldest: number = OLDEST_INSTRUMENT_CONTRACT;

/** The runtime's package version, from the process-wide runtime object (process-global.ts). */
function runtimeVersion(): string {
  try {
    const g = (globalThis as Record<symbol, unknown>)[Symbol.for("await-tree.runtime")] as
      | { version?: unknown }
      | undefined;
    return typeof g?.version === "string" ? g.version : "(unknown version)";
  } catch {
    return "(unknown version)";
  }
}

/** Whether code emitted for `contract` can be traced by this runtime; warns (once) when not. */
export function honours(contract: unknown, file: string | undefined): boolean {
  if (contract === undefined) return true; // emitted before versions were recorded: contract 1
  if (typeof contract === "number" && contract >= oldest && contract <= newest && Number.isInteger(contract)) {
    return true;
  }
  if (!warned) {
    warned = true;
    try {
      process.stderr.write(`${contractMessage(contract, file)}\n`);
    } catch {
      // No stderr: nothing more can be said; the program goes on.
    }
  }
  return false;
}

export function contractMessage(contract: unknown, file: string | undefined): string {
  const newer = typeof contract === "number" && contract > newest;
  const range = oldest === newest ? `contract ${newest}` : `contracts ${oldest} to ${newest}`;
  const fix = newer
    ? "install the @await-tree/runtime release that goes with your @await-tree/transformer (npm install @await-tree/runtime@latest)"
    : "rebuild that code with the @await-tree/transformer release that goes with this runtime";
  return (
    `await-tree: ${file ?? "code"} was instrumented by @await-tree/transformer for instrument contract ` +
    `${String(contract)}, but @await-tree/runtime ${runtimeVersion()} honours ${range} only: ` +
    `its awaits are not traced (the program runs unchanged). Fix: ${fix}.`
  );
}
