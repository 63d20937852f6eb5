import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot } from "../support/run-node.js";
import { tempFolder } from "../support/scratch.js";

/** The integration's config reader, from the build (it is internal: not in the package's exports). */
interface ConfigFile {
  parseFlags(argv: string[]): { config: string | false | undefined; pkg: string | false | undefined };
  parseJsonc(text: string): unknown;
  yamlAwaitTree(text: string): unknown;
  readAwaitTreeConfig(
    argv: string[],
    cwd: string,
    env: NodeJS.ProcessEnv,
  ): { value: unknown; file: string } | undefined;
  configForWorkers(argv: string[], cwd: string): string | undefined;
  packageForWorkers(argv: string[], cwd: string): string | undefined;
}
const load = createRequire(import.meta.url);
const cf = load(join(repoRoot, "packages/runtime/dist/cjs/integrations/mocha/config-file.js")) as ConfigFile;

describe("mocha integration: reading awaitTree from mocha's config", () => {
  it("reads --config, --no-config, --package and --no-package as mocha does", () => {
    expect(cf.parseFlags(["--config", "a.cjs", "x.test.js"])).to.deep.equal({ config: "a.cjs", pkg: undefined });
    expect(cf.parseFlags(["--config=b.yml", "--no-package"])).to.deep.equal({ config: "b.yml", pkg: false });
    expect(cf.parseFlags(["--no-config", "--package", "p.json"])).to.deep.equal({ config: false, pkg: "p.json" });
    expect(cf.parseFlags(["--", "--config", "a.cjs"])).to.deep.equal({ config: undefined, pkg: undefined });
  });

  it("parses JSON with comments, leaving // inside strings alone", () => {
    const text = '{\n  // a comment\n  "spec": "http://x/*.js", /* another */ "awaitTree": { "leaks": "off" }\n}';
    expect(cf.parseJsonc(text)).to.deep.equal({ spec: "http://x/*.js", awaitTree: { leaks: "off" } });
  });

  it("reads the awaitTree mapping of a YAML config, block or flow style", () => {
    expect(cf.yamlAwaitTree("spec: a.js\nawaitTree:\n  leaks: fail # why\nreporter: dot\n")).to.deep.equal({
      leaks: "fail",
    });
    expect(cf.yamlAwaitTree("awaitTree: { leaks: 'warn' }\n")).to.deep.equal({ leaks: "warn" });
    expect(cf.yamlAwaitTree("awaitTree: fail\n")).to.equal("fail");
    expect(cf.yamlAwaitTree("spec: a.js\n")).to.equal(undefined);
  });

  describe("finding the file", () => {
    let dir: string;
    beforeEach(() => {
      dir = tempFolder(tmpdir(), "await-tree-mocharc-");
    });

    it("takes the first config name found walking up (mocha's order), then package.json", () => {
      const sub = join(dir, "sub");
      mkdirSync(sub);
      writeFileSync(join(dir, ".mocharc.cjs"), 'module.exports = { awaitTree: { leaks: "fail" } };\n');
      writeFileSync(join(sub, ".mocharc.json"), '{ "awaitTree": { "leaks": "off" } }\n');
      // .mocharc.cjs anywhere above wins over .mocharc.json here, as in mocha's findConfig.
      expect(cf.readAwaitTreeConfig([], sub, {})?.value).to.deep.equal({ leaks: "fail" });
      expect(cf.readAwaitTreeConfig(["--config", ".mocharc.json"], sub, {})?.value).to.deep.equal({ leaks: "off" });
      writeFileSync(join(sub, "package.json"), '{ "mocha": { "awaitTree": { "leaks": "warn" } } }\n');
      expect(cf.readAwaitTreeConfig(["--no-config"], sub, {})).to.deep.equal({
        value: { leaks: "warn" },
        file: `${join(sub, "package.json")} ("mocha" property)`,
      });
      expect(cf.readAwaitTreeConfig(["--no-config", "--no-package"], sub, {})).to.equal(undefined);
    });

    it("lets a parallel worker use its main process's --config / --no-config, and nobody else", () => {
      writeFileSync(join(dir, "custom.cjs"), 'module.exports = { awaitTree: { leaks: "off" } };\n');
      writeFileSync(join(dir, ".mocharc.json"), '{ "awaitTree": { "leaks": "fail" } }\n');
      const forWorkers = cf.configForWorkers(["--config", "custom.cjs"], dir);
      expect(forWorkers).to.equal(join(dir, "custom.cjs"));
      const worker = { MOCHA_WORKER_ID: "0", AWAIT_TREE_MOCHA_CONFIG: forWorkers };
      expect(cf.readAwaitTreeConfig([], dir, worker)?.value).to.deep.equal({ leaks: "off" });
      expect(cf.readAwaitTreeConfig([], dir, { AWAIT_TREE_MOCHA_CONFIG: forWorkers })?.value).to.deep.equal({
        leaks: "fail",
      });
      expect(cf.configForWorkers(["--no-config"], dir)).to.equal("");
      expect(cf.readAwaitTreeConfig([], dir, { MOCHA_WORKER_ID: "1", AWAIT_TREE_MOCHA_CONFIG: "" })).to.equal(
        undefined,
      );
      expect(cf.configForWorkers([], dir)).to.equal(undefined);
    });

    it("lets a parallel worker use its main process's --package / --no-package too", () => {
      writeFileSync(join(dir, "package.json"), '{ "mocha": { "awaitTree": { "leaks": "fail" } } }\n');
      writeFileSync(join(dir, "alt.json"), '{ "mocha": { "awaitTree": { "leaks": "off" } } }\n');
      const noConfig = { MOCHA_WORKER_ID: "0", AWAIT_TREE_MOCHA_CONFIG: "" };
      const alt = cf.packageForWorkers(["--package", "alt.json"], dir);
      expect(alt).to.equal(join(dir, "alt.json"));
      expect(cf.readAwaitTreeConfig([], dir, { ...noConfig, AWAIT_TREE_MOCHA_PACKAGE: alt })?.value).to.deep.equal({
        leaks: "off",
      });
      expect(cf.packageForWorkers(["--no-package"], dir)).to.equal("");
      expect(cf.readAwaitTreeConfig([], dir, { ...noConfig, AWAIT_TREE_MOCHA_PACKAGE: "" })).to.equal(undefined);
      // Not a worker: its own command line decides.
      expect(
        cf.readAwaitTreeConfig([], dir, { AWAIT_TREE_MOCHA_CONFIG: "", AWAIT_TREE_MOCHA_PACKAGE: "" })?.value,
      ).to.deep.equal({
        leaks: "fail",
      });
      expect(cf.packageForWorkers([], dir)).to.equal(undefined);
    });
  });
});

