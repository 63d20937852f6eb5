/**
 * What each bundler's entry module (`@await-tree/transformer/vite`, `/rollup`, ...) exports: the
 * plugin function itself, so that `require()` (CommonJS configs) and a default import both get
 * it, with itself as `awaitTree` (a named import) and `default` (bundlers' interop).
 *
 * The named import needs one more line in each entry: Node gives an ES module the named exports
 * of a CommonJS module that its lexer (cjs-module-lexer) finds by reading assignments such as
 * `module.exports.awaitTree = ...`; it cannot see inside `Object.assign`. Without that line,
 * `import { awaitTree } from "@await-tree/transformer/vite"` in an ES module config (a package
 * with `"type": "module"`) failed: "Named export 'awaitTree' not found".
 */
export type PluginEntry<F> = F & { awaitTree: F };

export function pluginEntry<F extends (...args: never[]) => unknown>(awaitTree: F): PluginEntry<F> {
  return Object.assign(awaitTree, { default: awaitTree, awaitTree });
}
