/** Observing promises without disturbing them. */
import { types } from "node:util";
import { intrinsicPromisePrototype } from "./intrinsic-promise";

const PROMISE_PROTOTYPE = intrinsicPromisePrototype;

/**
 * A promise made by this realm's intrinsic `Promise`, as async functions make them (not a subclass,
 * not a foreign thenable, not a promise of a library installed as the global `Promise`).
 */
export function isNativePromise(v: unknown): v is Promise<unknown> {
  return types.isPromise(v) && Object.getPrototypeOf(v) === PROMISE_PROTOTYPE;
}

/**
 * Promises being observed -> what to call when each settles. Observation adds no reaction to the
 * promise: a reaction would mark it handled (a rejection nobody handles would no longer be
 * reported or crash the process) and cut V8's async stack traces (`at async caller`), which
 * follow a promise's chain only while it has a single reaction. Instead V8's promise hook
 * `onSettled` tells when any promise settles; it is installed only while something is observed.
 */
const observed = new WeakMap<Promise<unknown>, Array<() => void> | (() => void)>();
/** How many observed promises have not settled (a garbage-collected pending one stays counted). */
let pending = 0;
/** Settlements seen with nothing pending; the hook is removed after `IDLE_SETTLES` of them. */
let idle = 0;
/**
 * Removing and installing the hook costs about 1 µs each (measured on Node 20 and 24), more than a
 * traced call: a program that makes one traced call after another would pay it on every call. The
 * hook stays while promises keep settling with nothing observed, up to this many, and costs
 * nothing once no promise settles.
 */
const IDLE_SETTLES = 64;
let stopHook: (() => void) | undefined;
/**
 * Calls in progress (`beginCall`/`endCall`) whose result may settle before it can be observed (an
 * async function that returns without awaiting): the hook is installed before them and stays.
 */
let callDepth = 0;
const settledSeen = new WeakSet<Promise<unknown>>();
/**
 * Whether every settlement is remembered, not only those during a call: from the first time a
 * promise made before the observing call is observed (`instrumentAwait` outside transformed code,
 * `TreeRoot#instrument`) on, as such a promise may have settled already.
 */
let rememberAll = false;

function onSettled(p: Promise<unknown>): void {
  try {
    // A settlement is remembered (weakly) so that a promise observed after it settled ends at
    // once: during a call (its result, when the function returned without awaiting), and, once
    // promises made earlier are observed by hand (`rememberAll`), always. Not always by default:
    // a WeakSet entry for every promise the process settles cost 240-500 ns per await for as
    // long as any task was pending (the ephemeron table grows with them, each scavenge walks it).
    if (callDepth > 0 || rememberAll) settledSeen.add(p);
    const done = observed.get(p);
    if (done === undefined) {
      if (pending === 0 && callDepth === 0 && ++idle > IDLE_SETTLES) uninstall();
      return;
    }
    observed.delete(p);
    pending--;
    idle = 0;
    if (typeof done === "function") run(done);
    else for (const d of done) run(d);
  } catch {
    // Instrumentation failures never reach the program.
  }
}

function run(done: () => void): void {
  try {
    done();
  } catch {
    // Instrumentation failures never reach the program.
  }
}

function uninstall(): void {
  const stop = stopHook;
  stopHook = undefined;
  idle = 0;
  if (stop !== undefined) stop();
}

/**
 * V8's promise hooks, from `node:v8` loaded on the first observation, not with the runtime: the
 * module brings Node's streams with it (about 5 ms of a start), and a process that observes no
 * promise (transformed code under automatic roots, a process that only dumps) never needs it.
 * Through getBuiltinModule for the reason core/coarse-clock.ts gives.
 */
let promiseHooks: typeof import("node:v8").promiseHooks | undefined;

function install(): void {
  if (stopHook === undefined) {
    promiseHooks ??= process.getBuiltinModule("node:v8").promiseHooks;
    stopHook = promiseHooks.onSettled(onSettled) as () => void;
  }
}

/**
 * Around a call whose result is then passed to `observeSettled`: a promise settled during the call
 * (an async function that returned without awaiting) is then known as settled.
 */
export function beginCall(): void {
  try {
    install();
    callDepth++;
  } catch {
    // Without the hook, `observeSettled` ends at once.
  }
}

/** An `async function` (not a generator): each call returns a new native promise. */
export function isPlainAsyncFunction(fn: unknown): boolean {
  return types.isAsyncFunction(fn) && !types.isGeneratorFunction(fn);
}

export function endCall(): void {
  if (callDepth > 0) callDepth--;
}

/**
 * Call `done` once `p` settles, without adding a reaction to `p` (its handled state, its async
 * stack trace and its microtasks stay the program's own). `done` runs synchronously when V8
 * settles the promise, before any of its reactions, or now when `p` settled during a
 * `beginCall`/`endCall` window (the result of a call that returned without awaiting). It must not
 * throw (failures are swallowed). JavaScript cannot ask a promise whether it has settled: one that
 * settled outside any window (an old, already settled promise passed to `TreeRoot#instrument`)
 * is taken as pending and never calls `done` (docs/design.md, decision 7). `madeBefore`: `p` was
 * made before the observing call (a hand-written one), so settlements are remembered from now on
 * (`rememberAll`); one that settled before the first such call was not seen.
 */
export function observeSettled(p: Promise<unknown>, done: () => void, madeBefore = false): void {
  try {
    if (madeBefore) rememberAll = true;
    install();
    if (settledSeen.has(p)) {
      run(done);
      return;
    }
    const before = observed.get(p);
    if (before === undefined) {
      observed.set(p, done);
      pending++;
    } else if (typeof before === "function") observed.set(p, [before, done]);
    else before.push(done);
    idle = 0;
  } catch {
    run(done); // cannot be observed: end now rather than never
  }
}
