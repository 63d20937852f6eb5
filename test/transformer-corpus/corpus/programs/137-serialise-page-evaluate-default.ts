// Issue 9 defect 4 with default options: a @traced test helper hands a nested async arrow to an
// `evaluate(fn)` that serialises it and runs it elsewhere (Playwright's page.evaluate does this).
import { runInNewContext } from "node:vm";
import { traced } from "@await-tree/runtime";

/** Stand-in for a browser page: runs the function's source text in a context of its own. */
const page = {
  async evaluate<T>(fn: () => Promise<T>): Promise<T> {
    return runInNewContext(`(${fn.toString()})()`, { document: { title: "corpus" } }) as Promise<T>;
  },
};

class Helper {
  @traced
  async title(): Promise<string> {
    return page.evaluate(async () => {
      await null;
      // biome-ignore lint/suspicious/noExplicitAny: the page's own globals
      return (globalThis as any).document.title as string;
    });
  }
}

new Helper().title().then(
  (t) => console.log("title", t),
  (e: Error) => console.log("evaluate threw", e.name, e.message),
);
