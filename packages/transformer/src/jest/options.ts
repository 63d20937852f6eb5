/**
 * Options of the jest transform entry: the ts-patch plugin's options (checked by the same code,
 * errors naming the option) plus `chain`, the transformer that runs after ours.
 */
import { OptionError, resolveOptions, type TransformerOptions } from "../options";

/** A transformer module name (`"babel-jest"`) or `[name, its options]`, as in jest's `transform`. */
export type ChainSpec = string | [string, Record<string, unknown>];

export interface JestTransformerOptions extends TransformerOptions {
  chain?: ChainSpec;
}

export class JestOptionError extends Error {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`@await-tree/transformer/jest: ${message}`);
    this.name = "AwaitTreeJestOptionError";
  }
}

export function checkJestOptions(raw: unknown): { plugin: TransformerOptions; chain: ChainSpec | undefined } {
  if (raw === undefined || raw === null) return { plugin: {}, chain: undefined };
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new JestOptionError("(options)", `the transformer options must be an object, got ${typeof raw}`);
  }
  const { chain, ...plugin } = raw as Record<string, unknown>;
  try {
    resolveOptions(plugin);
  } catch (e) {
    // The plugin's list of known options, with this entry's own one.
    if (e instanceof OptionError)
      throw new JestOptionError(e.option, e.message.replace(/\(known: ([^)]*)\)$/, "(known: $1, chain)"));
    throw e;
  }
  const validChain =
    chain === undefined ||
    (typeof chain === "string" && chain !== "") ||
    (Array.isArray(chain) &&
      chain.length === 2 &&
      typeof chain[0] === "string" &&
      chain[0] !== "" &&
      typeof chain[1] === "object" &&
      chain[1] !== null &&
      !Array.isArray(chain[1]));
  if (!validChain) {
    throw new JestOptionError(
      "chain",
      `option "chain" must be a transformer's module name or [name, options], got ${JSON.stringify(chain)}`,
    );
  }
  return { plugin: plugin as TransformerOptions, chain: chain as ChainSpec | undefined };
}
