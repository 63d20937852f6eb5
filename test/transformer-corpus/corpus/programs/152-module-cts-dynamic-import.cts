// corpus-configs: preserve-es2022,preserve-esnext,esm-es2022
// A .cts file that loads an ES module with a dynamic import() and awaits it inside async code.
async function main(): Promise<void> {
  const os = await import("node:os");
  await null;
  console.log("eol is string", typeof os.EOL === "string", typeof exports);
}
main();
