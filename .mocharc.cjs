// Mocha runs the compiled suite; each area of the product has its own folder under test/.
module.exports = {
  spec: ["build/test/**/*.test.js"],
  timeout: 20000,
  reporter: "spec",
};
