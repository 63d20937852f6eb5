// corpus-skip: cjs-es2022 (top-level await exists only in ES modules)
// corpus-skip: cjs-es2020 (top-level await exists only in ES modules)
// corpus-skip: cjs-es2017 (top-level await exists only in ES modules)
// corpus-skip: cjs-es2015 (top-level await exists only in ES modules)
// Top-level await in an ES module, interleaved with async functions started before it.
const log: string[] = [];

async function background(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await null;
    log.push(`background ${i}`);
  }
}

const bg = background();
log.push("module body starts");
const v = await Promise.resolve(1);
log.push(`top-level await got ${v}`);
try {
  await Promise.reject(new Error("top-level rejection"));
} catch (e) {
  log.push(`caught at top level: ${(e as Error).message}`);
}
for await (const x of [Promise.resolve("a"), "b"]) log.push(`top-level for-await ${x}`);
await bg;
log.push("module body ends");
console.log(log.join("\n"));
