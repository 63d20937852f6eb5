// Compiles the test suite (test/ -> build/test, as ES modules) and the runtime examples.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// Only build/test is ES modules; other folders under build/ (examples, scratch projects) are not.
mkdirSync(join(root, "build", "test"), { recursive: true });
writeFileSync(join(root, "build", "test", "package.json"), '{ "type": "module", "private": true }\n');
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
// The runtime examples are plain TypeScript (no transformer); tests run what they print.
for (const project of ["test", join("examples", "runtime")]) {
  execFileSync(process.execPath, [tsc, "-p", join(root, project)], { stdio: "inherit" });
}
