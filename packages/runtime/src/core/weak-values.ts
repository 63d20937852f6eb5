/**
 * Label values that are objects must not keep the program's objects alive: a call that never
 * settles and that nothing references any more is garbage for V8, and its label's values must be
 * too (`await never(buf)` must not keep `buf`).
 *
 * A span stores its values as given (no cost while it is short-lived). The last `WINDOW` spans
 * recorded with an object value are remembered in a ring; when a span leaves the ring and still
 * holds the same values, its object values are let go:
 *
 * - a label derived from source prints an object as its class name, `Array(n)`, `{…}`...
 *   (core/label-value.ts, which runs no user code): that text is computed then and kept instead
 *   (described.ts);
 * - a user's template (`@traced("load ${id}")`, a template site) prints `String(value)`, which
 *   may run user code and so cannot run now: the value is held through a WeakRef (`Held`). V8
 *   keeps a WeakRef's target alive until the current job ends, so objects of spans recorded in
 *   one long synchronous loop are let go when that loop's job ends, not during it;
 * - values of a span whose label does not print them (a hand label) are dropped.
 *
 * So a span pending for longer than `WINDOW` later object-valued records, or past the end of the
 * event-loop turn that recorded it (see `flush`), costs one description or one WeakRef (a few
 * hundred ns, more than the await it labels: which is why a short-lived span never gets one), and
 * at most `WINDOW` objects are held strongly, only until that turn ends. A dump reads values back
 * (`readValues`): a collected one prints `<collected>`.
 *
 * Nothing here runs user code: no getter, no Proxy trap (core/label-value.ts checks for proxies
 * first), `Array.isArray` and indexing only on arrays the runtime built (the emitted `[a, b]` of
 * several values, a wrapper's arguments), intrinsic `Date` methods.
 */
import { setImmediate as timersSetImmediate } from "node:timers";
import * as Descriptions from "./described";
import { outsideZones } from "./outside-zones";
import { Site } from "./site";
import * as State from "./state";

// Module constants, which V8 folds (an imported binding is a load through the other module's exports).
const { Described, describe, printing } = Descriptions;
const shown = State.shown;

/** Object values held strongly: the last 16 recorded (at most 16 user objects kept by labels). */
const WINDOW = 16;

/**
 * A weakly held label value: our own class, recognised by a private brand (`#held in v` runs no
 * Proxy trap, unlike `instanceof`), so a user's own WeakRef value is never unwrapped.
 */
class Held extends WeakRef<object> {
  readonly #held = true;
  static is(v: unknown): v is Held {
    return typeof v === "object" && v !== null && #held in v;
  }
}

/** What a collected value prints: `<collected>` as a derived label (class name) and as a template. */
class CollectedValue {
  toString(): string {
    return "<collected>";
  }
}
Object.defineProperty(CollectedValue, "name", { value: "<collected>" });
const COLLECTED: object = new CollectedValue();

/**
 * The ring: slot ids and their generations when recorded (fixed size). The generation names the
 * span (a frame's changes when its slot is freed, a companion wait's at every opening with an
 * object value), so a ring entry whose generation still matches is the same span, still holding
 * the values it was recorded with (or their let-go forms). The ring holds no value itself: what a
 * span holds is let go when the span ends (its slot's values are cleared), whatever the ring says.
 */
const ringSlots = new Int32Array(WINDOW);
const ringGens = new Uint32Array(WINDOW);
const ring = { at: 0 };

/**
 * `node:timers`' own `setImmediate`, not the global's: fake timers replace the global (sinon's,
 * `vi.useFakeTimers()`, and jest's `fakeTimers: { enableGlobally: true }` before any setup file
 * loads the runtime), and the flush would then be one of the test's timers (counted by
 * `vi.getTimerCount()` and `jest.getTimerCount()`, run by `clock.next()` or
 * `jest.advanceTimersToNextTimer()` in place of the test's own). Absent in a browser: the window
 * bounds what is kept there.
 */
const hostSetImmediate: ((callback: () => void) => { unref(): unknown }) | undefined =
  typeof timersSetImmediate === "function" ? timersSetImmediate : undefined;

