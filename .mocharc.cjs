// Mocha runs the compiled suite; each area of the product has its own folder under test/.

// The thousands of Node.js processes the suite starts do not read the extra CA file at each start;
// the commands that reach the npm registry take it back (scripts/registry-ca.cjs says why).
require("./scripts/registry-ca.cjs").setAsideRegistryCa(process.env);

module.exports = {
  spec: ["build/test/**/*.test.js"],
  timeout: 20000,
  reporter: "spec",
  // Our own suite runs with the mocha integration: a hung test prints its await tree.
  require: ["@await-tree/runtime/mocha"],
};
