/**
 * `node --import @await-tree/transformer/register app.ts`: instruments the project's files as
 * they load (`.ts`/`.mts`/`.cts` and `.js`/`.mjs`/`.cjs`, CommonJS and ES modules; `node_modules`
 * only when `exclude` says so), with the options of the tsconfig's plugin entry (config.ts).
 * Node 22.15+ uses `module.registerHooks`, older Node `module.register`; both a require hook.
 */
import * as nodeModule from "node:module";
import { pathToFileURL } from "node:url";
import { ConfigError, loadHookConfig } from "./config";
import { type SyncHooks, syncHooks } from "./hooks-sync";
import { Loader } from "./loader";
import { installRequireHook, installRequireResolution } from "./require-hook";

const warn = (m: string): void => {
  process.stderr.write(`${m}\n`);
};

function start(): void {
  let config: ReturnType<typeof loadHookConfig>;
  try {
    config = loadHookConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      // Fail before the program starts, naming the option and where it was read.
      process.stderr.write(`await-tree: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  for (const w of config.warnings) warn(`await-tree: ${w}`);
  const loader = new Loader(config, warn);
  const registerHooks = (nodeModule as unknown as { registerHooks?: (h: SyncHooks) => unknown }).registerHooks;
  if (typeof registerHooks === "function") registerHooks(syncHooks(loader));
  else nodeModule.register("./hooks-async.js", pathToFileURL(__filename), { data: { config } });
  // Also on Node 22.15+: a loader that compiles `require`d TypeScript itself (tsx) never calls the
  // load hook, but it does call the compile step this hook wraps.
  installRequireHook(loader);
  installRequireResolution();
  // Stack traces point at the source files, as they do under Node's own type stripping.
  process.setSourceMapsEnabled(true);
}

start();
