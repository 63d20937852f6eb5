// A wait on `it.next()` whose only child is the frame of an async generator's body (the first
// `next()` starts the body) is printed as two lines: folding it into one would label the
// generator's frame `it.next()` and hide which generator runs there (seen in tRPC's SSE stream,
// where `readableStreamFrom`'s `iterator.next()` hid the user's subscription generator).
// A wait on a plain call still folds. Real compiles, real processes.
import { expect } from "chai";
import { compileAndRun } from "./compile-and-run.js";

const PROGRAM = `import { Registry } from "@await-tree/runtime";
let open!: () => void;
const gate = new Promise<void>((r) => (open = r));
async function waitGate(id: number) {
  await gate;
  return id;
}
async function* quiet(id: number) {
  await waitGate(id);
  yield id;
}
async function pull(it: AsyncIterator<number>) {
  const r = await it.next();
  return r.value;
}
async function direct(id: number) {
  return await waitGate(id);
}
const registry = new Registry();
const done = registry.register("stream", "stream").run(() => Promise.all([pull(quiet(7)), direct(8)]));
setTimeout(() => {
  console.log(registry.get("stream")?.toString() ?? "<none>");
  open();
  done.then((v) => console.log("value", v.join(",")));
}, 5);
`;

describe("transformer: waits on an async generator's next() are not folded", function () {
  this.timeout(120_000);

  it("names the generator under it.next(), and still folds a plain call", async () => {
    const out = await compileAndRun(PROGRAM, { traceAll: true });
    expect(out).to.equal(
      [
        "stream [T]",
        "  pull(AsyncGenerator) [T]",
        "    it.next() [T]",
        "      quiet(7) [T]",
        "        waitGate(7) [T]",
        "          gate [T]",
        "  direct(8) [T]",
        "    waitGate(8) [T]",
        "      gate [T]",
        "",
        "value 7,8",
        "",
      ].join("\n"),
    );
  });
});

// A wait on a call whose only child is an anonymous callback the callee's untraced code ran
// (commander's `.action(async () => ...)` under `await program.parseAsync(argv)`) printed as one
// line: the callback's awaits read as the call's own. Two lines now; a named call still folds. A
// callback written as an argument of the awaited (or returned) call itself is that call's own work:
// it folds too, where the line printed the call twice (`run(async () => …)`, then `<anonymous>()
// in run(…)`).
const CALLBACK = `import { Registry } from "@await-tree/runtime";
const gate = new Promise<void>(() => {});
let action: () => Promise<void> = async () => {};
const program = {
  action(f: () => Promise<void>) {
    action = f;
    return program;
  },
  parseAsync(argv: string[]): Promise<void> {
    return action(); // untraced: not async
  },
};
program.action(async () => {
  await gate;
});
function run<T>(f: () => Promise<T>): Promise<T> {
  return f();
}
async function handle() {
  await gate;
}
async function main() {
  await program.parseAsync([]);
}
async function direct() {
  await run(async () => {
    await gate;
  });
}
async function returned() {
  return run(async () => {
    await gate;
  });
}
async function executor() {
  await new Promise<void>(async (resolve) => {
    await gate;
    resolve();
  });
}
async function named() {
  await handle();
}
const registry = new Registry();
void registry.register("cli", "cli").run(() => Promise.all([main(), direct(), returned(), executor(), named()]));
setTimeout(() => console.log(registry.get("cli")?.toString() ?? "<none>"), 5);
`;

describe("transformer: a wait whose only child is an anonymous callback is not folded", function () {
  this.timeout(120_000);

  it("shows the call and a callback registered elsewhere; folds a callback passed to the call itself", async () => {
    const out = await compileAndRun(CALLBACK, { traceAll: true });
    expect(out).to.equal(
      [
        "cli [T]",
        "  main() [T]",
        "    program.parseAsync([]) [T]",
        "      <anonymous>() in program.action(…) [T]",
        "        gate [T]",
        "  direct() [T]",
        "    run(async () => { await gate; }) [T]",
        "      gate [T]",
        "  returned() [T]",
        "    run(async () => { await gate; }) [T]",
        "      gate [T]",
        "  executor() [T]",
        // `new` is not a call: a wait on it never folds (its executor is named by the `new`).
        "    new Promise(async (resolve) => { await gate; resolve(); }) [T]",
        "      <anonymous>([Function]) in new Promise(…) [T]",
        "        gate [T]",
        "  named() [T]",
        "    handle() [T]",
        "      gate [T]",
        "",
        "",
      ].join("\n"),
    );
  });
});

// A frame the user named (`@traced("load user ${id}")`, `traced("fetch ${n}", fn)`) awaited as a
// single call printed as one line labelled with the call's expression: the name the user chose
// showed nowhere in the text format. Two lines now (the expression, then the named frame); a
// derived name (`@traced()`) still folds, and so does a hand label, which names the future itself.
const NAMED = `import { Registry, instrumentAwait, traced } from "@await-tree/runtime";
const gate = new Promise<void>(() => {});
class Users {
  @traced("load user \${id}")
  async load(id: number) {
    await gate;
  }
  @traced({ name: "poll" })
  async poll() {
    await gate;
  }
  @traced()
  async plain(id: number) {
    await gate;
  }
}
const fetchN = traced("fetch \${n}", async (n: number) => {
  await gate;
});
class Api {
  users = new Users();
  @traced()
  async a() { await this.users.load(7); }
  @traced()
  async b() { await this.users.poll(); }
  @traced()
  async c() { await this.users.plain(9); }
  @traced()
  async d() { await fetchN(3); }
  @traced()
  async e() { await instrumentAwait(this.users.load(8), "hand label"); }
}
const api = new Api();
const registry = new Registry();
void registry.register("req", "req").run(() => Promise.all([api.a(), api.b(), api.c(), api.d(), api.e()]));
setTimeout(() => console.log(registry.get("req")?.toString() ?? "<none>"), 5);
`;

describe("transformer: a frame the user named is not folded under its call's expression", function () {
  this.timeout(120_000);

  for (const traceAll of [false, true]) {
    it(`shows the call and the named frame; derived names and hand labels still fold (traceAll: ${traceAll})`, async () => {
      const out = await compileAndRun(NAMED, { traceAll });
      expect(out).to.equal(
        [
          "req [T]",
          "  Api.a() [T]",
          "    this.users.load(7) [T]",
          "      load user 7 [T]",
          "        gate [T]",
          "  Api.b() [T]",
          "    this.users.poll() [T]",
          "      poll [T]",
          "        gate [T]",
          "  Api.c() [T]",
          "    this.users.plain(9) [T]",
          "      gate [T]",
          "  Api.d() [T]",
          "    fetchN(3) [T]",
          "      fetch 3 [T]",
          "        gate [T]",
          "  Api.e() [T]",
          "    hand label [T]",
          "      gate [T]",
          "",
          "",
        ].join("\n"),
      );
    });
  }
});
