import { expect } from "chai";
import { normalize, runFixtures } from "./support.js";

/** Mocha marks tests slower than 75 ms with their duration; stack frames depend on the Node version. */
const content = (stdout: string): string =>
  normalize(stdout)
    .replace(/ \(<d>\)/g, "")
    .replace(/^ +at .*\n/gm, "");

describe("mocha integration: a test that returns a foreign thenable", function () {
  this.timeout(60_000);

  // Mocha reads the thenable's `then` and calls it synchronously, ignores the value it resolves
  // with and reports a second callback ("done() called multiple times"). Until 2026-12-06 the
  // integration handed mocha `Promise.resolve(thenable)` instead: `then` was called a microtask
  // later, a thenable resolved with another lazy thenable ran that one too, and a second callback
  // was swallowed (the test passed). Found by the lazy thenables audit (supertest, mongoose).
  for (const leaks of ["warn", "fail"]) {
    it(`reads, calls and reports as mocha does without the integration (leaks: ${leaks})`, async () => {
      const env = { AWAIT_TREE_LEAKS: leaks };
      const withIt = await runFixtures(["js/thenables.test.js"], { env });
      const without = await runFixtures(["js/thenables.test.js"], { integration: false, env });
      expect(without.stdout).to.not.include("LOG inner"); // mocha ignores the value
      expect(without.stdout).to.include("done() called multiple times");
      expect(without.code).to.equal(4);
      expect(content(withIt.stdout)).to.equal(content(without.stdout));
      expect(withIt.code).to.equal(without.code);
      expect(withIt.stderr).to.equal("");
    });
  }
});
