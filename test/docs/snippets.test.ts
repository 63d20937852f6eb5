// The docs, followed literally: every command and configuration block of README.md,
// packages/*/README.md and docs/*.md belongs to a scenario (its `doc-test=` mark, test/docs/snippets.ts),
// and the scenarios run here in a fresh temporary project against the packed tarballs of this
// repository, with today's registry versions of everything else (`typescript@latest` is 7.x).
// A block without a mark, or with a scenario nobody runs, fails the coverage test.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { expect } from "chai";
import { packed } from "../packaging/support.js";
import { mask, scratchDir } from "../transformer/helpers.js";
import { type Block, blocks, COMMAND_OR_CONFIG, commandLines, scenarioBlocks, userDocs } from "./snippets.js";

/** The scenarios and the test that runs each. */
const RUN_BY: Record<string, string> = {
  "quick-start": "test/docs/snippets.test.ts",
  tsc: "test/docs/snippets.test.ts",
  "tsc-pitfall": "test/docs/snippets.test.ts",
  "node-hooks": "test/register/install-lines.test.ts",
};

/**
 * Scenarios whose blocks are not run yet, each with the reason. Listed on every run; a block marked
 * with a scenario that is in neither list fails.
 */
const NOT_YET_RUN: Record<string, string> = {
  "ts-patch":
    "tspc, `ts-patch install` and ts-node set-ups: run by test/transformer/toolchains.test.ts from the repository, not yet from the tarballs",
  "ts-patch-4":
    "ts-patch 4 with TypeScript 6 on Node 22.15+: run by test/transformer/ts-patch-4.test.ts from the repository",
  "ts-node":
    "ts-node through ts-patch: test/mocha/typescript.test.ts and toolchains.test.ts run it from the repository",
  "bundler-config": "webpack/ts-loader and ts-jest configurations: those tools are not installed here",
  mocha: "the mocha set-ups: test/mocha/*.test.ts run them from the repository",
  repository: "commands for this repository itself (npm ci, npm test, npm run demo, benchmarks): .ci/run runs them",
  "emitted-code":
    "emitted code shown for reading: test/transformer/emit.test.ts compares the whole output with test/transformer/fixtures/shapes/shapes.js",
  packaging:
    "the shape of an exports entry (docs/packaging.md): test/packaging/hygiene.test.ts checks each package's real one with publint and attw",
  "cli-output": "the JSON the CLI prints (docs/cli.md), not a configuration: test/cli/*.test.ts check it",
  bundlers:
    "the bundler and jest set-ups (docs/bundlers.md): test/bundlers/*.test.ts run each plugin for real from the repository, not yet from the tarballs",
  "test-runners":
    "the vitest, jest and node:test set-ups (docs/test-runners.md): test/runners/*.test.ts run each runner for real from the repository",
  release:
    "the release procedure (changeset version, npm publish): test/packaging/publish.test.ts runs `npm publish --dry-run`",
};

