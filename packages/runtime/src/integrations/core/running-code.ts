/**
 * Telling a test's leftovers from the code that is ending the test. A callback-style test ends when
 * its `done()` is called, and that call is often made by traced code that is still running: an
 * Express handler or middleware chain (`next()` calls the next one synchronously), a supertest
 * `.end(async (err, res) => { ...; done() })` callback, once the test files are traced
 * (`traceAll`). Those frames are on the stack, or await the frame that is: they end as soon as the
 * `done()` call returns. They are the test's own work settling, not work it started and left
 * behind, and reporting them made every such test a "leak" (74 of Express 5's tests in `fail`
 * mode, an audit of 2026-12-05). Anything else pending (a second branch, a child the running frame
 * started and did not await, a span lost or dropped) is still a leak, and the whole tree is shown.
 */
import type { Tree } from "../../format/tree";

/**
 * Whether everything pending in `leftovers` is the single chain of spans from the task's root (or
 * its only detached subtree, when the frame that called the running code has ended) down to the
 * span running now, which has nothing under it.
 */
export function onlyRunningCode(leftovers: Tree): boolean {
  if (leftovers.lost > 0 || leftovers.dropped > 0) return false;
  const { root, detached, current } = leftovers;
  if (current === root.id) return false;
  let node = root;
  if (detached.length > 0) {
    if (detached.length > 1 || root.children.length > 0) return false;
    node = detached[0];
  }
  // A chain thousands deep is walked without recursion.
  for (;;) {
    if (node.id === current) return node.children.length === 0;
    if (node.children.length !== 1) return false;
    node = node.children[0];
  }
}
