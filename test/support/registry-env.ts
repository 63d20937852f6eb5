// The environment of a command that reaches the npm registry: the suite's own with the extra CA
// file given back, which the test run set aside so that the other children start faster
// (scripts/registry-ca.cjs).
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

interface RegistryCa {
  setAsideRegistryCa(env: NodeJS.ProcessEnv): void;
  registryEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  SET_ASIDE: string;
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** scripts/registry-ca.cjs, typed. */
export const registryCa = createRequire(import.meta.url)(join(repoRoot, "scripts", "registry-ca.cjs")) as RegistryCa;

/** `process.env` plus `extra`, with NODE_EXTRA_CA_CERTS given back: for npm install, npx, npm publish. */
export function registryEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return registryCa.registryEnv({ ...process.env, ...extra });
}