/** The integration's option checks, from the build. */
interface Options {
  checkOptions(o: unknown, where: string): Record<string, unknown>;
  resolveOptions(
    env: NodeJS.ProcessEnv,
    config: { value: unknown; file: string } | undefined,
    programmatic: Record<string, unknown>,
  ): { leaks: string; asyncContext: string };
}
const opts = load(join(repoRoot, "packages/runtime/dist/cjs/integrations/mocha/options.js")) as Options;

describe("mocha integration: options", () => {
  const config = (value: unknown) => ({ value, file: ".mocharc.json" });

  it("defaults to leaks warn and asyncContext auto", () => {
    expect(opts.resolveOptions({}, undefined, {})).to.deep.equal({ leaks: "warn", asyncContext: "auto" });
  });

  it("takes each option from the environment, else configure(), else the config file", () => {
    const file = config({ leaks: "off", asyncContext: "always" });
    expect(opts.resolveOptions({}, file, {})).to.deep.equal({ leaks: "off", asyncContext: "always" });
    expect(opts.resolveOptions({}, file, { asyncContext: "auto" })).to.deep.equal({
      leaks: "off",
      asyncContext: "auto",
    });
    const env = { AWAIT_TREE_ASYNC_CONTEXT: " always ", AWAIT_TREE_LEAKS: "fail" };
    expect(opts.resolveOptions(env, config({ asyncContext: "auto" }), { asyncContext: "auto" })).to.deep.equal({
      leaks: "fail",
      asyncContext: "always",
    });
    // An empty variable is unset (as a shell's `VAR= mocha` leaves it).
    expect(opts.resolveOptions({ AWAIT_TREE_ASYNC_CONTEXT: "" }, undefined, {}).asyncContext).to.equal("auto");
  });

  it("names the source and the accepted values of a wrong value", () => {
    expect(() => opts.resolveOptions({ AWAIT_TREE_ASYNC_CONTEXT: "on" }, undefined, {})).to.throw(
      TypeError,
      '@await-tree/runtime/mocha: AWAIT_TREE_ASYNC_CONTEXT must be "auto" or "always", got "on"',
    );
    expect(() => opts.resolveOptions({}, config({ asyncContext: true }), {})).to.throw(
      TypeError,
      'awaitTree in .mocharc.json: asyncContext must be "auto" or "always", got true',
    );
    expect(() => opts.checkOptions({ asyncContxt: "auto" }, "configure(options)")).to.throw(
      TypeError,
      'configure(options): unknown option "asyncContxt" (known: leaks, asyncContext)',
    );
    expect(() => opts.checkOptions("always", "configure(options)")).to.throw(TypeError, "must be an object");
  });

  it("reads asyncContext from a YAML config", () => {
    expect(cf.yamlAwaitTree("awaitTree:\n  leaks: off\n  asyncContext: always\n")).to.deep.equal({
      leaks: "off",
      asyncContext: "always",
    });
  });
});
