#!/usr/bin/env node
// The `await-tree` command: a checked-in launcher (so that npm links it before the first build)
// for the compiled CLI in dist/.
require("../dist/bin.js");
