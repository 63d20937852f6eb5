#!/usr/bin/env node
// The `await-tree` command. The Node.js version is checked before anything else is loaded, so that
// an old Node gets a message instead of a syntax or API error.
const MIN = [20, 19];
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < (MIN[0] as number) || (major === MIN[0] && minor < (MIN[1] as number))) {
  process.stderr.write(
    `await-tree: Node.js ${process.versions.node} is too old: the CLI needs Node.js 20.19 or newer (it uses process.getBuiltinModule and node:util parseArgs); run it with a newer node, e.g. npx -p node@22 await-tree dump <pid>\n`,
  );
  process.exitCode = 1;
} else {
  // Loaded only once the version check has passed.
  const { main } = require("./main") as typeof import("./main");
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
