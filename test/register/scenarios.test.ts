// The scenario programs (test/transformer/fixtures/scenarios) through Node's module hooks, on every
// route a project without ts-patch takes: the TypeScript sources loaded by the hooks
// (`node --import @await-tree/transformer/register src/_run.ts`, no compile step), the same under
// tsx, and the output of TypeScript 7 (which has no transformer API) run from dist/ with the hooks.
// Every route must print the trees of the tspc build (the golden files).
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import { explain, limited, makeProject, mask, node, type Run, repoRoot, sections } from "../transformer/helpers.js";
import { checkScenarios, SCENARIO_PLUGIN, SCENARIOS, scenarioFiles } from "../transformer/scenario-support.js";
import { REGISTER, TSX_CLI } from "./support.js";

/** TypeScript 7 is not a dev dependency (its `tsc` binary would shadow TypeScript 5's): fetched on first use. */
const TYPESCRIPT_7 = "7.0.2";

interface Route {
  id: string;
  type: "module" | "commonjs";
  compilerOptions: Record<string, unknown>;
  /** Prepares the project (a compile, for the compiled routes) and gives the command that runs it. */
  command(dir: string): Promise<string[]>;
  /**
   * Scenarios whose tree differs on this route, and why (docs/node-hooks.md lists them too); they
   * still run, and must still print their tree.
   */
  differs?: Record<string, string>;
}

/** What TypeScript 7's output cannot tell the hooks (see docs/node-hooks.md, "Compiled output"). */
const LOWERED_USING = "`await using` lowered by tsc: the disposal's await is the helper's (`result_4`), not mapped";
const CJS_EXPORTS = "an exported const is read as `exports.LIMIT` in CommonJS output: shown by name, not value";

const common = { strict: true, types: ["node"], lib: ["ES2022", "ESNext.Disposable"] };
const fromSources = (): Promise<string[]> => Promise.resolve(["--import", REGISTER, join("src", "_run.ts")]);

async function typescript7Tsc(): Promise<string> {
  const { cachedPackage } = (await import(pathToFileURL(join(repoRoot, "scripts", "cached-package.mjs")).href)) as {
    cachedPackage: (name: string, version: string) => { dir?: string; skip?: string };
  };
  const ts7 = cachedPackage("typescript", TYPESCRIPT_7);
  // Said, never silent: the route fails with the reason rather than passing unchecked.
  if (ts7.skip !== undefined) throw new Error(`TypeScript ${TYPESCRIPT_7} cannot be had here: ${ts7.skip}`);
  return join(ts7.dir as string, "bin", "tsc");
}

/** `tsc` 7 on the project; type errors do not stop its emit, only a missing output would. */
async function compileWithTypeScript7(dir: string): Promise<string[]> {
  const tsc = await typescript7Tsc();
  try {
    execFileSync(process.execPath, [tsc, "-p", dir], { cwd: dir, encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    if (!/error TS/.test(`${err.stdout}${err.stderr}`)) throw e;
  }
  return ["--import", REGISTER, join("dist", "_run.js")];
}

const ROUTES: Route[] = [
  {
    id: "sources, ES modules, standard decorators",
    type: "module",
    compilerOptions: { ...common, module: "nodenext", target: "ES2022" },
    command: fromSources,
  },
  {
    id: "sources, CommonJS, experimentalDecorators",
    type: "commonjs",
    compilerOptions: { ...common, module: "commonjs", target: "ES2022", experimentalDecorators: true },
    command: fromSources,
  },
  {
    id: "tsx, ES modules, standard decorators",
    type: "module",
    compilerOptions: { ...common, module: "nodenext", target: "ES2022" },
    command: () => Promise.resolve([TSX_CLI, "--import", REGISTER, join("src", "_run.ts")]),
  },
  {
    id: "TypeScript 7 output, ES modules, standard decorators",
    type: "module",
    compilerOptions: {
      ...common,
      module: "nodenext",
      target: "ES2022",
      sourceMap: true,
      outDir: "dist",
      rootDir: "src",
    },
    command: compileWithTypeScript7,
    differs: { using: LOWERED_USING },
  },
  {
    id: "TypeScript 7 output, CommonJS, experimentalDecorators",
    type: "commonjs",
    compilerOptions: {
      ...common,
      module: "commonjs",
      target: "ES2022",
      experimentalDecorators: true,
      sourceMap: true,
      outDir: "dist",
      rootDir: "src",
    },
    command: compileWithTypeScript7,
    differs: { using: LOWERED_USING, labels: CJS_EXPORTS },
  },
];

describe("register: the scenarios on every route without ts-patch", function () {
  this.timeout(600_000);
  const results = new Map<string, Run | Error>();

  before(async () => {
    await limited(
      2,
      ROUTES.map((route, i) => async () => {
        const dir = makeProject(`register-scenarios-${i}`, {
          from: "scenarios",
          type: route.type,
          compilerOptions: route.compilerOptions,
          plugin: SCENARIO_PLUGIN,
          files: scenarioFiles(SCENARIOS),
        });
        try {
          const args = await route.command(dir);
          results.set(route.id, await node([...args, ...SCENARIOS], { cwd: dir, env: { AWAIT_TREE_CACHE: "0" } }));
        } catch (e) {
          results.set(route.id, e as Error);
        }
      }),
    );
  });

  for (const route of ROUTES) {
    it(`${route.id}: the trees of the tspc build`, () => {
      const r = results.get(route.id) as Run | Error;
      if (r instanceof Error) throw r;
      const differs = route.differs ?? {};
      const same = SCENARIOS.filter((s) => differs[s] === undefined);
      checkScenarios(r, same, `${route.id}: ${r.code !== 0 ? explain(r) : ""}`);
      for (const name of Object.keys(differs)) expect(sections(mask(r.stdout)).get(name), name).to.include(" [T]");
    });
  }
});