/**
 * `vals` as a span keeps it: a string longer than any dump shows (state.ts `shown`) as a copy of
 * what can be shown. A copy, not a slice: V8's slice of a long string is a view that keeps the
 * whole string alive. Called where values are recorded, only for a string (a type check there).
 */
export function kept(s: string): string {
  const n = shown.chars;
  return s.length > n ? ` ${s.slice(0, n)}`.slice(1) : s;
}

/**
 * The ring holds objects strongly only within the turn of the event loop that recorded them: a
 * flush after that turn (an unref'd immediate, scheduled once per turn that records any) lets go of
 * the values of every span still pending, so no user object outlives, through a label, the turn
 * in which a plain program could already have dropped it (a WeakRef's target is kept until the
 * end of the job that created it, and the flush is a job of its own).
 */
const flush = {
  scheduled: false,
  /** The arena's current arrays (its generation array is replaced when it grows). */
  arrays: undefined as undefined | (() => { gens: Uint32Array; store: unknown[]; labels: unknown[] }),
};

/** Called once by the arena: where the ring finds the current generations, values and labels. */
export function setArena(arrays: () => { gens: Uint32Array; store: unknown[]; labels: unknown[] }): void {
  flush.arrays = arrays;
}

function flushRing(): void {
  flush.scheduled = false;
  const arrays = flush.arrays;
  if (arrays === undefined) return;
  const { gens, store, labels } = arrays();
  for (let i = 0; i < WINDOW; i++) {
    const oldId = ringSlots[i] as number;
    if (oldId === 0) continue;
    ringSlots[i] = 0;
    if (gens[oldId] === ringGens[i]) letGo(store, labels, oldId);
  }
}

/** Slot `id`'s values, if they still hold objects, take their form that keeps no object alive. */
function letGo(store: unknown[], labels: unknown[], id: number): void {
  const vals = store[id];
  if (!isObject(vals) || isLetGo(vals)) return;
  try {
    store[id] = weaken(labels[id], vals);
  } catch {
    // Kept strongly; the program goes on.
  }
}

/** The flush's immediate (no task of a zone.js zone: core/outside-zones.ts). */
function immediateFlush(): void {
  (hostSetImmediate as (callback: () => void) => { unref(): unknown })(flushRing).unref();
}

function scheduleFlush(): void {
  if (flush.scheduled) return;
  flush.scheduled = true;
  try {
    if (hostSetImmediate === undefined) flush.scheduled = false;
    else outsideZones(immediateFlush);
  } catch {
    flush.scheduled = false; // no event loop (a worker shutting down): the window bounds it
  }
}

/**
 * Slot `id` at generation `g` (which names this span: see the ring) now holds values of which
 * some are objects (the caller checked). `gens` is the arena's generation array (the caller has it
 * at hand: one load fewer on every recorded object value). The span that leaves the ring, if it
 * is still the same span, has its values let go.
 */
export function remember(id: number, g: number, gens: Uint32Array): void {
  const i = ring.at;
  ring.at = (i + 1) & (WINDOW - 1);
  const oldId = ringSlots[i] as number;
  if (oldId !== 0 && gens[oldId] === ringGens[i]) letGoLater(oldId);
  ringSlots[i] = id;
  ringGens[i] = g;
  if (!flush.scheduled) scheduleFlush();
}

const arraySlice = Array.prototype.slice;

/** `letGoNow`'s answer when the values cannot be let go now: the ring takes them. */
export const NOT_NOW: unique symbol = Symbol("not now");

/**
 * The form of `vals` (label `label`'s values, some of them objects) that keeps no object alive,
 * computed now, for a span that outlives the turn that made it as a rule (a root: a request, a
 * task), which the ring would let go at the end of that turn anyway. Naming now costs what the
 * ring would (less: no ring entry, no flush to schedule), and nothing when a description is known
 * by prototype. A template's values are left to the ring: it prints them with `String(value)`, user
 * code, held weakly until the end of the turn (see the top of this file).
 */
