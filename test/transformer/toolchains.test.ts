// Every way of enabling the transformer, really invoked: ts-node with ts-patch's compiler (type
// check and transpile-only), a `ts-patch install`ed copy of TypeScript, the programmatic factory
// (program.emit and transpileModule, as getCustomTransformers uses it), and plain tsc, which
// ignores the plugin: the decorator alone still gives function-level spans.
import { cpSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import {
  explain,
  fixtures,
  limited,
  makeProject,
  mask,
  node,
  type Run,
  run,
  scratchDir,
  sections,
  TS_PATCH,
  TYPESCRIPT,
  tsc,
} from "./helpers.js";
import {
  CONFIGS,
  checkScenarios,
  expected,
  programLines,
  SCENARIO_PLUGIN,
  SCENARIOS,
  scenarioFiles,
} from "./scenario-support.js";

/** The baseline configuration: CommonJS, ES2022, standard decorators, TypeScript 5.9. */
const base = CONFIGS[0]!;

function scenarioProject(
  name: string,
  plugin: Record<string, unknown> | false,
  extra?: Record<string, unknown>,
  tsPath?: string,
) {
  return makeProject(name, {
    from: "scenarios",
    type: base.type,
    compilerOptions: base.compilerOptions,
    plugin,
    files: scenarioFiles(SCENARIOS),
    ...(extra !== undefined ? { extra } : {}),
    ...(tsPath !== undefined ? { tsPath } : {}),
  });
}

function tsNode(dir: string, transpileOnly: boolean): Promise<Run> {
  return node(["-r", "ts-node/register", "--enable-source-maps", join(dir, "src", "_run.ts"), ...SCENARIOS], {
    cwd: dir,
    env: {
      TS_NODE_PROJECT: join(dir, "tsconfig.json"),
      TS_NODE_TRANSPILE_ONLY: String(transpileOnly),
      TSP_COMPILER_TS_PATH: join(dir, "node_modules", "typescript"),
    },
  });
}

describe("transformer: toolchains", function () {
  this.timeout(600_000);
  const runs = new Map<string, Run>();

  before(async () => {
    const tsNodeConfig = { "ts-node": { compiler: "ts-patch/compiler", experimentalResolver: true } };
    await limited(2, [
      async () => {
        const dir = scenarioProject("ts-node", SCENARIO_PLUGIN, tsNodeConfig);
        runs.set("ts-node", await tsNode(dir, false));
      },
      async () => {
        const dir = scenarioProject("ts-node-transpile-only", SCENARIO_PLUGIN, tsNodeConfig);
        runs.set("ts-node-transpile-only", await tsNode(dir, true));
      },
      async () => {
        // A copy of TypeScript patched in place by `ts-patch install`; its own tsc then applies plugins.
        const ts = join(scratchDir(), "installed", "node_modules", "typescript");
        mkdirSync(join(ts, ".."), { recursive: true });
        cpSync(TYPESCRIPT["5.9"], ts, { recursive: true, dereference: true });
        const install = await run(process.execPath, [TS_PATCH, "install", "-s", "--dir", ts]);
        runs.set("install", install);
        if (install.code !== 0) return;
        const dir = scenarioProject("ts-patch-install", SCENARIO_PLUGIN, undefined, ts);
        const compiled = await tsc(dir);
        runs.set("install-compile", compiled);
        if (compiled.code === 0) {
          runs.set("install-run", await node(["--enable-source-maps", join(dir, "out", "_run.js"), ...SCENARIOS]));
        }
      },
      async () => {
        const dir = scenarioProject("plain-tsc", SCENARIO_PLUGIN);
        const compiled = await tsc(dir);
        runs.set("plain-compile", compiled);
        if (compiled.code === 0) {
          runs.set("plain-run", await node(["--enable-source-maps", join(dir, "out", "_run.js"), ...SCENARIOS]));
        }
      },
      async () => {
        const dir = scenarioProject("programmatic-program", false);
        cpSync(join(fixtures, "programmatic", "build.cjs"), join(dir, "build.cjs"));
        const built = await node([join(dir, "build.cjs"), "program", JSON.stringify(SCENARIO_PLUGIN)], { cwd: dir });
        runs.set("program-build", built);
        if (built.code === 0) {
          runs.set("program-run", await node(["--enable-source-maps", join(dir, "out", "_run.js"), ...SCENARIOS]));
        }
      },
      async () => {
        const dir = scenarioProject("programmatic-transpile", false);
        cpSync(join(fixtures, "programmatic", "build.cjs"), join(dir, "build.cjs"));
        const built = await node([join(dir, "build.cjs"), "transpile", JSON.stringify(SCENARIO_PLUGIN)], { cwd: dir });
        runs.set("transpile-build", built);
        if (built.code === 0) {
          runs.set("transpile-run", await node(["--enable-source-maps", join(dir, "out", "_run.js"), ...SCENARIOS]));
        }
      },
    ]);
  });

  const got = (key: string): Run => {
    const r = runs.get(key);
    expect(r, `${key} did not run`).to.not.equal(undefined);
    return r as Run;
  };

  it("ts-node with ts-patch/compiler (type-checking): every scenario prints the expected trees", () => {
    checkScenarios(got("ts-node"), SCENARIOS, "ts-node");
  });

  it("ts-node transpile-only (no type checker): the same trees, decided syntactically", () => {
    checkScenarios(got("ts-node-transpile-only"), SCENARIOS, "ts-node transpile-only");
  });

  it("ts-patch install: the patched copy's tsc applies the plugin", () => {
    const install = got("install");
    expect(install.code, explain(install)).to.equal(0);
    const compiled = got("install-compile");
    expect(compiled.code, explain(compiled)).to.equal(0);
    checkScenarios(got("install-run"), SCENARIOS, "ts-patch install");
  });

  it("createTransformer(program) in program.emit (getCustomTransformers): the same trees", () => {
    const built = got("program-build");
    expect(built.code, explain(built)).to.equal(0);
    checkScenarios(got("program-run"), SCENARIOS, "program.emit");
  });

  it("createTransformer() in ts.transpileModule (transpileOnly loaders): the same trees", () => {
    const built = got("transpile-build");
    expect(built.code, explain(built)).to.equal(0);
    checkScenarios(got("transpile-run"), SCENARIOS, "transpileModule");
  });

  it("plain tsc ignores the plugin silently; the program is unchanged and @traced still gives frames", () => {
    const compiled = got("plain-compile");
    expect(compiled.code, explain(compiled)).to.equal(0);
    expect(compiled.stdout + compiled.stderr).to.equal("");
    const r = got("plain-run");
    expect(r.code, explain(r)).to.equal(0);
    const out = sections(mask(r.stdout));
    // What the programs compute is the same as with the transformer.
    for (const name of SCENARIOS) {
      expect(programLines(out.get(name) ?? ""), name).to.deep.equal(programLines(expected(name)));
    }
    // The decorator alone: one span per traced call, no waits, no locations.
    expect(out.get("seed")).to.equal(
      ["seed [T]", "  Seed.foo() [T]", "    Seed.bar(3) [T]", "      baz 3 [T]", "    baz 2 [T]", ""].join("\n"),
    );
  });
});
