/**
 * `@await-tree/transformer/rspack`: the await-tree plugin for rspack (docs/bundlers.md); the plugin
 * itself is `./plugin.ts`, shared by every bundler. The module is the plugin function, so that
 * `import awaitTree from` (ES modules) and `require()` (CommonJS configs) both get it.
 */
import type { TransformerOptions } from "../options";
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

// `default` and `awaitTree` are there for interop; the declared type is the function alone, which Node's
// named-export detection agrees with (an ES module gets the function as its default import).
export = Object.assign(awaitTree, { default: awaitTree, awaitTree }) as typeof awaitTree;
