import { formatDuration } from "@await-tree/runtime";
import { expect } from "chai";

describe("runtime: duration format (Rust {:.3?} of a Duration)", () => {
  const cases: Array<[number, string]> = [
    [0, "0.000ns"],
    [1, "1.000ns"],
    [999, "999.000ns"],
    [1_000, "1.000µs"],
    [1_500, "1.500µs"],
    [999_999, "999.999µs"],
    [999_999.4, "999.999µs"],
    [9_999_496, "9.999ms"],
    [1_000_000, "1.000ms"],
    [106_290_000, "106.290ms"],
    [999_999_499, "999.999ms"],
    // The unit is chosen before rounding, so this rounds up within ms.
    [999_999_500, "1000.000ms"],
    [999_999_999, "1000.000ms"],
    [1_000_000_000, "1.000s"],
    [1_006_000_000, "1.006s"],
    [1_000_499_999, "1.000s"],
    [1_000_500_000, "1.001s"],
    [9_999_600_000, "10.000s"],
    [10_000_000_000, "10.000s"],
    [3_725_000_000_000, "3725.000s"],
  ];
  for (const [ns, text] of cases) {
    it(`${ns} ns prints ${text}`, () => {
      expect(formatDuration(ns)).to.equal(text);
    });
  }

  it("treats negative, NaN and infinite input as zero rather than printing garbage", () => {
    expect(formatDuration(-5)).to.equal("0.000ns");
    expect(formatDuration(Number.NaN)).to.equal("0.000ns");
    expect(formatDuration(Number.POSITIVE_INFINITY)).to.equal("0.000ns");
  });
});
