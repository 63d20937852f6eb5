/**
 * bench/p5-http.mjs and its server (bench/lib/server.mjs): bad arguments are named before any
 * server starts, and the calibration server (`spin`, the untraced handler after a busy loop per
 * request) serves the handler's real response (how long it spins is not asserted: no test times).
 */
import { fork, spawnSync } from "node:child_process";
import { request } from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import { repoRoot } from "../support/run-node.js";

interface P5 {
  run(options: Record<string, unknown>): Promise<unknown[]>;
}

async function p5(): Promise<P5> {
  return (await import(pathToFileURL(join(repoRoot, "bench", "p5-http.mjs")).href)) as P5;
}

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        body += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on("error", reject)
      .end();
  });
}

describe("bench: P5 (http server)", () => {
  for (const [option, value] of [
    ["rounds", 0],
    ["duration", Number.NaN],
    ["spinUs", -1],
  ] as const) {
    it(`names a bad ${option} (${value}) instead of starting servers`, async () => {
      const { run } = await p5();
      let error: unknown;
      try {
        await run({ [option]: value, calibrate: true });
      } catch (e) {
        error = e;
      }
      const flag = option === "spinUs" ? "spin-us" : option;
      expect(String(error)).to.include(`--${flag} must be a positive number, got ${value}`);
    });
  }

  it("the calibration server refuses a loop that is not a positive number of µs", () => {
    const r = spawnSync(process.execPath, [join(repoRoot, "bench", "lib", "server.mjs"), "spin", "abc"], {
      encoding: "utf8",
    });
    expect(r.status).to.not.equal(0);
    expect(r.stderr).to.include("server.mjs spin: µs must be a positive number, got abc");
  });

  it("the calibration server answers as the untraced one does, after its busy loop", async function () {
    this.timeout(120_000); // builds the benchmark sources on a fresh checkout (tspc, twice)
    const build = (await import(pathToFileURL(join(repoRoot, "bench", "lib", "build.mjs")).href)) as {
      builtSources(): unknown;
    };
    build.builtSources();
    const child = fork(join(repoRoot, "bench", "lib", "server.mjs"), ["spin", "200"], { stdio: "pipe" });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        child.once("message", (m: { port: number }) => resolve(m.port));
        child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
      });
      const r = await get(`http://127.0.0.1:${port}/7`);
      expect(r.status).to.equal(200);
      expect(JSON.parse(r.body)).to.deep.equal({ user: "user 7", orders: [70, 71, 72, 73, 74], other: "user 8" });
    } finally {
      child.kill();
    }
  });
});
