// The options of .mocharc.cjs, for the scripts that run mocha with `--no-config` and their own
// test files (scripts/test-suite.mjs, scripts/test-node-versions.mjs): with the config file, mocha
// would add its `spec` (every test file) to theirs. Keep in step with .mocharc.cjs.
export const MOCHA_OPTIONS = [
  "--no-config",
  "--require",
  "@await-tree/runtime/mocha",
  "--timeout",
  "20000",
  "--reporter",
  "spec",
];