export function letGoNow(label: unknown, vals: object): unknown {
  try {
    const shape = shapeOf(label);
    if (shape === 0) return undefined; // not printed: dropped, as the ring would
    if (isTemplate(label)) return NOT_NOW;
    if (shape === 1 || !Array.isArray(vals)) return describe(vals);
    // A copy, not the array changed in place as `weaken` does at the end of the turn: a `@traced`
    // wrapper makes its root with its arguments array, then calls the function with that array.
    // Its elements are own properties (an array literal, or `slice` as the runtime found it, like
    // the date methods of label-value.ts), so writing them calls no setter of `Array.prototype`.
    // They are the program's values as given: never a let-go form, which only the runtime makes.
    const out = copyOf(vals as unknown[]);
    for (let k = 0; k < out.length; k++) {
      const v = out[k];
      if (isObject(v)) out[k] = describe(v);
    }
    return out;
  } catch {
    return NOT_NOW;
  }
}

/** A copy of the runtime's array `a` (most are a call's few arguments: a literal, cheaper than `slice`). */
function copyOf(a: unknown[]): unknown[] {
  switch (a.length) {
    case 2:
      return [a[0], a[1]];
    case 3:
      return [a[0], a[1], a[2]];
    case 4:
      return [a[0], a[1], a[2], a[3]];
    default:
      return arraySlice.call(a) as unknown[];
  }
}

/** `letGo` through the arena's current arrays (the rare branch of `remember`, kept out of it). */
function letGoLater(id: number): void {
  const arrays = flush.arrays;
  if (arrays === undefined) return;
  const { store, labels } = arrays();
  letGo(store, labels, id);
}

function isObject(v: unknown): v is object {
  return (typeof v === "object" && v !== null) || typeof v === "function";
}

/**
 * How a slot's label stores its values: 1, the value itself (a site of one value: it may be the
 * user's own array or a Proxy, never read); 2, an array the runtime built (a site of several
 * values, a traced call's arguments: a real array, read by index); 0, values that are not printed
 * (a hand label replaced the site's).
 */
function shapeOf(label: unknown): 0 | 1 | 2 {
  if (label instanceof Site) return label.arity === 1 ? 1 : 2;
  if (typeof label === "object" && label !== null && typeof (label as { format?: unknown }).format === "function") {
    return 2;
  }
  return 0;
}

/** Whether the label prints its values with the user's template (`String(v)`, user code). */
function isTemplate(label: unknown): boolean {
  if (label instanceof Site) return label.template;
  return (label as { template?: unknown }).template !== undefined;
}

/** The form of a slot's values that keeps no object alive. */
function weaken(label: unknown, vals: unknown): unknown {
  const shape = shapeOf(label);
  if (shape === 0) return undefined;
  const template = isTemplate(label);
  const one = (v: object): unknown => (template ? new Held(v) : describe(v));
  if (shape === 1 || !Array.isArray(vals)) return one(vals as object);
  // The runtime's own array (emitted `[a, b]`, a wrapper's arguments): changed in place.
  const arr = vals as unknown[];
  for (let k = 0; k < arr.length; k++) {
    const v = arr[k];
    if (isObject(v) && !isLetGo(v)) arr[k] = one(v);
    else if (typeof v === "string") arr[k] = kept(v);
  }
  return arr;
}

function isLetGo(v: unknown): boolean {
  return Described.is(v) || Held.is(v);
}

function readOne(v: unknown): unknown {
  if (Described.is(v)) return printing(v.text);
  if (!Held.is(v)) return v;
  const x = v.deref();
  return x === undefined ? COLLECTED : x;
}

/** A slot's values as a dump formats them (per its label): weak ones read back, `<collected>` when gone. */
export function readValues(label: unknown, vals: unknown): unknown {
  if (!isObject(vals)) return vals;
  if (isLetGo(vals)) return readOne(vals);
  if (shapeOf(label) !== 2 || !Array.isArray(vals)) return vals;
  let out: unknown[] | undefined;
  for (let k = 0; k < vals.length; k++) {
    const v: unknown = vals[k];
    if (isLetGo(v)) {
      out ??= vals.slice();
      out[k] = readOne(v);
    }
  }
  return out ?? vals;
}
