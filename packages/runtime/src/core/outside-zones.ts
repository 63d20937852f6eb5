/**
 * Run the runtime's own scheduling outside zone.js's zones.
 *
 * zone.js (Angular's polyfills, every Angular unit test) patches timers (`node:timers`' too),
 * `queueMicrotask` and EventEmitter listeners: what the runtime scheduled for itself (the coarse
 * clock's worker and its listeners, the flush of label values, the global registry's notice, the
 * loop stamp's timer) became a task of the zone current at that moment, the zone of the program's
 * first traced call. That zone's `onScheduleTask` and `onHasTask` then saw tasks the program never
 * made: an Angular request zone reported an event task forever (the worker's listeners), and a
 * zone with an `onScheduleTask` hook made the worker's construction throw inside zone.js, so the
 * coarse clock did not start and a warning was printed (found auditing zone.js 0.15, 2026-12-06;
 * test/runtime/zone-js.test.ts). Run in the root zone, they are tasks of no zone the program
 * forked, the same as when they are made before zone.js loads.
 *
 * Costs a property read of `globalThis.Zone` at each (rare) scheduling: the worker's start, once
 * per turn that records an object value, a timer tick.
 */

interface ZoneLike {
  run<T>(fn: () => T): T;
}

/** `fn()`, in zone.js's root zone when zone.js is loaded and another zone is current. */
export function outsideZones<T>(fn: () => T): T {
  const Z = (globalThis as { Zone?: { root?: ZoneLike; current?: ZoneLike } }).Zone;
  if (Z === undefined || Z === null) return fn();
  const root = Z.root;
  if (root === undefined || root === null || typeof root.run !== "function" || Z.current === root) return fn();
  return root.run(fn);
}
