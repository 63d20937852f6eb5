/**
 * Issue 11, point 4: traced code that runs without the transformer (frames only) is told apart in
 * the dump itself: a registry's text dump ends with one note saying how many traced calls ran
 * untransformed and what to do; each tree's JSON counts them (`untransformed`). Transformed code
 * (driven here through the hooks, in the emitted shape) gets no note.
 */
import { Registry, traced } from "@await-tree/runtime";
import * as $at from "@await-tree/runtime/instrument";
import { expect } from "chai";
import { never, tick } from "../support/async.js";
import { restoreClock, useManualClock } from "../support/clock.js";

const NOTE =
  "[Frames only: 3 traced calls ran without @await-tree/transformer, so the awaits inside are not shown; " +
  "for await-level trees compile or run the code with the transformer (see its README)]\n";

const sWork = $at.site({ parts: ["work"], file: "src/a.ts", line: 1, column: 1 });
const sWait = $at.site({ parts: ["never()"], file: "src/a.ts", line: 2, column: 3 });

/** A transformed traced function, in the emitted shape. */
async function work(): Promise<void> {
  const $f = $at.enter(sWork);
  try {
    $at.resume($f, await $at.suspend($f, sWait, $at.mark($f), never()));
  } finally {
    $at.exit($f);
  }
}

describe("runtime: the dump says when traced code ran untransformed", () => {
  beforeEach(useManualClock);
  afterEach(restoreClock);

  it("ends a registry dump with one note counting the untransformed calls of every task", async () => {
    const registry = new Registry();
    const load = traced("load", () => never());
    const save = traced("save", () => never());
    void registry.register("a", "a").run(async () => {
      void load();
      await save();
    });
    void registry.register("b", "b").run(() => load());
    await tick();
    const text = registry.toString();
    expect(text).to.equal(
      `[a]\na [0.000ns]\n  load [0.000ns]\n  save [0.000ns]\n\n[b]\nb [0.000ns]\n  load [0.000ns]\n\n${NOTE}`,
    );
    expect(text.split("Frames only").length).to.equal(2); // once
    // A tree's own text stays await-tree's format; its JSON counts them.
    expect(registry.get("a")?.toString()).to.equal("a [0.000ns]\n  load [0.000ns]\n  save [0.000ns]\n");
    expect(registry.get("a")?.toJSON().untransformed).to.equal(2);
    expect(registry.get("b")?.toJSON().untransformed).to.equal(1);
  });

  it("says nothing for transformed code", async () => {
    const registry = new Registry();
    void registry.register("t", "t").run(() => work());
    await tick();
    expect(registry.toString()).to.not.include("Frames only");
    expect(registry.get("t")?.toJSON()).to.not.have.property("untransformed");
  });

  it("a traced wrapper around another traced call hides no await: only the inner call counts", async () => {
    const registry = new Registry();
    // traced(work) with the transformer's marker is what `@traced` on a transformed method gives;
    // a second `traced` around it (two `@traced` on one method) wraps a call that opens its own frame.
    const inner = traced($at.transformed("inner", sWork, []) as never, work);
    const outer = traced("outer", inner);
    const plain = traced("plain", () => never());
    const aroundPlain = traced("around plain", plain);
    void registry.register("t", "t").run(() => outer());
    void registry.register("p", "p").run(() => aroundPlain());
    await tick();
    expect(registry.get("t")?.toJSON()).to.not.have.property("untransformed");
    expect(registry.get("p")?.toJSON().untransformed).to.equal(1);
    expect(registry.toString()).to.contain("[Frames only: 1 traced call ran without");
  });
});
