// The whole set-up: ts-node for TypeScript, then the await-tree integration.
module.exports = {
  require: ["ts-node/register", "@await-tree/runtime/mocha"],
  extension: ["ts"],
  spec: ["test/**/*.test.ts"],
};
