/**
 * `@await-tree/transformer/rolldown`: the await-tree plugin for rolldown (docs/bundlers.md); the plugin
 * itself is `./plugin.ts`, shared by every bundler. The module is the plugin function, so that
 * `import awaitTree from` (ES modules) and `require()` (CommonJS configs) both get it.
 */
import { awaitTreeUnplugin, checkPluginOptions } from "./plugin";

const plugin = awaitTreeUnplugin.rolldown;

type Plugin = typeof plugin;

/** Options are checked here for every bundler (webpack and rspack call the factory only later). */
function awaitTree(options?: Parameters<Plugin>[0]): ReturnType<Plugin> {
  checkPluginOptions(options);
  return plugin(options);
}

// `default` and `awaitTree` are there for interop; the declared type is the function alone, which Node's
// named-export detection agrees with (an ES module gets the function as its default import).
export = Object.assign(awaitTree, { default: awaitTree, awaitTree }) as typeof awaitTree;
