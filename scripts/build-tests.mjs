// Compiles the test suite (test/ -> build/test) as ES modules.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
mkdirSync(join(root, "build"), { recursive: true });
writeFileSync(join(root, "build", "package.json"), '{ "type": "module", "private": true }\n');
execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "test")], {
  stdio: "inherit",
});
