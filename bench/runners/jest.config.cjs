// bench/runners-overhead.mjs: the transformed suite, with the integration when AWAIT_TREE_BENCH_WITH=1.
module.exports = {
  rootDir: __dirname,
  testMatch: ["<rootDir>/jest.bench.test.ts"],
  transform: { "\\.ts$": "<rootDir>/../../test/runners/fixtures/jest-transformer.cjs" },
  setupFilesAfterEnv: process.env.AWAIT_TREE_BENCH_WITH === "1" ? ["@await-tree/runtime/jest"] : [],
};
