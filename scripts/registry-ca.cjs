// NODE_EXTRA_CA_CERTS names a file of certificates that Node.js reads and parses when it starts,
// whether the process ever opens a TLS connection or not: about 40 ms of CPU per start for a
// 200 KB bundle on our CI machines. The suite starts thousands of Node.js processes (compilers,
// examples, fixtures), and only the few that reach the npm registry (npm install, npm publish
// --dry-run) need it. So the test run sets it aside when it starts (.mocharc.cjs,
// scripts/test-node-versions.mjs), and the commands that reach the registry take it back through
// `registryEnv`. Kept under another name, not dropped: a child that runs npm itself (a test of
// scripts/cached-package.mjs) can still give it back.
"use strict";

const VARIABLE = "NODE_EXTRA_CA_CERTS";
const SET_ASIDE = "AWAIT_TREE_TEST_REGISTRY_CA_CERTS";

/** Moves NODE_EXTRA_CA_CERTS of `env` (changed in place) to where `registryEnv` finds it. */
function setAsideRegistryCa(env = process.env) {
  const value = env[VARIABLE];
  if (value === undefined) return;
  env[SET_ASIDE] = value;
  delete env[VARIABLE];
}

/** A copy of `env` with NODE_EXTRA_CA_CERTS given back, for a command that reaches the registry. */
function registryEnv(env = process.env) {
  const out = { ...env };
  const value = out[SET_ASIDE];
  if (value !== undefined && out[VARIABLE] === undefined) out[VARIABLE] = value;
  return out;
}

module.exports = { setAsideRegistryCa, registryEnv, SET_ASIDE };
