/** The command line: `await-tree dump <pid> [options]`. */
import { parseArgs } from "node:util";
import { CliError } from "./errors";

export interface DumpArgs {
  pid: number;
  json: boolean;
  locations: boolean;
  key?: string;
  verbose: boolean;
  inspectPort?: number;
  timeoutMs: number;
  maxOutput: number;
}

export const USAGE = `Usage: await-tree dump <pid> [options]

Print the await trees of every task of a running Node.js process (and of its worker threads),
even when its event loop is blocked. The process must load @await-tree/runtime and belong to you.

Options:
  --json              the JSON format instead of the text format
  --locations         append " at file:line:col" to spans whose location is known
  --key <key>         only the task whose key prints as <key> (as in "[<key>]")
  --verbose           show spans marked verbose
  --inspect-port <n>  use the inspector the process already has open on 127.0.0.1:<n>
                      (default: open it with SIGUSR1 and close it again afterwards)
  --timeout <ms>      give up after this long (default 10000)
  --max-output <n>    most characters of dump printed per thread (default 16777216)
  -h, --help          this text

See docs/cli.md (what the inspector exposes while it is open, and for how long).
`;

function positiveInteger(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new CliError(
      "usage",
      `${name} expects a whole number from 1 to ${max}, got ${JSON.stringify(value)}\n\n${USAGE}`,
    );
  }
  return Number(value);
}

/** Parse; returns undefined for --help. */
export function parseDumpArgs(argv: readonly string[]): DumpArgs | undefined {
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: "boolean" },
        locations: { type: "boolean" },
        key: { type: "string" },
        verbose: { type: "boolean" },
        "inspect-port": { type: "string" },
        timeout: { type: "string" },
        "max-output": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  }
  try {
    parsed = parse();
  } catch (e) {
    throw new CliError("usage", `${(e as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help === true) return undefined;
  const [command, pidText, ...rest] = positionals;
  if (command !== "dump") {
    throw new CliError(
      "usage",
      `${command === undefined ? "no command" : `unknown command ${JSON.stringify(command)}`}: the command is "dump"\n\n${USAGE}`,
    );
  }
  if (pidText === undefined) throw new CliError("usage", `dump needs the pid of the process\n\n${USAGE}`);
  if (rest.length > 0)
    throw new CliError("usage", `unexpected ${JSON.stringify(rest[0])}: dump takes one pid\n\n${USAGE}`);
  const pid = positiveInteger("the pid", pidText, 4_194_304) as number;
  const out: DumpArgs = {
    pid,
    json: values.json === true,
    locations: values.locations === true,
    verbose: values.verbose === true,
    timeoutMs: positiveInteger("--timeout", values.timeout, 3_600_000) ?? 10_000,
    maxOutput: positiveInteger("--max-output", values["max-output"], 500_000_000) ?? 16 * 1024 * 1024,
  };
  if (values.key !== undefined) out.key = values.key;
  const port = positiveInteger("--inspect-port", values["inspect-port"], 65535);
  if (port !== undefined) out.inspectPort = port;
  return out;
}