interface Step {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one doc line in `cwd`: our packages come from the tarballs, the rest from the registry (cache first). */
function runLine(cwd: string, line: string): Step {
  let command = line;
  if (/^npm (install|i) /.test(line)) {
    for (const [name, tgz] of packed()) command = command.replace(new RegExp(`(?<=\\s)${name}(?=\\s|$)`, "g"), tgz);
    command += " --prefer-offline --no-audit --no-fund --loglevel=error";
  }
  const r = spawnSync("bash", ["-c", command], {
    cwd,
    encoding: "utf8",
    timeout: 240_000,
    env: { ...process.env, AWAIT_TREE_CACHE: "0", npm_config_yes: "true", npm_config_update_notifier: "false" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Follows the blocks of `scenario` in `dir` (changing directory with `cd` lines); returns `dir` at the end. */
function follow(scenario: string, dir: string): string {
  const list = scenarioBlocks(scenario);
  expect(list, `blocks marked doc-test=${scenario}`).to.not.have.length(0);
  let cwd = dir;
  let last: Step | undefined;
  let lastBlock: Block | undefined;
  for (const b of list) {
    const where = `${b.doc}:${b.line}`;
    const file = b.attrs.get("file");
    if (file !== undefined) {
      mkdirSync(dirname(join(cwd, file)), { recursive: true });
      writeFileSync(join(cwd, file), b.body);
    } else if (b.attrs.has("output")) {
      expect(last, `${where}: an output block after a command`).to.not.equal(undefined);
      const step = last as Step;
      if (b.attrs.get("output") === "stderr") {
        expect(step.stderr, `${where}: the stderr of ${commandLines(lastBlock as Block).at(-1)}`).to.include(
          b.body.trimEnd(),
        );
      } else {
        expect(
          mask(step.stdout).trimEnd(),
          `${where}: the output of ${commandLines(lastBlock as Block).at(-1)}`,
        ).to.equal(mask(b.body).trimEnd());
      }
    } else if (b.lang === "sh") {
      const lines = commandLines(b);
      lines.forEach((line, i) => {
        const cd = /^cd (\S+)$/.exec(line);
        if (cd !== null) {
          cwd = resolve(cwd, cd[1] as string);
          return;
        }
        const mk = /^mkdir (\S+) && cd (\S+)$/.exec(line);
        if (mk !== null && mk[1] === mk[2]) {
          mkdirSync(resolve(cwd, mk[1] as string), { recursive: true });
          cwd = resolve(cwd, mk[1] as string);
          return;
        }
        last = runLine(cwd, line);
        const failing = b.attrs.has("fails") && i === lines.length - 1;
        const ok = failing ? last.code !== 0 : last.code === 0;
        expect(ok, `${where}: ${line} (exit ${last.code})\n${last.stdout}${last.stderr}`).to.equal(true);
      });
      lastBlock = b;
    } else {
      throw new Error(`${where}: a block of scenario ${scenario} that is neither commands, a file nor an output`);
    }
  }
  return cwd;
}

describe("docs: every command and configuration block is run by a test", function () {
  this.timeout(600_000);

  it("each block of commands or configuration names a scenario, and each scenario is run (or listed as not yet run)", () => {
    const unmarked: string[] = [];
    const unknown: string[] = [];
    const pending = new Map<string, number>();
    for (const doc of userDocs()) {
      for (const b of blocks(doc)) {
        const scenario = b.attrs.get("doc-test");
        if (scenario === undefined) {
          if (COMMAND_OR_CONFIG.has(b.lang) || b.attrs.has("file")) unmarked.push(`${doc}:${b.line} (${b.lang})`);
          continue;
        }
        if (scenario in RUN_BY) continue;
        if (scenario in NOT_YET_RUN) pending.set(scenario, (pending.get(scenario) ?? 0) + 1);
        else unknown.push(`${doc}:${b.line}: doc-test=${scenario}`);
      }
    }
    for (const [scenario, n] of pending)
      console.log(`      not yet run: ${scenario} (${n} blocks): ${NOT_YET_RUN[scenario]}`);
    expect(unmarked, "blocks without a doc-test= mark (see test/docs/snippets.ts)").to.deep.equal([]);
    expect(unknown, "blocks marked with a scenario no test runs").to.deep.equal([]);
  });

  describe("README.md, from an empty folder, with the packed tarballs", () => {
    let project = "";

    it("quick start: install, write src/main.ts, run it: the tree the README shows", () => {
      const dir = join(scratchDir(), "docs-readme");
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      project = follow("quick-start", dir);
    });

    it("compiled by tsc (typescript@latest) with the README's target: the same tree", function () {
      if (project === "") this.skip();
      follow("tsc", project);
    });

    it("the tsc --init pitfall: target esnext leaves decorators Node cannot run, with the error the README quotes", function () {
      if (project === "") this.skip();
      // The README's pitfall starts from a project without a tsconfig.json (tsc --init refuses to overwrite one).
      rmSync(join(project, "tsconfig.json"));
      follow("tsc-pitfall", project);
    });
  });
});
