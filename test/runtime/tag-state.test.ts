/**
 * Frame tags (core/tags.ts) matter only while a frame they name is live, and the flag every
 * suspension checks says exactly that: a process whose joined frames have all ended is back on the
 * await's written-out path (core/hooks.ts `suspend`), as if it had never joined anything. And that
 * path still adopts a tagged promise's frames while tags do exist.
 *
 * Each case runs in a fresh process: the flag is process-wide, and what other files left pending
 * would keep it raised.
 */
import { expect } from "chai";
import { runScript } from "../support/run-node.js";

/** A script's prelude: the hooks, a registry, and the (internal) tag state read from the built runtime. */
const PRELUDE = `
const $at = require("@await-tree/runtime/instrument");
const { Registry } = require("@await-tree/runtime");
const { join, dirname } = require("node:path");
const { tagState } = require(join(dirname(require.resolve("@await-tree/runtime")), "..", "core", "state.js"));
const site = (label, line, call = false) => $at.site({ parts: [label], file: "src/tags.ts", line, call });
const sWork = site("work()", 1);
const sGate = site("gate", 2);
const sMain = site("main()", 3);
const sAll = site("Promise.all([work(), work()])", 4, true);
const sLater = site("all", 5);
const gates = [];
async function work() {
  const $f = $at.enter(sWork);
  let $t;
  try {
    return ($t = await $at.suspend($f, sGate, $at.mark($f), new Promise((r) => gates.push(r))), $at.resume($f, $t, $t = void 0));
  } finally {
    $at.exit($f);
  }
}
const registry = new Registry();
const tick = () => new Promise((r) => setImmediate(r));
// Prints task t's tree (without times) in 20 ms, then lets every work() go on.
const printThenOpen = () => setTimeout(() => {
  console.log(registry.get("t").toString().replace(/ \\[[^\\]]*\\]/g, ""));
  for (const g of gates.splice(0)) g();
}, 20);
// main() awaits \`all\` (taken after mark m) with the join's own site, then ends.
async function awaitIn($f, m, all) {
  let $t;
  try {
    $t = await $at.suspend($f, sAll, m, all);
    $at.resume($f, $t, $t = void 0);
  } finally {
    $at.exit($f);
  }
}
`;

/** Task t while main() awaits a join of two work() calls, each waiting at its gate. */
const JOINED = [
  "t",
  "  main()",
  "    Promise.all([work(), work()])",
  "      work()",
  "        gate",
  "      work()",
  "        gate",
];

function run(body: string): string {
  const r = runScript(`${PRELUDE}\n${body}`, ".cjs");
  expect(r.stderr).to.equal("");
  expect(r.status).to.equal(0);
  return r.stdout;
}

describe("runtime: frame tags are looked for only while one can matter", () => {
  it("the flag drops once the joined frames end, and rises again for the next join", () => {
    const out = run(`
      const seen = [];
      registry.register("t", "t").run(async () => {
        const $f = $at.enter(sMain);
        let $t;
        try {
          for (let round = 0; round < 2; round++) {
            seen.push("before " + tagState.any + " " + tagState.tagged);
            const m = $at.mark($f);
            const all = $at.join(Promise.all([work(), work()]), undefined, $f, m);
            seen.push("joined " + tagState.any + " " + tagState.tagged);
            setImmediate(() => { for (const g of gates.splice(0)) g(); });
            $t = await $at.suspend($f, sAll, m, all);
            $at.resume($f, $t, $t = void 0);
            await tick(); // the frames' slots are freed when they end
            seen.push("ended " + tagState.any + " " + tagState.tagged);
          }
        } finally {
          $at.exit($f);
        }
        console.log(seen.join("\\n"));
      });
    `);
    expect(out.trim().split("\n")).to.deep.equal([
      "before false 0",
      "joined true 2",
      "ended false 0",
      "before false 0",
      "joined true 2",
      "ended false 0",
    ]);
  });

  it("a join an await waits on directly writes no tag, and its wait still holds the joined frames", () => {
    const out = run(`
      registry.register("t", "t").run(() => {
        const $f = $at.enter(sMain);
        const m = $at.mark($f);
        const all = $at.join(Promise.all(($j = [$at.mark($f), [work(), work()]])[1]), $j[1], $f, $j[0], true);
        console.log("tags", tagState.any, tagState.tagged);
        printThenOpen();
        return awaitIn($f, m, all);
      });
      var $j;
    `);
    expect(out.trimEnd().split("\n")).to.deep.equal(["tags false 0", ...JOINED]);
  });

  it("a join an await waits on directly still passes on its inputs' tags", () => {
    const out = run(`
      registry.register("t", "t").run(() => {
        const $f = $at.enter(sMain);
        const stored = $at.join(Promise.all([work()]), undefined, $f, 0); // tagged: a stored join
        const m = $at.mark($f);
        const all = $at.join(Promise.all(($j = [$at.mark($f), [stored, work()]])[1]), $j[1], $f, $j[0], true);
        printThenOpen();
        return awaitIn($f, m, all);
      });
      var $j;
    `);
    expect(out.trimEnd().split("\n")).to.deep.equal(JOINED);
  });

  it("a hand label taken by its wait leaves the flag down; one never awaited keeps it up", () => {
    const out = run(`
      const { instrumentAwait } = require("@await-tree/runtime");
      const seen = [];
      registry.register("t", "t").run(async () => {
        const $f = $at.enter(sMain);
        let $t;
        try {
          // Settled by the dump's timer, after it printed: no race between two timers.
          let settle;
          const q = new Promise((r) => { settle = r; });
          const labelled = instrumentAwait(q, "by hand");
          seen.push("set " + tagState.manual);
          setTimeout(() => {
            console.log(registry.get("t").toString().replace(/ \\[[^\\]]*\\]/g, ""));
            settle();
          }, 1);
          $t = await $at.suspend($f, sGate, $at.mark($f), labelled);
          $at.resume($f, $t, $t = void 0);
          seen.push("taken " + tagState.manual);
          instrumentAwait(Promise.resolve(1), "never awaited");
          seen.push("left " + tagState.manual);
        } finally {
          $at.exit($f);
        }
        console.log(seen.join("\\n"));
      });
    `);
    expect(out.trimEnd().split("\n")).to.deep.equal([
      "t",
      "  main()",
      "    by hand",
      "",
      "set true",
      "taken false",
      "left true",
    ]);
  });

  it("a plain await (no label values, nothing called) of a joined promise adopts its frames while tags exist", () => {
    const out = run(`
      registry.register("t", "t").run(async () => {
        const $f = $at.enter(sMain);
        let $t;
        try {
          const all = $at.join(Promise.all([work(), work()]), undefined, $f, 0);
          // awaited later, by the written-out path: no label values, the mark unchanged
          printThenOpen();
          $t = await $at.suspend($f, sLater, $at.mark($f), all);
          $at.resume($f, $t, $t = void 0);
        } finally {
          $at.exit($f);
        }
      });
    `);
    expect(out.trimEnd().split("\n")).to.deep.equal(
      JOINED.map((l) => l.replace("Promise.all([work(), work()])", "all")),
    );
  });
});
