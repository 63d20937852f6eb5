import { instrumentAwait, Registry, span } from "@await-tree/runtime";
import { expect } from "chai";
import { never } from "../support/async.js";
import { restoreClock, useManualClock } from "../support/clock.js";

/** The name of the one wait of a task labelled `label`, in a registry cutting labels at `max`. */
function printed(label: Parameters<typeof instrumentAwait>[1], max = 1000): string {
  const registry = new Registry({ maxLabelLength: max });
  void registry.register("k", "k").run(() => instrumentAwait(never(), label));
  return registry.get("k")?.root.children[0]?.name ?? "";
}

const LONE_SURROGATE = /[\ud800-\udfff]/u;

describe("runtime: label cuts and escapes keep text well formed", () => {
  beforeEach(() => useManualClock());
  afterEach(restoreClock);

  it("never cuts a label between the halves of a surrogate pair", () => {
    // 7 characters, then an emoji across positions 7 and 8: a cut at 8 would split it.
    const name = printed("aaaaaaa😀bc", 8);
    expect(name).to.equal("aaaaaaa…(11 chars)");
    expect(LONE_SURROGATE.test(name)).to.equal(false);
    expect(printed("aaaaaa😀bc", 8)).to.equal("aaaaaa😀…(10 chars)");
  });

  it("never cuts inside an escape sequence", () => {
    expect(printed("aaaaaa\nb", 8)).to.equal("aaaaaa\\n…(8 chars)");
    expect(printed("aaaaaaa\nb", 8)).to.equal("aaaaaaa…(9 chars)");
  });

  it("escapes lone surrogates as \\uXXXX, keeps pairs", () => {
    expect(printed("x\ud800y\udfffz")).to.equal("x\\ud800y\\udfffz");
    expect(printed("pair 😀 ok")).to.equal("pair 😀 ok");
  });

  it("never splits a surrogate pair when a template value is clipped", () => {
    // Template values are clipped at 960 characters: the emoji sits across positions 959 and 960.
    const value = `${"a".repeat(959)}😀`;
    const name = printed(span`v ${value}`);
    expect(name).to.equal(`v ${"a".repeat(959)}…`);
    expect(LONE_SURROGATE.test(name)).to.equal(false);
  });
});
