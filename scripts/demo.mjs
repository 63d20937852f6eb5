// `npm run demo`: compiles the transformer examples with tspc (ts-patch), then runs the seed
// example, whose tree shows every await of foo, bar and baz with its label and location.
import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const run = promisify(execFile);
const tspc = join(root, "node_modules", "ts-patch", "bin", "tspc.js");

async function compile(example) {
  try {
    await run(process.execPath, [tspc, "-p", join(root, "examples", example)], { cwd: root });
  } catch (e) {
    process.stderr.write(`tspc -p examples/${example} failed:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
    process.exit(1);
  }
}

console.log("compiling examples/seed-traced and examples/http-server with tspc (the transformer enabled) ...");
await Promise.all([compile("seed-traced"), compile("http-server")]);
console.log("running build/examples/seed-traced/main.js\n");
const child = execFile(
  process.execPath,
  ["--enable-source-maps", join(root, "build", "examples", "seed-traced", "main.js")],
  {
    cwd: root,
  },
);
child.stdout.pipe(process.stdout);
child.stderr.pipe(process.stderr);
// "close", not "exit": the child's output may still be on its way when it exits. No process.exit()
// either: a pipe's reader (`npm run demo | less`) may not have taken everything yet.
child.on("close", (code) => {
  console.log("\nThe HTTP example: node build/examples/http-server/main.js (see examples/http-server/README.md)");
  process.exitCode = code ?? 1;
});
