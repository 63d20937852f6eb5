// The examples that use the transformer, compiled with tspc from their own directories (as
// `npm run demo` does) and run: the seed example's tree shows every await of foo, bar and baz with
// its label and location; in the HTTP example the hung request's tree names the handler, the await
// it is stuck on and where that await is.
import { join } from "node:path";
import { expect } from "chai";
import { explain, limited, mask, node, type Run, repoRoot, run, TSPC } from "./helpers.js";

const SEED = `--- the await tree of the task, after a while
seed [T]
  Seed.foo() [T]
    Promise.all([this.bar(3), this.baz(2)]) [T]
      Seed.bar(3) [T]
        this.baz(3) [T]
          pending() [T]
      Seed.baz(2) [T]
        pending() [T]
--- with locations (file:line:col of each frame and await)
seed [T]
  Seed.foo() [T] at src/main.ts:16:9
    Promise.all([this.bar(3), this.baz(2)]) [T] at src/main.ts:17:5
      Seed.bar(3) [T] at src/main.ts:21:9
        this.baz(3) [T] at src/main.ts:22:5
          pending() [T] at src/main.ts:27:5
      Seed.baz(2) [T] at src/main.ts:26:9
        pending() [T] at src/main.ts:27:5
`;

describe("transformer: examples (tspc + node)", function () {
  this.timeout(300_000);
  const runs = new Map<string, Run>();

  before(async () => {
    await limited(
      2,
      ["seed-traced", "http-server"].map((example) => async () => {
        const compiled = await run(process.execPath, [TSPC, "-p", join(repoRoot, "examples", example)], {
          cwd: repoRoot,
        });
        runs.set(`${example}-compile`, compiled);
        if (compiled.code !== 0) return;
        const main = join(repoRoot, "build", "examples", example, "main.js");
        // The server example dumps once the checkout request reaches its slow dependency, or after
        // DUMP_WITHIN_MS: a fixed wait (200 ms, then 1 s) once was not long enough on a loaded machine.
        runs.set(
          example,
          await node(["--enable-source-maps", main], { env: { SEED_DELAY_MS: "50", DUMP_WITHIN_MS: "30000" } }),
        );
      }),
    );
  });

  const got = (key: string): Run => {
    const compiled = runs.get(`${key}-compile`);
    expect(compiled, `${key} was not compiled`).to.not.equal(undefined);
    expect((compiled as Run).code, explain(compiled as Run)).to.equal(0);
    const r = runs.get(key);
    expect(r, `${key} did not run`).to.not.equal(undefined);
    expect((r as Run).code, explain(r as Run)).to.equal(0);
    return r as Run;
  };

  it("seed-traced: every await of foo, bar and baz, labelled, with file:line:col", () => {
    expect(mask(got("seed-traced").stdout)).to.equal(SEED);
  });

  it("http-server: the hung request's tree names the handler, the stuck await and its location", () => {
    const out = mask(got("http-server").stdout);
    expect(out).to.contain('{"id":"42","name":"user 42"}');
    // The request's number is the order the server accepted them in: on a loaded machine the
    // second request sent (/users/42) can be accepted first.
    const tree = out.slice(out.search(/\[GET \/checkout\?user=7&sku=book #\d\]/));
    expect(tree).to.match(/^\[GET \/checkout\?user=7&sku=book #\d\]\nGET \/checkout\?user=7&sku=book \[T\]\n/);
    expect(tree).to.contain('  Handlers.checkout("7", "book") [T] at src/server.ts:22:9\n');
    expect(tree).to.contain('      Inventory.available("book") [T] at src/services.ts:39:9\n');
    expect(tree).to.contain(
      '          Warehouse.stock("us", "book") [T] at src/services.ts:28:9\n            delay(60000) [T] at src/services.ts:30:5\n',
    );
    // The finished request is gone; the dump leaves out the request that asked for it.
    expect(out).to.not.contain("/users/42 #");
    expect(out).to.not.contain("[GET /debug/await-tree");
  });

  it("npm run demo's script: the seed tree whole, the pointer to the HTTP example, exit 0, to a slow pipe", async () => {
    // The script once ended on the example's "exit", when its output may still be on the way, and
    // called process.exit(), which drops what a pipe's reader has not taken yet.
    const demo = join(repoRoot, "scripts", "demo.mjs");
    const r = await run("bash", ["-c", `set -o pipefail; '${process.execPath}' '${demo}' | (sleep 1; cat)`], {
      cwd: repoRoot,
    });
    expect(r.code, explain(r)).to.equal(0);
    const out = mask(r.stdout);
    expect(out).to.contain(SEED);
    expect(out.trimEnd().split("\n").at(-1)).to.equal(
      "The HTTP example: node build/examples/http-server/main.js (see examples/http-server/README.md)",
    );
  });
});
