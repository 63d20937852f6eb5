/**
 * `@await-tree/transformer/rspack`: the await-tree plugin for rspack (docs/bundlers.md); the plugin
 * itself is `./plugin.ts`, shared by every bundler. The module is the plugin function, so that
 * `import awaitTree from` (ES modules) and `require()` (CommonJS configs) both get it.
 */
import type { TransformerOptions } from "../options";
import { pluginEntry } from "./entry";
import { awaitTreeUnplugin, checkPluginOptions } from "./plugin";

// rspack's own plugin type, so that the published declaration imports @rspack/core, not unplugin
// (whose declarations need every bundler it supports).
type RspackPlugin = import("@rspack/core", { with: { "resolution-mode": "import" }}).RspackPluginInstance;

const plugin: (options?: TransformerOptions) => RspackPlugin = awaitTreeUnplugin.rspack;

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
