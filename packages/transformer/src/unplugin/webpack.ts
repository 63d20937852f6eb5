/**
 * `@await-tree/transformer/webpack`: the await-tree plugin for webpack (docs/bundlers.md); the plugin
 * itself is `./plugin.ts`, shared by every bundler. The module is the plugin function, so that
 * `import awaitTree from` (ES modules) and `require()` (CommonJS configs) both get it.
 */
import { awaitTreeUnplugin, checkPluginOptions } from "./plugin";

const plugin = awaitTreeUnplugin.webpack;

type Plugin = typeof plugin;

/** Options are checked here for every bundler (webpack and rspack call the factory only later). */
function awaitTree(options?: Parameters<Plugin>[0]): ReturnType<Plugin> {
  checkPluginOptions(options);
  return plugin(options);
}

export = Object.assign(awaitTree, { default: awaitTree, awaitTree });
