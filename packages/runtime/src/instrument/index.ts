/**
 * What code emitted by `@await-tree/transformer` imports. Not for hand-written code: the names
 * and shapes here follow the transformer's version (see docs/design.md, "Emitted code").
 */
import { tagJoin } from "../core/tags";

export { Transformed, transformed } from "../api/traced";
export { enter, exit, mark, resume, resumeThrown, suspend } from "../core/hooks";
export { Site, site } from "../core/site";

/** `Promise.all` and friends in traced code: the result stands for all its inputs' frames. */
export function join<T>(result: T, inputs: unknown): T {
  try {
    tagJoin(result, inputs);
  } catch {
    // Instrumentation failures never reach the program.
  }
  return result;
}
