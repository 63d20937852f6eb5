// The transformer's `prepack`: puts its own TypeScript (`typescript-for-transform`, an npm alias
// of `typescript`) into packages/transformer/node_modules, so that `npm pack` and `npm publish`
// ship it as a bundled dependency (package.json's `bundleDependencies`).
//
// Why bundled: npm links the `bin` entries of every package at the top of a project's
// node_modules into node_modules/.bin. Installed as a plain dependency, the alias lands there and
// its `tsc` and `tsserver` replace the project's own (`npm i -D @await-tree/transformer` in a
// project on TypeScript 7 made `npx tsc` run 5.9). A bundled dependency stays nested in the
// transformer's own node_modules, and npm links its bins into that folder only.
//
// Why this script: `npm pack` bundles only what sits in the package's own node_modules, while the
// workspace install hoists the alias to the repository's root. The copy is left in place (it is
// ignored by git and is the same version): two packs at once (test processes) then never see
// each other's half-made or half-removed copy, since a copy is made aside and renamed into place.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const NAME = "typescript-for-transform";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkgDir = join(root, "packages", "transformer");
const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));

const spec = manifest.dependencies?.[NAME];
const wanted = /^npm:typescript@(\d+\.\d+\.\d+)$/.exec(spec ?? "")?.[1];
if (wanted === undefined)
  fail(`packages/transformer/package.json: dependency ${NAME} is "${spec}", not npm:typescript@<exact version>`);
if (!manifest.bundleDependencies?.includes(NAME))
  fail(`packages/transformer/package.json: ${NAME} is not in bundleDependencies`);

const target = join(pkgDir, "node_modules", NAME);
if (versionAt(target) !== wanted) {
  const source = dirname(createRequire(join(root, "package.json")).resolve(`${NAME}/package.json`));
  const found = versionAt(source);
  if (found !== wanted) fail(`${NAME} at the repository's root is ${found ?? "missing"}, not ${wanted}: run npm ci`);
  mkdirSync(join(pkgDir, "node_modules"), { recursive: true });
  const staging = mkdtempSync(join(pkgDir, "node_modules", `.${NAME}-`));
  cpSync(source, staging, { recursive: true });
  // Only a copy of another version is removed: a right one may be another pack's, in use.
  if (existsSync(target) && versionAt(target) !== wanted) rmSync(target, { recursive: true, force: true });
  try {
    renameSync(staging, target);
  } catch (e) {
    // Another pack put its copy in place first: the same version, so theirs serves.
    rmSync(staging, { recursive: true, force: true });
    if (versionAt(target) !== wanted) throw e;
  }
}

/** The version of the package in `dir`, or undefined when there is none. */
function versionAt(dir) {
  const file = join(dir, "package.json");
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")).version : undefined;
}

function fail(message) {
  process.stderr.write(`nest-bundled-typescript: ${message}\n`);
  process.exit(1);
}
