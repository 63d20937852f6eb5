// Mocha runs the compiled suite; each area of the product has its own folder under test/.

// The thousands of Node.js processes the suite starts do not read the extra CA file at each start;
// the commands that reach the npm registry take it back (scripts/registry-ca.cjs says why).
require("./scripts/registry-ca.cjs").setAsideRegistryCa(process.env);

module.exports = {
  spec: ["build/test/**/*.test.js"],
  // Timeout, reporter and the mocha integration (a hung test prints its await tree).
  ...require("./scripts/mocha-options.cjs").MOCHA_OPTIONS,
};
