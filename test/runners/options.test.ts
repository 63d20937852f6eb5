// The adapters' options and entry points, in this process (the builds' internal modules: loading
// the entry points of jest and node:test would install them here).
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot } from "../support/run-node.js";

interface Options {
  leaks?: unknown;
  asyncContext?: unknown;
}
interface Adapter {
  configure(options: unknown): void;
  options(): { leaks: string; asyncContext: string };
}
const load = createRequire(import.meta.url);
const dist = (path: string): unknown => load(join(repoRoot, "packages/runtime/dist/cjs/integrations", path));
const core = dist("core/options.js") as {
  resolveOptions(env: NodeJS.ProcessEnv, config: unknown, programmatic: Options, prefix: string): Options;
};
const vitest = dist("vitest/index.js") as Adapter & {
  awaitTree(options?: unknown): { name: string; config(): { test: Record<string, unknown> } };
};
const jest = dist("jest/index.js") as Adapter & { installJest(global: object): boolean };
const nodeTest = dist("node-test/index.js") as Adapter & {
  runsTests(execArgv: string[], env: NodeJS.ProcessEnv): boolean;
};
const ADAPTERS: Array<[string, Adapter]> = [
  ["vitest", vitest],
  ["jest", jest],
  ["node-test", nodeTest],
];

describe("test-runner adapters: options and entry points", () => {
  afterEach(() => {
    for (const [, a] of ADAPTERS) a.configure({});
  });

  it("configure() rejects wrong values, unknown keys and non-objects, naming the adapter and the option", () => {
    for (const [name, a] of ADAPTERS) {
      const prefix = `@await-tree/runtime/${name}: `;
      expect(() => a.configure({ leaks: "loud" })).to.throw(
        TypeError,
        `${prefix}configure(options): leaks must be "off", "warn" or "fail", got "loud"`,
      );
      expect(() => a.configure({ asyncContext: 1 })).to.throw(
        TypeError,
        `${prefix}configure(options): asyncContext must be "auto" or "always", got 1`,
      );
      expect(() => a.configure({ leak: "fail" })).to.throw(
        TypeError,
        `${prefix}configure(options): unknown option "leak" (known: leaks, asyncContext)`,
      );
      expect(() => a.configure("fail")).to.throw(TypeError, `${prefix}configure(options) must be an object`);
      expect(() => a.configure(null)).to.throw(TypeError, `${prefix}configure(options) must be an object`);
      a.configure({ leaks: "fail" });
      expect(a.options()).to.deep.equal({ leaks: "fail", asyncContext: "auto" });
    }
  });

  it("the environment wins over configure(), configure() over the runner's config, then the defaults", () => {
    const cfg = { value: { leaks: "off", asyncContext: "always" }, file: "the plugin" };
    expect(core.resolveOptions({}, undefined, {}, "p: ")).to.deep.equal({ leaks: "warn", asyncContext: "auto" });
    expect(core.resolveOptions({}, cfg, {}, "p: ")).to.deep.equal({ leaks: "off", asyncContext: "always" });
    expect(core.resolveOptions({}, cfg, { leaks: "warn" }, "p: ")).to.deep.equal({
      leaks: "warn",
      asyncContext: "always",
    });
    const env = { AWAIT_TREE_LEAKS: "fail", AWAIT_TREE_ASYNC_CONTEXT: " auto " };
    expect(core.resolveOptions(env, cfg, { leaks: "warn" }, "p: ")).to.deep.equal({
      leaks: "fail",
      asyncContext: "auto",
    });
    expect(() => core.resolveOptions({}, { value: { leaks: "fial" }, file: "the plugin" }, {}, "p: ")).to.throw(
      'p: awaitTree in the plugin: leaks must be "off", "warn" or "fail", got "fial"',
    );
  });

  it("the vitest plugin adds the setup file and hands its options to the workers; wrong options throw at once", () => {
    expect(vitest.awaitTree().config()).to.deep.equal({ test: { setupFiles: ["@await-tree/runtime/vitest"] } });
    expect(vitest.awaitTree({ leaks: "fail" }).config()).to.deep.equal({
      test: { setupFiles: ["@await-tree/runtime/vitest"], provide: { awaitTree: { leaks: "fail" } } },
    });
    expect(() => vitest.awaitTree({ leaks: "loud" })).to.throw(
      '@await-tree/runtime/vitest: awaitTree(options): leaks must be "off", "warn" or "fail", got "loud"',
    );
    expect(() => vitest.awaitTree([] as unknown)).to.throw("awaitTree(options) must be an object");
  });

  it("node:test: installs in the processes that run test files, never in the orchestrator of node --test", () => {
    expect(nodeTest.runsTests([], {})).to.equal(true);
    expect(nodeTest.runsTests(["--test"], { NODE_TEST_CONTEXT: "child-v8" })).to.equal(true);
    expect(nodeTest.runsTests(["--test"], {})).to.equal(false);
    expect(nodeTest.runsTests(["--test", "--test-isolation=none"], {})).to.equal(true);
    expect(nodeTest.runsTests(["--test", "--experimental-test-isolation=none"], {})).to.equal(true);
  });

  it("jest: installs nothing where jest-circus's handler list is missing or not a list", () => {
    expect(jest.installJest({})).to.equal(false);
    expect(jest.installJest({ [Symbol.for("EVENT_HANDLERS")]: "not a list" })).to.equal(false);
  });
});
