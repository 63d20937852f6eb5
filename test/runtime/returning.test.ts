/**
 * `return g()` without `await` in transformed code (`$at.returning`): the frame keeps a wait on
 * the work it returned and ends when that work ends, instead of leaving it detached. Driven by hand
 * in exactly the emitted shape (docs/transformer.md, "Emitted code").
 */
import { Registry, spanStats } from "@await-tree/runtime";
import * as $at from "@await-tree/runtime/instrument";
import { expect } from "chai";
import { deferred, tick } from "../support/async.js";
import { restoreClock, useManualClock } from "../support/clock.js";

const site = (parts: string[], line: number, call = false) =>
  $at.site({ parts, file: "src/queue.ts", line, column: 5, call });

const sRun = site(["run(", ")"], 1);
const sGate = site(["gate"], 2);
const sAdd = site(["add(", ")"], 3);
const sReturnRun = site(["run(", ")"], 4, true);
const sCaller = site(["caller()"], 5);
const sAwaitAdd = site(["add(1)"], 6, true);

/** `async function run(n) { await gate; return n; }` */
async function run(n: number, gate: Promise<void>): Promise<number> {
  const $f = $at.enter(sRun, n);
  try {
    $at.resume($f, await $at.suspend($f, sGate, $at.mark($f), gate));
    return $at.returning($f, site(["n"], 2), $at.mark($f), n);
  } finally {
    $at.exit($f);
  }
}

/** `async function add(n) { return run(n); }` */
async function add(n: number, gate: Promise<void>): Promise<number> {
  const $f = $at.enter(sAdd, n);
  try {
    return $at.returning($f, sReturnRun, $at.mark($f), run(n, gate), n);
  } finally {
    $at.exit($f);
  }
}

/** `async function caller() { return await add(1); }` */
async function caller(gate: Promise<void>): Promise<number> {
  const $f = $at.enter(sCaller);
  try {
    return $at.resume($f, await $at.suspend($f, sAwaitAdd, $at.mark($f), add(1, gate)));
  } finally {
    $at.exit($f);
  }
}

describe("runtime: a frame that returns pending work without awaiting it", () => {
  afterEach(restoreClock);

  it("keeps the frame, with the returned call under it, until that call ends", async () => {
    useManualClock();
    const registry = new Registry();
    const gate = deferred<void>();
    const done = registry.register("k", "k").run(() => caller(gate.promise));
    await tick();
    expect(registry.get("k")?.toString({ fold: false })).to.equal(
      [
        "k [0.000ns]",
        "  caller() [0.000ns]",
        "    add(1) [0.000ns]",
        "      add(1) [0.000ns]",
        "        run(1) [0.000ns]",
        "          run(1) [0.000ns]",
        "            gate [0.000ns]",
        "",
      ].join("\n"),
    );
    // Folded, the return wait and the frame it returned print as one line, as an await would.
    expect(registry.get("k")?.toString()).to.equal(
      [
        "k [0.000ns]",
        "  caller() [0.000ns]",
        "    add(1) [0.000ns]",
        "      run(1) [0.000ns]",
        "        gate [0.000ns]",
        "",
      ].join("\n"),
    );
    const live = spanStats().live;
    gate.resolve();
    expect(await done).to.equal(1);
    // add's frame and its wait ended with run: nothing is left behind.
    expect(spanStats().live).to.be.below(live);
    expect(registry.get("k")).to.equal(undefined);
  });

  it("ends the frame at exit when the return claims nothing (a plain value, an untraced promise)", async () => {
    useManualClock();
    const registry = new Registry();
    const gate = deferred<void>();
    const seen: string[] = [];
    void registry.register("k", "k").run(async () => {
      const $f = $at.enter(site(["task()"], 1));
      try {
        const plain = async () => {
          const $g = $at.enter(site(["plain()"], 2));
          try {
            return $at.returning($g, site(["gate"], 3), $at.mark($g), gate.promise);
          } finally {
            $at.exit($g);
          }
        };
        const p = plain();
        seen.push(registry.get("k")?.toString() ?? "");
        return $at.resume($f, await $at.suspend($f, site(["p"], 4), $at.mark($f), p));
      } finally {
        $at.exit($f);
      }
    });
    await tick();
    gate.resolve();
    expect(seen).to.deep.equal(["k [0.000ns]\n  task() [0.000ns]  <== current\n"]);
  });

  it("keeps the return's wait through a finally, and leaves the frame's other calls behind", async () => {
    useManualClock();
    const registry = new Registry();
    const gate = deferred<void>();
    const other = deferred<void>();
    void registry.register("k", "k").run(async () => {
      const $f = $at.enter(site(["task()"], 1));
      try {
        const p = run(2, other.promise); // not returned: left behind when the frame returns
        void p;
        try {
          return $at.returning($f, sReturnRun, $at.mark($f), run(1, gate.promise), 1);
        } finally {
          $at.resumeThrown($f);
        }
      } finally {
        $at.exit($f);
      }
    });
    await tick();
    expect(registry.get("k")?.toString()).to.equal(
      [
        "k [0.000ns]",
        "  task() [0.000ns]",
        "    run(1) [0.000ns]",
        "      gate [0.000ns]",
        "[Detached 2]",
        "  run(2) [0.000ns]",
        "    gate [0.000ns]",
        "",
      ]
        .join("\n")
        .replace(
          "[Detached 2]",
          (registry
            .get("k")
            ?.toString()
            .match(/\[Detached \d+\]/) ?? [""])[0],
        ),
    );
    gate.resolve();
    other.resolve();
  });

  it("ends a deep chain of returning frames when the innermost work ends, without recursion", async () => {
    useManualClock();
    const registry = new Registry();
    const gate = deferred<void>();
    const depth = 100_000; // far deeper than a recursive end could go
    // Frame i's call of frame i + 1 is claimed by frame i's return: built in a loop (the current
    // span nests, the JavaScript stack does not), exactly as nested calls would leave it.
    const chain = (): Promise<number> => {
      const frames: number[] = [];
      const marks: number[] = [];
      for (let i = 0; i < depth; i++) {
        const $f = $at.enter(sAdd, i);
        frames.push($f);
        marks.push($at.mark($f));
      }
      const inner = run(0, gate.promise);
      for (let i = depth - 1; i >= 0; i--) {
        $at.returning(frames[i] as number, sReturnRun, marks[i] as number, inner);
        $at.exit(frames[i] as number);
      }
      return inner;
    };
    const before = spanStats().live;
    const done = registry.register("k", "k").run(chain);
    await tick();
    expect(spanStats().live - before).to.be.at.least(depth);
    gate.resolve();
    await done;
    expect(spanStats().live).to.equal(before);
  });
});
