// Runs one small project twice, as written and with the project's plugin (or transform) added,
// each in a folder of its own: the tests that compare a host's own behaviour with ours.
import { tempFolder } from "../../support/scratch.js";
import { node, type Run, scratchDir } from "../../transformer/helpers.js";

export interface BothWays {
  plain: Run;
  plugin: Run;
}

export async function runBothWays(
  prefix: string,
  writeProject: (root: string, withPlugin: boolean) => void,
  argv: string[],
  env: (withPlugin: boolean) => NodeJS.ProcessEnv,
): Promise<BothWays> {
  const runs: Run[] = [];
  for (const withPlugin of [false, true]) {
    const root = tempFolder(scratchDir(), `${prefix}-${withPlugin ? "plugin" : "plain"}-`);
    writeProject(root, withPlugin);
    runs.push(await node(argv, { cwd: root, env: env(withPlugin) }));
  }
  return { plain: runs[0] as Run, plugin: runs[1] as Run };
}
