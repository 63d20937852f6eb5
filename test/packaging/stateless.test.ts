// The stateless subpaths of @await-tree/runtime (`STATELESS` in scripts/post-build.mjs), loaded from
// the installed tarball: they hand out their module without choosing or publishing the process's
// runtime (the transformer reads `./contract` in a loader thread, @await-tree/cli maps stacks with
// `./internal/stack` in its own process). The package root is the control: it does publish.
import { expect } from "chai";
import { runNode } from "../support/run-node.js";
import { consumerProject } from "./support.js";

/** Exports of `spec` and whether the runtime was published, from `require` or Node's `import`. */
function load(spec: string, how: "require" | "import"): { published: boolean; exports: string[] } {
  const report =
    'process.stdout.write(JSON.stringify({ published: Symbol.for("await-tree.runtime") in globalThis, ' +
    "exports: Object.keys(m).filter((k) => k !== 'default').sort() }));";
  const args =
    how === "require"
      ? ["-e", `const m = require(${JSON.stringify(spec)}); ${report}`]
      : ["--input-type=module", "-e", `const m = await import(${JSON.stringify(spec)}); ${report}`];
  // Nothing that would start an integration (and so the runtime) in the child.
  const env = { AWAIT_TREE_SIGNAL: "", AWAIT_TREE_EXIT_REPORT: "", AWAIT_TREE_WATCHDOG: "", NODE_OPTIONS: "" };
  const r = runNode(args, { cwd: consumerProject(), env });
  expect(r.status, `${how} ${spec}: ${r.stderr}`).to.equal(0);
  return JSON.parse(r.stdout) as { published: boolean; exports: string[] };
}

describe("packaging: the runtime's stateless subpaths publish no runtime", function () {
  this.timeout(300_000);

  for (const how of ["require", "import"] as const) {
    it(`${how}: ./contract and ./internal/stack load their module alone; the package root publishes`, () => {
      expect(load("@await-tree/runtime/contract", how)).to.deep.equal({
        published: false,
        exports: ["INSTRUMENT_CONTRACT", "OLDEST_INSTRUMENT_CONTRACT", "RUNTIME_THREAD_NAMES", "splitTemplate"],
      });
      expect(load("@await-tree/runtime/internal/stack", how)).to.deep.equal({
        published: false,
        exports: ["formatFrames", "mapFrames"],
      });
      expect(load("@await-tree/runtime", how).published).to.equal(true);
    });
  }
});
