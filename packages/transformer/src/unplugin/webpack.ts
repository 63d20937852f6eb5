/**
 * `@await-tree/transformer/webpack`: the await-tree plugin for webpack (docs/bundlers.md); the plugin
 * itself is `./plugin.ts`, shared by every bundler. The module is the plugin function, so that
 * `import awaitTree from` (ES modules) and `require()` (CommonJS configs) both get it.
 */
import { awaitTreeUnplugin } from "./plugin";

const plugin = awaitTreeUnplugin.webpack;

const awaitTree: typeof plugin & { default: typeof plugin; awaitTree: typeof plugin } = Object.assign(
  (options?: Parameters<typeof plugin>[0]) => plugin(options),
  { default: plugin, awaitTree: plugin },
);

export = awaitTree;
