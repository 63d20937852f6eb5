/** `instrumentAwait(value, span)`: label the wait on `value` by hand. */
import * as A from "../core/arena";
import { ctx, currentSpan } from "../core/context";
import { isNativePromise, observeSettled } from "../core/settlement";
import { Span, type SpanLike, toSpan } from "../core/span-label";
import { adoptAwaited, endSpan, newWait } from "../core/spans";
import { shown } from "../core/state";
import * as Storage from "../core/storage";
import { NodeFlags } from "../core/storage";
import { setManualLabel } from "../core/tags";
import { mayBeThenable } from "../core/thenable";
import { kept } from "../core/weak-values";

/**
 * Returns `value` itself and records a wait labelled `span` while the caller awaits it.
 * In transformed code the enclosing await takes the label (and closes when the function resumes);
 * elsewhere the wait closes when a native promise settles, and a foreign thenable (which may run a
 * query on each `.then`) is never sent a `.then`: its wait ends with the span that awaits it.
 * Outside any task it does nothing.
 */
export function instrumentAwait<T>(value: T, span: SpanLike): T {
  const s = keptSpan(toSpan(span, "instrumentAwait: span"));
  if (ctx.paused) return value;
  try {
    const p = currentSpan();
    if (p === 0) return value;
    if (((Storage.flags[p] as number) & NodeFlags.Transformed) !== 0 && ctx.current === p) {
      if ((typeof value === "object" || typeof value === "function") && value !== null) setManualLabel(value, s);
      return value;
    }
    const native = isNativePromise(value);
    // Not `typeof value.then`: a `then` getter would run once more than the await runs it.
    if (!native && !mayBeThenable(value)) return value;
    const w = newWait(p, s, undefined, (s.flags << 2) | (native ? 0 : NodeFlags.EndsWithParent));
    if (w === 0) return value;
    adoptAwaited(w, value);
    if (native) {
      const h = A.handleOf(w);
      // `value` was made before this call and may have settled already (see `observeSettled`).
      observeSettled(
        value,
        () => {
          const id = A.fromHandle(h);
          if (id !== 0) endSpan(id);
        },
        true,
      );
    }
  } catch {
    // Instrumentation failures never reach the program.
  }
  return value;
}

/**
 * The label as the wait keeps it: a template's string values longer than a dump shows, as copies
 * of what it shows (weak-values.ts `kept`). A hand label on a wait that never settles kept a
 * request body whole (3,000 waits on 256 KB bodies: 750 MB). A new `Span` only when one is long:
 * the caller's own is never changed.
 */
function keptSpan(s: Span): Span {
  const values = s.values;
  // `kept` copies a string longer than a dump shows: tested by length, so it is copied once, below.
  const n = shown.chars;
  if (values === undefined || !values.some((v) => typeof v === "string" && v.length > n)) return s;
  return new Span(
    s.literal,
    s.parts,
    values.map((v) => (typeof v === "string" ? kept(v) : v)),
    s.flags,
  );
}
