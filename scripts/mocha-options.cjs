// The suite's mocha options, in one place: .mocharc.cjs spreads them into its config, and the
// scripts that run mocha with `--no-config` and their own test files (scripts/test-suite.mjs,
// scripts/test-node-versions.mjs) give them on the command line (`MOCHA_ARGS`): with the config
// file, mocha would add its `spec` (every test file) to theirs.
const MOCHA_OPTIONS = {
  timeout: 20000,
  reporter: "spec",
  // Our own suite runs with the mocha integration: a hung test prints its await tree.
  require: ["@await-tree/runtime/mocha"],
};

const MOCHA_ARGS = [
  "--no-config",
  ...MOCHA_OPTIONS.require.flatMap((m) => ["--require", m]),
  "--timeout",
  String(MOCHA_OPTIONS.timeout),
  "--reporter",
  MOCHA_OPTIONS.reporter,
];

module.exports = { MOCHA_OPTIONS, MOCHA_ARGS };
