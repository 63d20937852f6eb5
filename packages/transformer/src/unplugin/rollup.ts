/**
 * `@await-tree/transformer/rollup`: the await-tree plugin for rollup (docs/bundlers.md); the plugin
 * itself is `./plugin.ts`, shared by every bundler. The module is the plugin function, so that
 * `import awaitTree from` (ES modules) and `require()` (CommonJS configs) both get it.
 */
import { pluginEntry } from "./entry";
import { awaitTreeUnplugin, checkPluginOptions } from "./plugin";

const plugin = awaitTreeUnplugin.rollup;

type Plugin = typeof plugin;

/** Options are checked here for every bundler (webpack and rspack call the factory only later). */
function awaitTree(options?: Parameters<Plugin>[0]): ReturnType<Plugin> {
  checkPluginOptions(options);
  return plugin(options);
}

// The function, with itself as `awaitTree` and `default` (entry.ts). The second line is for Node's
// named-export detection (`import { awaitTree } from` in an ES module), which reads it; TypeScript
// emits it before the `module.exports =` of the first, on the object that one replaces.
export = pluginEntry(awaitTree);
module.exports.awaitTree = awaitTree;
