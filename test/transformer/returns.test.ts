// `return g()` without `await` in traced code (p-queue's `add`, promise-pool's `process`): the
// returned work stays under the returning frame, under its caller's wait, until it ends; it is
// neither detached nor lost when the frame is an automatic root. Real compiles, real processes.
import { expect } from "chai";
import { compileAndRun } from "./compile-and-run.js";

const QUEUE = `import { traced, Registry, initGlobalRegistry } from "@await-tree/runtime";
let open!: () => void;
const gate = new Promise<void>((r) => (open = r));
export class Queue {
  @traced
  async add(n: number) {
    return this.run(n);
  }
  @traced
  async run(n: number) {
    await gate;
    return n * 2;
  }
}
const queue = new Queue();
`;

describe("transformer: returning pending work without await", function () {
  this.timeout(120_000);

  it("shows the returned call under the returning frame, under the caller's wait", async () => {
    const out = await compileAndRun(`${QUEUE}
class Api {
  @traced
  async handle() {
    const v = await queue.add(1);
    return v;
  }
}
const registry = new Registry();
const done = registry.register("request", "request").run(() => new Api().handle());
setTimeout(() => {
  console.log(registry.get("request")?.toString() ?? "<none>");
  open();
  done.then((v) => console.log("value", v, registry.get("request")?.toString() ?? "<ended>"));
}, 5);
`);
    expect(out).to.equal(
      [
        "request [T]",
        "  Api.handle() [T]",
        "    queue.add(1) [T]",
        "      this.run(1) [T]",
        "        gate [T]",
        "",
        "value 2 <ended>",
        "",
      ].join("\n"),
    );
  });

  it("keeps an automatic root whose function returned its work, until that work ends", async () => {
    const out = await compileAndRun(`${QUEUE}
const registry = initGlobalRegistry();
const done = queue.add(3); // outside any task: an automatic root
setTimeout(() => {
  console.log(registry.toString() || "<no task>");
  open();
  done.then((v) => console.log("value", v, registry.toString() || "<no task>"));
}, 5);
`);
    expect(out).to.equal(
      ["[Anonymous #0]", "Queue.add(3) [T]", "  this.run(3) [T]", "    gate [T]", "", "", "value 6 <no task>", ""].join(
        "\n",
      ),
    );
  });

  it("does the same for a concise async arrow, with traceAll", async () => {
    const out = await compileAndRun(
      `import { Registry } from "@await-tree/runtime";
let open!: () => void;
const gate = new Promise<void>((r) => (open = r));
const run = async (n: number) => { await gate; return n; };
const add = async (n: number) => run(n);
const registry = new Registry();
const done = registry.register("k", "k").run(async () => await add(4));
setTimeout(() => {
  console.log(registry.get("k")?.toString() ?? "<none>");
  open();
  done.then((v) => console.log("value", v, registry.get("k")?.toString() ?? "<ended>"));
}, 5);
`,
      { traceAll: true },
    );
    expect(out).to.equal(
      [
        "k [T]",
        '  <anonymous>() in registry.register("k", "k").run(…) [T]',
        "    add(4) [T]",
        "      run(4) [T]",
        "        gate [T]",
        "",
        "value 4 <ended>",
        "",
      ].join("\n"),
    );
  });
});
