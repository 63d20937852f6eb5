import { join } from "node:path";
import { expect } from "chai";
import { maskTimes } from "../support/async.js";
import { repoRoot, runNode } from "../support/run-node.js";

/** Each example of the Rust crate, ported; elapsed times are masked. */
const expected: Record<string, string> = {
  basic: `--- tree of foo after 1s
foo [<t>]
  bar [<t>]
    baz in bar [<t>]
      pending in baz 3 [<t>]
  baz [<t>]
    pending in baz 2 [<t>]
`,
  detach: `--- t = 100 ms: inside select
work [<t>]
  select [<t>]
    sleep [<t>]
    fut [<t>]
--- t = 1.1 s: select finished, fut kept alive elsewhere
work [<t>]
  rx [<t>]
[Detached N]
  fut [<t>]
--- t = 2.1 s: fut awaited again, re-attached
work [<t>]
  fut [<t>]
`,
  "long-running": `--- after 1.1 s (threshold 1 s)
foo [<t>]
  long_running_child [<t>]
  child [!!! <t>]
`,
  verbose: `--- verbose: false
crawl [<t>]
  fetch page [<t>]
    socket read [<t>]
--- verbose: true
crawl [<t>]
  retry loop [<t>]
    fetch page [<t>]
      socket read [<t>]
`,
  multiple: `[1]
task 1 [<t>]
  sleep in 1 [<t>]

[one]
task one [<t>]
  sleep in one [<t>]

[shard-7]
task shard-7 [<t>]
  sleep in shard-7 [<t>]

numbers: 1, shards: 1
after they finish: 0 trees
`,
  spawn: `--- parent
parent [<t>]
  parent work [<t>]
--- child
spawned child [<t>]
  child work [<t>]
`,
  global: `--- current tree, from inside
worker task 1 [<t>]
  worker [<t>]
    report [<t>]  <== current
--- current tree, from inside
worker task 2 [<t>]
  worker [<t>]
    report [<t>]  <== current
--- collectAll: 1 task(s); same registry: true
`,
};

describe("examples: ports of the Rust crate's examples print the expected trees", () => {
  for (const [name, text] of Object.entries(expected)) {
    it(name, function () {
      this.timeout(30_000);
      const r = runNode([join(repoRoot, "build", "examples", "runtime", `${name}.js`)]);
      expect(r.stderr).to.equal("");
      expect(maskTimes(r.stdout).replace(/\[Detached \d+\]/g, "[Detached N]")).to.equal(text);
    });
  }

  it("json", () => {
    const r = runNode([join(repoRoot, "build", "examples", "runtime", "json.js")]);
    const json = JSON.parse(r.stdout);
    expect(json.tree.span).to.deep.equal({ name: "req 42", is_verbose: false, is_long_running: true });
    expect(json.tree.children[0].span.name).to.equal("load user 42");
    expect(json.tree.children[0].children[0].span.name).to.equal("query user 42");
    expect(json.tree.children[0].children[0].elapsed_ns).to.be.a("number");
    expect(json.detached).to.deep.equal([]);
  });
});
