/**
 * The compiler a project hands the plugin. The package's `typescript` peer is `*`: a project on
 * TypeScript 4 may install it for the Node hooks or a bundler plugin, which bring their own
 * compiler, and npm refuses any install whose optional peer is present outside its range. So the
 * ts-patch plugin and `createTransformer`, which run in the project's own compiler, check it here.
 */
import type * as TS from "typescript";

/** The oldest TypeScript whose compiler API the transformer uses (the decorator and factory APIs of 5.0). */
export const OLDEST_TYPESCRIPT_MAJOR = 5;

/** Why `ts` cannot run the transformer, or undefined when it can. */
export function unsupportedTypescript(ts: typeof TS): string | undefined {
  const version = String((ts as { version?: unknown }).version);
  const major = Number.parseInt(version, 10);
  if (major >= OLDEST_TYPESCRIPT_MAJOR) return undefined;
  return (
    `the transformer needs TypeScript ${OLDEST_TYPESCRIPT_MAJOR}.0 or later, but this compiler is ${version} ` +
    "(the Node hooks, --import @await-tree/transformer/register, and the bundler plugins bring their own TypeScript)"
  );
}
