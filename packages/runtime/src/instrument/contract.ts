/**
 * The contract between code emitted by `@await-tree/transformer` and this runtime, in one place:
 * its version, the site descriptor's shape and the `${name}` template grammar. The hooks' names and
 * signatures are the exports of `instrument/index.ts` (the transformer's emitter is type-checked
 * against them). Also the names of the runtime's own threads, its contract with the CLI. Nearly a
 * leaf: it imports only core/thread-names.ts, itself a leaf, so the transformer and the CLI can
 * load it (the `@await-tree/runtime/contract` subpath) without loading the runtime, and the core
 * can take the site shape from it as a type.
 */

/**
 * The contract version this runtime honours, recorded by emitted code in every `site(init,
 * contract)` call. Bump it when a hook or the site shape changes meaning; the transformer's
 * `EMITTED_CONTRACT` is declared `satisfies typeof INSTRUMENT_CONTRACT`, so its build fails
 * until the emitter is updated too.
 */
export const INSTRUMENT_CONTRACT = 1 as const;

/** The oldest contract version this runtime still honours (code emitted for it still works). */
export const OLDEST_INSTRUMENT_CONTRACT = 1 as const;

// The runtime's contract with the CLI: the names of its own threads (a leaf of core/, which
// imports nothing either).
export { RUNTIME_THREAD_NAMES } from "../core/thread-names";

/** The static descriptor of an instrumented place (`$at.site({...})`, one per source location). */
export interface SiteInit {
  /** Label parts around runtime values: `["fetchUser(", ")"]` with one value. */
  parts: readonly string[];
  file?: string;
  line?: number;
  column?: number;
  /** "template": values are the user's own template (`@traced("load ${id}")`), printed raw. */
  style?: "derived" | "template";
  verbose?: boolean;
  longRunning?: boolean;
  /** The awaited expression is a single call: its traced frame may print folded into the wait. */
  call?: boolean;
  /**
   * A frame labelled with the name the user gave (`@traced("load user ${id}")`, `traced({ name },
   * fn)`), not one derived from the function: never folded under the wait on its call, whose
   * expression would hide that name. Optional: code emitted before it was added reads as derived.
   */
  named?: boolean;
  /**
   * The frame of a function without a name of its own (labelled `<anonymous>(…)`, maybe with the
   * call it was passed to): usually a callback that a callee's untraced code runs. A wait on a
   * call whose only child it is is not folded, which would read the callback's awaits as the
   * call's. Optional: code emitted before it was added folds such a wait.
   */
  anonymous?: boolean;
  /**
   * An anonymous function's frame, when the function is an argument of an awaited (or returned)
   * call: the line and column of that wait's site (`await db.transaction(async (tx) => ...)`). A
   * wait there whose only child is this frame folds with it as with the frame of a function it
   * calls: the callback is the call's own work. Optional: without it such a wait stays unfolded.
   */
  passedToWait?: { line: number; column: number };
  /**
   * The frame of an async generator's body. Its body starts in the consumer's first `next()`, so a
   * wait on `it.next()` can hold it as its only child; such a wait is not folded, since its label
   * would then stand for the generator and hide which one runs there.
   */
  generator?: boolean;
}

/** A span template split at its `${name}` placeholders: `parts.length === names.length + 1`. */
export interface SplitTemplate {
  parts: string[];
  names: string[];
}

/**
 * The grammar of span templates (`@traced("load user ${id}")`): `${` identifier `}`, spaces
 * allowed inside the braces; anything else is literal text. Used by the runtime (checked against
 * the function's parameters when the decorator is applied) and the transformer (compiled into the
 * frame's site), so both read a template the same way.
 */
export function splitTemplate(text: string): SplitTemplate {
  const re = /\$\{\s*([A-Za-z_$][\w$]*)\s*\}/g;
  const parts: string[] = [];
  const names: string[] = [];
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    parts.push(text.slice(last, m.index));
    names.push(m[1] as string);
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return { parts, names };
}
