// The shared core's wrapper (core/run-as-task.ts) in this process, with the real runtime: every way
// a test's function can end, and the error a runner's timeout rejects with.
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect } from "chai";
import { maskTimes } from "../support/async.js";
import { repoRoot } from "../support/run-node.js";

const load = createRequire(import.meta.url);
const dist = (path: string): unknown => load(join(repoRoot, "packages/runtime/dist/cjs", path));
const { traced } = dist("index.js") as { traced<F>(fn: F): F; traced<F>(marker: unknown, fn: F): F };
const { TestTasks } = dist("integrations/core/tasks.js") as {
  TestTasks: new (
    options: { leaks: string; asyncContext: string },
    shape: { key(s: string): string; title(s: string): string; indent?: string; leakHint?: string },
    warn: (text: string) => void,
  ) => { running: Set<unknown>; options: { leaks: string } };
};
const { transformed } = dist("instrument/index.js") as {
  transformed(arg: undefined, site: undefined, names: undefined, direct: boolean, noAwait: boolean): unknown;
};
const { runAsTask } = dist("integrations/core/run-as-task.js") as {
  runAsTask(tasks: unknown, source: string, isTest: boolean, fn: () => unknown, outcome: unknown): unknown;
};

const hang = traced(function query(_sql: string): Promise<never> {
  return new Promise<never>(() => {});
});
// What the transformer marks a traced function that is not async with (a method such as
// `@traced() next(): Promise<T>`): compiled, it hides no await.
const hangCompiled = traced(transformed(undefined, undefined, undefined, false, true), function next(): Promise<never> {
  return new Promise<never>(() => {});
});
const slow = traced(function save(): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, 50));
});

function setup(leaks = "warn") {
  const warnings: string[] = [];
  const tasks = new TestTasks(
    { leaks, asyncContext: "auto" },
    { key: (s) => `Suite > ${s}`, title: (s) => s, indent: "" },
    (t) => {
      warnings.push(t);
    },
  );
  const outcome = {
    indent: "",
    warn: (t: string) => warnings.push(t),
    timeoutError: (e: unknown) => (e instanceof Error && e.message.startsWith("Timed out") ? e : undefined),
  };
  const run = (name: string, fn: () => unknown, isTest = true): unknown => runAsTask(tasks, name, isTest, fn, outcome);
  return { tasks, warnings, run };
}

/** What a runner's timer does: reject after `ms` if `p` has not settled, with its own error. */
function withTimeout(p: Promise<unknown>, ms: number, error: Error): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(error), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

describe("test-runner core: running a test's function as a task", () => {
  it("says nothing of compiling with the transformer when the stuck call hides no await (compiled, not async)", async () => {
    const { run } = setup();
    const timeout = new Error("Timed out after 20ms.");
    const p = run("hangs", () => withTimeout(hangCompiled(), 20, timeout)) as Promise<unknown>;
    await p.then(
      () => undefined,
      () => undefined,
    );
    expect(maskTimes(timeout.message)).to.equal(
      "Timed out after 20ms.\n\n" +
        "await-tree: stuck at:\n" +
        "  >> next() [<t>]\n" +
        "pending in [Suite > hangs] at the timeout:\n" +
        "hangs [<t>]\n" +
        "  next() [<t>]",
    );
  });

  it("appends the tree to the runner's timeout error, and leaves other errors as they are", async () => {
    const { tasks, warnings, run } = setup();
    const timeout = new Error("Timed out after 20ms.");
    const p = run("hangs", () => withTimeout(hang("select 1"), 20, timeout)) as Promise<unknown>;
    const caught = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(caught).to.equal(timeout);
    expect(maskTimes(timeout.message)).to.equal(
      "Timed out after 20ms.\n\n" +
        "await-tree: stuck at:\n" +
        '  >> query("select 1") [<t>]\n' +
        "  (a traced call; to see the await inside it, compile with @await-tree/transformer)\n" +
        "pending in [Suite > hangs] at the timeout:\n" +
        "hangs [<t>]\n" +
        '  query("select 1") [<t>]',
    );
    expect(timeout.stack?.startsWith(`Error: ${timeout.message}\n`)).to.equal(true);
    const other = new Error("boom");
    const q = run("fails", () => Promise.reject(other)) as Promise<unknown>;
    expect(
      await q.then(
        () => undefined,
        (e: unknown) => e,
      ),
    ).to.equal(other);
    expect(other.message).to.equal("boom");
    expect(tasks.running.size).to.equal(0);
    expect(warnings).to.deep.equal([]);
  });

  it("prints the tree on the warn channel when the timeout error cannot be extended (frozen)", async () => {
    const { warnings, run } = setup();
    const frozen = Object.freeze(new Error("Timed out, frozen"));
    const p = run("hangs frozen", () => withTimeout(hang("select 2"), 20, frozen)) as Promise<unknown>;
    await p.then(
      () => undefined,
      () => undefined,
    );
    expect(frozen.message).to.equal("Timed out, frozen");
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.match(
      /^await-tree: \[Suite > hangs frozen\] timed out \(its error could not be extended\):\n/,
    );
    expect(warnings[0]).to.include('>> query("select 2")');
  });

  it("rethrows a synchronous throw and returns a synchronous value, the task ended either way", () => {
    const { tasks, run } = setup();
    const boom = new Error("sync");
    expect(() =>
      run("throws", () => {
        throw boom;
      }),
    ).to.throw(boom);
    expect(run("returns", () => 42)).to.equal(42);
    expect(tasks.running.size).to.equal(0);
  });

  it("calls a foreign thenable's then exactly once and hands the runner a native promise", async () => {
    const { run } = setup();
    let thens = 0;
    const thenable = {
      // biome-ignore lint/suspicious/noThenProperty: a foreign thenable (a query builder) is the case tested
      then(resolve: (v: number) => void) {
        thens++;
        resolve(7);
      },
    };
    const p = run("thenable", () => thenable);
    expect(p).to.be.instanceOf(Promise);
    expect(await p).to.equal(7);
    expect(thens).to.equal(1);
  });

  it("returns the test's own promise (warn mode), and fails a leaking test with the leftovers (fail mode)", async () => {
    const warn = setup("warn");
    // The leaking call runs inside the task's function (under this suite's own mocha integration,
    // work started outside it belongs to the mocha test running this one).
    const own = Promise.resolve();
    expect(
      warn.run("leaks", () => {
        void slow();
        return own;
      }),
    ).to.equal(own);
    await own;
    await new Promise((r) => setImmediate(r));
    expect(warn.warnings.join("")).to.include(
      "await-tree: the test [Suite > leaks] passed but left traced work pending",
    );
    const fail = setup("fail");
    const p = fail.run("leaks", async () => {
      void slow();
    }) as Promise<unknown>;
    const err = (await p.then(
      () => undefined,
      (e: unknown) => e,
    )) as Error;
    expect(err.name).to.equal("AwaitTreeLeakError");
    expect(err.message).to.match(
      /^the test \[Suite > leaks\] left traced work pending that it started and did not await \(1 span\):\n/,
    );
    expect(Object.keys(err)).not.to.include("key");
    expect(Object.keys(err)).not.to.include("tree");
    // A hook is never checked for leaks.
    const hook = fail.run(
      "hook",
      async () => {
        void slow();
      },
      false,
    ) as Promise<unknown>;
    expect(await hook).to.equal(undefined);
  });
});
