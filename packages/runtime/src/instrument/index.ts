/**
 * What code emitted by `@await-tree/transformer` imports: the hooks. Together with
 * `contract.ts` (version, site shape, template grammar) this is the contract between the two
 * packages; the transformer's emitter is type-checked against these exports, so renaming a hook
 * here fails its build. Not for hand-written code (see docs/design.md, "Emitted code").
 */

import { types } from "node:util";
import * as T from "../api/traced";
import { framesSince, seqOf, slotOfRef } from "../core/arena";
import * as H from "../core/hooks";
import * as S from "../core/site";
import { tagJoin, tagState } from "../core/tags";
import { startFromEnvironment } from "../integrations/from-env";
import { INSTRUMENT_CONTRACT, type SiteInit } from "./contract";
import { honours } from "./version-check";
// Zero set-up: code traced by the transformer alone (traceAll, no import of the runtime) creates the
// global registry on its first call outside any task, as `@traced` code does (docs/zero-setup.md).
import "../registry/global";

// The opt-in integrations of the environment, and the loop stamp (integrations/from-env.ts).
startFromEnvironment();

// Every export is a plain data property. A re-export (`export { x } from`) compiles to a getter,
// and one getter turns a CommonJS exports object into a dictionary: each `$at.suspend(...)` then
// pays a hash lookup and can no longer be inlined (measured: 1.53x a bare await with no-op hooks).
export const Transformed: typeof T.Transformed = T.Transformed;
export type Transformed = T.Transformed;
export const transformed: typeof T.transformed = T.transformed;
export const Site: typeof S.Site = S.Site;
export type Site = S.Site;
export const enter: typeof H.enter = H.enter;
export const exit: typeof H.exit = H.exit;
export const mark: typeof H.mark = H.mark;
export const resume: typeof H.resume = H.resume;
export const resumeThrown: typeof H.resumeThrown = H.resumeThrown;
export const suspend: typeof H.suspend = H.suspend;
export const returning: typeof H.returning = H.returning;

/**
 * `var $s_1 = $at.site({...}, contract)` at a module's top: a site, created once. `contract` is the
 * contract version the code was emitted for; a version this runtime cannot honour is reported once
 * (stderr) and the site is `undefined`, on which every hook is a no-op: that code runs untraced.
 */
export function site(init: SiteInit, contract?: number): Site {
  if (contract !== INSTRUMENT_CONTRACT && !honours(contract, init?.file)) return undefined as unknown as Site;
  return new S.Site(init);
}

/**
 * Whether `inputs` can be read again without the program noticing: a real array (not a Proxy)
 * whose elements are all own data properties (no getter, no hole that reads the prototype).
 */
function unobservable(inputs: unknown): inputs is unknown[] {
  if (!Array.isArray(inputs) || types.isProxy(inputs)) return false;
  for (let i = 0; i < inputs.length; i++) {
    const d = Object.getOwnPropertyDescriptor(inputs, i);
    if (d === undefined || d.get !== undefined || d.set !== undefined) return false;
  }
  return true;
}

/**
 * `Promise.all` and friends in traced code: the result stands for all its inputs' frames: those
 * their promises are tagged with, and those frame `ref` started since `m` (while the inputs were
 * evaluated: calls whose body opened its own frame tag no promise). Code emitted before the mark
 * was passed calls `join(result, inputs)`. `awaited`: the join is an `await`'s own operand, whose
 * wait claims the frames started since its mark anyway; the result is then tagged only when the
 * inputs may carry tags (a tag is a WeakMap entry, and while one is live every await looks).
 * Emitted code passes a sixth argument, the assignment that clears its temporary (`$j = void 0`):
 * evaluated before the call, ignored here.
 */
export function join<T>(
  result: T,
  inputs: unknown,
  ref?: number,
  m?: number,
  awaited?: boolean,
  _cleared?: undefined,
): T {
  if (awaited === true && !tagState.any) return result;
  try {
    const f = typeof ref === "number" && typeof m === "number" ? slotOfRef(ref) : 0;
    const started = f !== 0 && seqOf(f) !== m ? framesSince(f, m as number) : NONE;
    if (started.length > 0 || tagState.any) tagJoin(result, unobservable(inputs) ? inputs : undefined, started);
  } catch {
    // Instrumentation failures never reach the program.
  }
  return result;
}

const NONE: readonly number[] = [];
