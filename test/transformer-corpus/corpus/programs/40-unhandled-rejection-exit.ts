// corpus-exit: 1
// An unhandled rejection with no handler: Node prints the error and exits with code 1 (stderr compared).
async function inner(): Promise<void> {
  await null;
  const e = new Error("unhandled in traced code") as Error & { code?: string };
  e.code = "E_CORPUS";
  throw e;
}

async function outer(): Promise<void> {
  console.log("before");
  await inner();
  console.log("never printed");
}

outer();
setImmediate(() => console.log("never printed either"));
