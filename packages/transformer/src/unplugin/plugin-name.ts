/** The bundler plugin's name, as bundlers print it, and the prefix of its messages. */
export const PLUGIN_NAME = "@await-tree/transformer";
