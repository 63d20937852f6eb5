// Mocha runs the compiled suite; each area of the product has its own folder under test/.
module.exports = {
  spec: ["build/test/**/*.test.js"],
  timeout: 20000,
  reporter: "spec",
  // Our own suite runs with the mocha integration: a hung test prints its await tree.
  require: ["@await-tree/runtime/mocha"],
};
