// Functions whose source text is read at run time (Playwright's page.evaluate, vm, new Function, a
// worker with `eval: true`) must be left as written: the text of a rewritten function refers to the
// module's `$at`/`$s`/`$f` names, which do not exist where the text is evaluated. Compiled by tspc
// and by plain tsc, run by node: the outputs must be the same, with default options and traceAll.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { COMMONJS_ES2022, describeDifferential, differential } from "./robust-support.js";

const PROGRAM = `import { traced } from "@await-tree/runtime";
import * as vm from "node:vm";
import { Worker } from "node:worker_threads";

// Stands for Playwright's and Puppeteer's page.evaluate: the function is serialised and evaluated
// in another realm.
const page = {
  async evaluate<T>(fn: () => Promise<T>): Promise<T> {
    return vm.runInNewContext("(" + fn.toString() + ")()");
  },
};

class Helper {
  @traced
  async viaEvaluate() {
    return page.evaluate(async () => {
      await null;
      return "evaluate " + typeof globalThis;
    });
  }

  @traced
  async viaTemplate() {
    const probe = async () => {
      await null;
      return 21 * 2;
    };
    return vm.runInNewContext(\`(\${probe})()\`);
  }

  @traced
  async viaNewFunction() {
    const body = async (n: number) => {
      await null;
      return n + 1;
    };
    const alias = body;
    const g = new Function("return " + alias)();
    return g(1);
  }

  @traced
  async viaString() {
    const fn = async function named() {
      await null;
      return "s";
    };
    return String(fn).includes("$at") || Function.prototype.toString.call(fn).includes("$f") ? "leaked" : "clean";
  }

  @traced
  async viaWorker() {
    const job = async () => {
      const { parentPort } = require("node:worker_threads");
      await null;
      parentPort.postMessage("worker");
    };
    return new Promise((resolve, reject) => {
      const w = new Worker(\`(\${job.toString()})()\`, { eval: true });
      w.on("message", resolve);
      w.on("error", reject);
    });
  }

  @traced
  async viaOptOut() {
    // Read through a property: the rule cannot see it, the comment opts it out.
    const holder = {
      // @await-tree-ignore
      fn: async () => {
        await null;
        return "opted out";
      },
    };
    return vm.runInNewContext(\`(\${holder.fn})()\`);
  }

  @traced
  async ordinary() {
    const stillTraced = async () => {
      await null;
      return "ordinary";
    };
    return stillTraced();
  }
}

async function main() {
  const h = new Helper();
  for (const m of ["viaEvaluate", "viaTemplate", "viaNewFunction", "viaString", "viaWorker", "viaOptOut", "ordinary"] as const) {
    try {
      console.log(m, await h[m]());
    } catch (e) {
      console.log(m, "threw", String(e));
    }
  }
}
main();
`;

// A worker built from a function (tiny-worker's, webworker-threads' `new Worker(fn)`) serialises
// it; BullMQ's `new Worker(queueName, processor)` calls its processor where it is written. Only the
// first argument of a `Worker` is taken as serialised (seen auditing BullMQ's suite: every
// processor was left untraced).
const WORKERS = `import * as vm from "node:vm";

class Worker {
  result: Promise<string>;
  constructor(fn: () => Promise<string>) {
    this.result = vm.runInNewContext("(" + fn.toString() + ")()");
  }
}
const bull = {
  Worker: class {
    result: Promise<string>;
    constructor(_name: string, processor: (job: { id: number }) => Promise<string>) {
      this.result = processor({ id: 7 });
    }
  },
};
const processor = async (job: { id: number }) => {
  await null;
  return "processed " + job.id;
};

async function main() {
  console.log(await new Worker(async function () {
    await null;
    return "ran elsewhere";
  }).result);
  console.log(await new bull.Worker("q", processor).result);
}
main();
`;

describe("transformer: functions whose text is serialised", function () {
  this.timeout(300_000);

  for (const plugin of [{}, { traceAll: true }]) {
    it(`are left as written, and run elsewhere as without the plugin (${JSON.stringify(plugin)})`, async () => {
      const d = await differential(
        "serialised",
        {
          files: { "src/main.ts": PROGRAM },
          compilerOptions: { ...COMMONJS_ES2022, experimentalDecorators: true },
          plugin,
        },
        join("out", "main.js"),
      );
      expect(d.withPlugin.compile.code, describeDifferential(d)).to.equal(0);
      expect(d.without.run.stdout).to.contain("viaWorker worker");
      expect(d.withPlugin.run.stdout, describeDifferential(d)).to.equal(d.without.run.stdout);
      expect(d.withPlugin.run.code).to.equal(d.without.run.code);
      // Everything else is still instrumented.
      const js = readFileSync(join(d.dir, "out", "main.js"), "utf8");
      expect(js).to.match(/parts: \["stillTraced\(/);
      // A decorated method with no parameters: its body opens its own frame (no wrapper).
      expect(js).to.match(/parts: \["Helper\.viaEvaluate\(\)"\]/);
    });
  }

  it("of a Worker, only the first argument: BullMQ's processor (the second) is traced", async () => {
    const d = await differential(
      "serialised-workers",
      { files: { "src/main.ts": WORKERS }, compilerOptions: COMMONJS_ES2022, plugin: { traceAll: true } },
      join("out", "main.js"),
    );
    expect(d.withPlugin.compile.code, describeDifferential(d)).to.equal(0);
    expect(d.without.run.stdout).to.equal("ran elsewhere\nprocessed 7\n");
    expect(d.withPlugin.run.stdout, describeDifferential(d)).to.equal(d.without.run.stdout);
    const js = readFileSync(join(d.dir, "out", "main.js"), "utf8");
    expect(js).to.match(/parts: \["processor\(/);
  });
});
