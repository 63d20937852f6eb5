// The same instrumentation as the transformer's, built the obvious way on AsyncLocalStorage (the
// comparison of P3): the traced function runs in `als.run(frame, ...)`, and every await creates a
// span object whose parent comes from `als.getStore()`, stamped with `performance.now()` and
// linked into its parent's set of children until the await resumes.
import { AsyncLocalStorage } from "node:async_hooks";
import { performance } from "node:perf_hooks";

export const als = new AsyncLocalStorage();

class SpanNode {
  constructor(name, parent) {
    this.name = name;
    this.parent = parent;
    this.start = performance.now();
    this.children = new Set();
    if (parent !== undefined) parent.children.add(this);
  }

  end() {
    if (this.parent !== undefined) this.parent.children.delete(this);
  }
}

export const root = new SpanNode("root", undefined);

/** P1's loop, instrumented with AsyncLocalStorage. */
export function awaitLoop(n, p) {
  const frame = new SpanNode("awaitLoop", als.getStore() ?? root);
  return als.run(frame, async () => {
    try {
      let x = 0;
      for (let i = 0; i < n; i++) {
        const wait = new SpanNode("p", als.getStore());
        try {
          x = (x + (await p)) | 0;
        } finally {
          wait.end();
        }
      }
      return x;
    } finally {
      frame.end();
    }
  });
}
