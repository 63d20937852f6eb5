// The time a dump takes on a process with 10,000 pending tasks (issue 12): `await-tree dump <pid>`
// end to end (the CLI's start, SIGUSR1, connect, evaluate, close), text and JSON, and the
// runtime's `dump()` alone inside the target. Each task is a traced call awaiting a promise that
// never settles (3 spans per task).
// Usage: node bench/dump-10k.mjs [--tasks 10000] [--rounds 5]
import { execFileSync, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { root } from "./lib/build.mjs";
import { arg, median } from "./lib/measure.mjs";

const CLI = join(root, "packages", "cli", "dist", "bin.js");

const target = (tasks) => `
const rt = require(${JSON.stringify(join(root, "packages", "runtime"))});
const registry = rt.initGlobalRegistry();
const load = rt.traced(async function load(id) { await rt.instrumentAwait(new Promise(() => {}), rt.span\`query \${id}\`); });
for (let i = 0; i < ${tasks}; i++) registry.register("task " + i, "request " + i).run(() => load(i));
const times = [];
for (let r = 0; r < 5; r++) { const t = performance.now(); rt.dump(); times.push(performance.now() - t); }
times.sort((a, b) => a - b);
const text = rt.dump();
console.log(JSON.stringify({ inProcessMs: times[2], chars: text.length }));
setInterval(() => {}, 1 << 30);
`;

export async function run({ tasks = 10_000, rounds = 5 } = {}) {
  const child = spawn(process.execPath, ["--inspect-port=0", "-e", target(tasks)], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  try {
    const first = await new Promise((resolve, reject) => {
      child.stdout.once("data", (d) => resolve(JSON.parse(d.toString())));
      child.once("exit", () => reject(new Error("the target exited")));
    });
    const time = (args) => {
      const t = performance.now();
      const out = execFileSync(process.execPath, [CLI, "dump", String(child.pid), ...args], { maxBuffer: 1 << 30 });
      return { ms: performance.now() - t, bytes: out.length };
    };
    const text = [];
    const json = [];
    let bytes = { text: 0, json: 0 };
    for (let r = 0; r < rounds; r++) {
      const a = time([]);
      const b = time(["--json"]);
      text.push(a.ms);
      json.push(b.ms);
      bytes = { text: a.bytes, json: b.bytes };
    }
    return [
      `${tasks} pending tasks (${tasks * 3} spans), median of ${rounds}:`,
      `  dump() inside the target:        ${first.inProcessMs.toFixed(1)} ms (${first.chars} characters)`,
      `  await-tree dump <pid>:           ${median(text).toFixed(0)} ms end to end (${bytes.text} bytes)`,
      `  await-tree dump <pid> --json:    ${median(json).toFixed(0)} ms end to end (${bytes.json} bytes)`,
    ].join("\n");
  } finally {
    child.kill("SIGKILL");
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await run({ tasks: Number(arg("tasks", 10_000)), rounds: Number(arg("rounds", 5)) }));
}
