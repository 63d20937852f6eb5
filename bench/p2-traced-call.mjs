// P2: a traced async call that awaits once, against the same call untraced (target: at most 2x).
// The traced call is made n times in a loop by a traced caller, which awaits it (so each call is
// one frame, its own wait, and the caller's wait on it). Variants, each against its untraced twin
// in the same process, alternately:
// - `@traced` method, compiled with the transformer (the decorator's wrapper opens the frame, the
//   rewritten body adopts it): the figure of P2;
// - a plain async function traced by the transformer (`traceAll`, no wrapper);
// - `@traced` method without the transformer (plain tsc: the decorator alone, which finds its
//   parent through AsyncLocalStorage): run inside a registered task, as the design requires; its
//   twin runs with the storage disabled, as in a program without await-tree.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { builtSources, load, root, runtime } from "./lib/build.mjs";
import { alternate, arg, cpuText, parseReport, report, row } from "./lib/measure.mjs";

const self = fileURLToPath(import.meta.url);

async function alsChild({ rounds, n }) {
  const rt = runtime();
  // Internal: the runtime's storage, to switch it off for the untraced rounds.
  const { ctx } = createRequire(join(root, "bench", "index.js"))(
    join(root, "packages", "runtime", "dist", "cjs", "core", "context.js"),
  );
  const plain = load("plain", "traced-call");
  const decorated = load("plain", "decorated"); // compiled without the transformer: the decorator alone
  const p = Promise.resolve(1);
  const registry = new rt.Registry();
  const plainService = new plain.PlainService();
  const service = new decorated.Service();
  const r = await alternate(
    {
      untraced: (k) => {
        ctx.als?.disable(); // a program without await-tree has no storage, no promise hook
        return plain.drivePlainService(plainService, k, p);
      },
      decoratorOnly: (k) => registry.register("task", "task").run(() => decorated.driveService(service, k, p)),
    },
    { base: "untraced", n, rounds },
  );
  return r;
}

export async function run({ rounds = 31, n = 150_000 } = {}) {
  const rt = runtime();
  rt.initGlobalRegistry();
  const plain = load("plain", "traced-call");
  const traced = load("traced", "traced-call");
  const decorated = load("traced", "decorated");
  const p = Promise.resolve(1);
  const plainService = new plain.PlainService();
  const service = new decorated.Service();
  const method = await alternate(
    {
      untraced: (k) => plain.drivePlainService(plainService, k, p),
      traced: (k) => decorated.driveService(service, k, p),
    },
    { base: "untraced", n, rounds },
  );
  const fn = await alternate(
    { untraced: (k) => plain.drive(k, p), traced: (k) => traced.drive(k, p) },
    { base: "untraced", n, rounds },
  );
  const child = spawnSync(process.execPath, [self, "--als-child", "--rounds", String(rounds)], { encoding: "utf8" });
  const als = parseReport(child.stdout ?? "");
  const how = builtSources().transformer;
  const rows = [
    row({
      id: "P2",
      name: "traced call (@traced method + transformer) / untraced",
      figure: method.ratio.traced,
      spread: method.spread.traced,
      op: "<=",
      target: 2,
      detail: `${method.nsPerOp.traced} vs ${method.nsPerOp.untraced} ns per call; ${cpuText(method, "traced")}; ${rounds} rounds of ${n} (${how})`,
    }),
    row({
      id: "P2-fn",
      name: "traced call (async function, transformer traceAll) / untraced",
      figure: fn.ratio.traced,
      spread: fn.spread.traced,
      op: "<=",
      target: 2,
      detail: `${fn.nsPerOp.traced} vs ${fn.nsPerOp.untraced} ns per call; ${cpuText(fn, "traced")}; ${rounds} rounds of ${n} (${how})`,
    }),
  ];
  if (als !== undefined) rows.push(...als);
  else
    rows.push(
      row({
        id: "P2-als",
        name: "decorator without transformer",
        figure: Number.NaN,
        detail: `child failed: ${child.stderr}`,
      }),
    );
  return rows;
}

if (process.argv.includes("--als-child")) {
  const r = await alsChild({ rounds: Number(arg("rounds", 15)), n: 50_000 });
  report([
    row({
      id: "P2-als",
      name: "traced call (@traced without transformer, AsyncLocalStorage) / untraced",
      figure: r.ratio.decoratorOnly,
      spread: r.spread.decoratorOnly,
      detail: `${r.nsPerOp.decoratorOnly} vs ${r.nsPerOp.untraced} ns per call; informational (no target): the path without the transformer`,
    }),
  ]);
} else if (process.argv[1] === self) {
  report(await run({ rounds: Number(arg("rounds", 31)) }));
}
