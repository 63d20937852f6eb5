/**
 * Options of the mocha integration: the shared ones (core/options.ts), with mocha's config file
 * (`awaitTree` in `.mocharc.*` or package.json's "mocha") as the runner's own configuration.
 */
import {
  type AwaitTreeTestOptions,
  type ConfigValue,
  checkOptions as checkShared,
  type ResolvedTestOptions,
  resolveOptions as resolveShared,
} from "../core/options";

export type { AsyncContextMode, LeakMode } from "../core/options";
export { ASYNC_CONTEXT_ENV, LEAKS_ENV } from "../core/options";

export type AwaitTreeMochaOptions = AwaitTreeTestOptions;
export type ResolvedMochaOptions = ResolvedTestOptions;

const PREFIX = "@await-tree/runtime/mocha: ";

export function checkOptions(o: unknown, where: string): AwaitTreeMochaOptions {
  return checkShared(o, where, PREFIX);
}

export function resolveOptions(
  env: NodeJS.ProcessEnv,
  config: ConfigValue | undefined,
  programmatic: AwaitTreeMochaOptions,
): ResolvedMochaOptions {
  return resolveShared(env, config, programmatic, PREFIX);
}
