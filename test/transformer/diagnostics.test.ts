// The transformer's two errors, in every toolchain: `@traced` on something that is not an async
// method (TS97302, naming it) and an invalid plugin option (TS97301, naming it). tspc reports them
// as compile errors; where emit diagnostics are dropped (ts-node), the compile throws them.
import { join } from "node:path";
import { expect } from "chai";
import { explain, limited, makeProject, node, type Run, tspc } from "./helpers.js";

const options = {
  strict: true,
  module: "commonjs",
  target: "ES2022",
  outDir: "out",
  rootDir: "src",
  types: [],
  lib: ["ES2022"],
  skipLibCheck: true,
};

/** Our diagnostics in tsc's output, one per line, with the path made relative. */
function ours(r: Run): string[] {
  return (r.stdout + r.stderr)
    .split("\n")
    .filter((l) => /TS973\d\d/.test(l))
    .map((l) => l.trim());
}

const MISUSE = [
  "src/misuse.ts(5,1): error TS97302: @traced can only decorate an async method or a method that returns a promise, but 'Store' is a class.",
  "src/misuse.ts(7,3): error TS97302: @traced can only decorate an async method or a method that returns a promise, but 'Store.name' is a property.",
  "src/misuse.ts(10,3): error TS97302: @traced can only decorate an async method or a method that returns a promise, but 'Store.size' is a getter.",
  "src/misuse.ts(15,3): error TS97302: @traced can only decorate an async method or a method that returns a promise, but 'Store.count' is not async and does not return a promise.",
  "src/misuse.ts(20,3): error TS97302: @traced can only decorate an async method or a method that returns a promise, but 'Store.keys' is a generator.",
  "src/misuse.ts(38,8): error TS97302: @traced can only decorate an async method or a method that returns a promise, but 'id' is a parameter of 'Store.find'.",
];

const BAD_OPTIONS: Array<{ plugin: Record<string, unknown>; message: string }> = [
  {
    plugin: { tracAll: true },
    message:
      'error TS97301: @await-tree/transformer: unknown option "tracAll" (known: traceAll, include, exclude, nested, maxLabelLength, tracedModules, projectRoot)',
  },
  {
    plugin: { traceAll: "yes" },
    message: 'error TS97301: @await-tree/transformer: option "traceAll" must be true or false, got the string "yes"',
  },
  {
    plugin: { include: "src/**" },
    message:
      'error TS97301: @await-tree/transformer: option "include" must be an array of non-empty strings, got the string "src/**"',
  },
  {
    plugin: { maxLabelLength: 3 },
    message:
      'error TS97301: @await-tree/transformer: option "maxLabelLength" must be an integer of at least 8, got number 3',
  },
];

describe("transformer: diagnostics", function () {
  this.timeout(600_000);
  const runs = new Map<string, Run>();

  before(async () => {
    const misuse = (name: string, extra?: Record<string, unknown>) =>
      makeProject(name, {
        from: "diagnostics",
        compilerOptions: { ...options, experimentalDecorators: true },
        ...(extra !== undefined ? { extra } : {}),
      });
    const tsNode = (dir: string, transpileOnly: boolean) =>
      node(["-r", "ts-node/register", "-e", 'require("./src/misuse.ts")'], {
        cwd: dir,
        env: {
          TS_NODE_PROJECT: join(dir, "tsconfig.json"),
          TS_NODE_COMPILER: "ts-patch/compiler",
          TS_NODE_TRANSPILE_ONLY: String(transpileOnly),
          TSP_COMPILER_TS_PATH: join(dir, "node_modules", "typescript"),
        },
      });
    await limited(2, [
      async () => runs.set("tspc", await tspc(misuse("diag-tspc"))),
      async () => runs.set("ts-node", await tsNode(misuse("diag-ts-node"), false)),
      async () => runs.set("ts-node-transpile", await tsNode(misuse("diag-ts-node-transpile"), true)),
      ...BAD_OPTIONS.map((b, i) => async () => {
        const dir = makeProject(`options-${i}`, { from: "options", compilerOptions: options, plugin: b.plugin });
        runs.set(`option-${i}`, await tspc(dir));
      }),
      async () => {
        const dir = makeProject("options-ts-node", {
          from: "options",
          compilerOptions: options,
          plugin: { nested: 1 },
        });
        runs.set(
          "option-ts-node",
          await node(["-r", "ts-node/register", "-e", 'require("./src/main.ts")'], {
            cwd: dir,
            env: { TS_NODE_PROJECT: join(dir, "tsconfig.json"), TS_NODE_COMPILER: "ts-patch/compiler" },
          }),
        );
      },
    ]);
  });

  const got = (key: string): Run => {
    const r = runs.get(key);
    expect(r, `${key} did not run`).to.not.equal(undefined);
    return r as Run;
  };

  it("tspc: each misplaced @traced is a compile error TS97302 naming it; correct uses are not reported", () => {
    const r = got("tspc");
    expect(r.code, explain(r)).to.not.equal(0);
    expect(ours(r)).to.deep.equal(MISUSE);
  });

  it("ts-node (type-checking): the compile fails with the first TS97302", () => {
    const r = got("ts-node");
    expect(r.code, explain(r)).to.not.equal(0);
    expect(r.stderr).to.contain("AwaitTreeTransformerError");
    expect(r.stderr).to.match(/misuse\.ts:5:1 - error TS97302: .* but 'Store' is a class\./);
  });

  it("ts-node transpile-only: misuse that is visible without types fails the same way", () => {
    const r = got("ts-node-transpile");
    expect(r.code, explain(r)).to.not.equal(0);
    expect(r.stderr).to.match(/misuse\.ts:5:1 - error TS97302: .* but 'Store' is a class\./);
  });

  BAD_OPTIONS.forEach((b, i) => {
    it(`tspc: ${JSON.stringify(b.plugin)} fails the compile naming the option`, () => {
      const r = got(`option-${i}`);
      expect(r.code, explain(r)).to.not.equal(0);
      expect(ours(r)).to.deep.equal([b.message]);
    });
  });

  it("ts-node: an invalid option fails with the same message", () => {
    const r = got("option-ts-node");
    expect(r.code, explain(r)).to.not.equal(0);
    expect(r.stderr).to.contain(
      'error TS97301: @await-tree/transformer: option "nested" must be true or false, got number 1',
    );
  });
});
