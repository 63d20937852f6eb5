/**
 * bench/lib/processes.mjs: how `npm run bench` combines the rows of one benchmark measured in
 * several processes (P1 and P2: the median process, and the range of all).
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import { repoRoot } from "../support/run-node.js";

interface Row {
  id: string;
  figure: number;
  spread?: { lo: number; hi: number; kind: string };
  op: string;
  target: number;
  met?: boolean;
  detail: string;
}

interface Processes {
  median(xs: number[]): number;
  combineProcesses(runs: Row[][]): Row[];
}

async function processes(): Promise<Processes> {
  return (await import(pathToFileURL(join(repoRoot, "bench", "lib", "processes.mjs")).href)) as Processes;
}

const p2 = (figure: number, detail = `${figure} run`): Row => ({
  id: "P2",
  figure,
  spread: { lo: figure - 0.02, hi: figure + 0.02, kind: "IQR" },
  op: "<=",
  target: 2,
  met: figure <= 2,
  detail,
});
const info = (figure: number): Row => ({ id: "P2-als", figure, op: "", target: Number.NaN, detail: "als" });

describe("bench: rows measured in several processes", () => {
  it("takes the median process's figure and detail, decides the target on it, and shows the whole range", async () => {
    const { combineProcesses } = await processes();
    const rows = combineProcesses([
      [p2(1.9, "a"), info(9)],
      [p2(2.3, "slow"), info(10)],
      [p2(1.85, "b"), info(8)],
      [p2(1.95, "c"), info(9.5)],
      [p2(1.88, "d"), info(11)],
    ]);
    expect(rows.map((r) => r.id)).to.deep.equal(["P2", "P2-als"]);
    const [row, als] = rows as [Row, Row];
    expect(row.figure).to.equal(1.9);
    expect(row.met).to.equal(true);
    expect(row.spread).to.deep.equal({ lo: 1.85, hi: 2.3, kind: "min-max of 5 processes" });
    expect(row.detail).to.equal("median process: a; 5 processes: 1.9, 2.3, 1.85, 1.95, 1.88");
    expect(als.figure).to.equal(9.5);
    expect(als.met).to.equal(undefined);
  });

  it("misses the target when the median process misses it, whatever the best process read", async () => {
    const { combineProcesses } = await processes();
    const [row] = combineProcesses([[p2(2.1)], [p2(1.8)], [p2(2.2)]]) as [Row];
    expect(row.figure).to.equal(2.1);
    expect(row.met).to.equal(false);
  });

  it("keeps a failed process visible in the detail and combines the others", async () => {
    const { combineProcesses } = await processes();
    const failed: Row = {
      id: "P2",
      figure: Number.NaN,
      op: "",
      target: Number.NaN,
      met: false,
      detail: "failed: boom",
    };
    const [row] = combineProcesses([[p2(1.9)], [failed], [p2(1.7)]]) as [Row];
    expect(row.figure).to.equal(1.8);
    expect(row.spread).to.deep.equal({ lo: 1.7, hi: 1.9, kind: "min-max of 3 processes" });
    expect(row.detail).to.match(/; 3 processes: 1\.9, failed, 1\.7$/);
    const [none] = combineProcesses([[failed], [failed]]) as [Row];
    expect(Number.isNaN(none.figure)).to.equal(true);
    expect(none.met).to.equal(false);
  });

  it("leaves the rows of a single process as they are", async () => {
    const { combineProcesses, median } = await processes();
    const one = [p2(1.9)];
    expect(combineProcesses([one])).to.equal(one);
    expect(median([3, 1, 2])).to.equal(2);
    expect(median([4, 1, 3, 2])).to.equal(2.5);
    expect(Number.isNaN(median([]))).to.equal(true);
  });
});
