// Unhandled vs handled rejections observed by process handlers ('unhandledRejection' and 'rejectionHandled').
const log: string[] = [];
process.on("unhandledRejection", (reason, promise) => {
  log.push(`unhandledRejection: ${(reason as Error).message} (${promise instanceof Promise})`);
});
process.on("rejectionHandled", () => {
  log.push("rejectionHandled");
});

async function fails(msg: string): Promise<void> {
  await null;
  throw new Error(msg);
}

async function handled(): Promise<void> {
  try {
    await fails("handled by try");
  } catch {
    log.push("caught inside");
  }
}

async function main(): Promise<void> {
  await handled();
  fails("nobody listens");
  const late = fails("handled late");
  await new Promise<void>((r) => setImmediate(r));
  log.push("attaching late handler");
  late.catch((e: Error) => log.push(`late catch: ${e.message}`));
  await new Promise<void>((r) => setImmediate(r));
  const chained = fails("in chain").then(() => "never");
  chained.catch(() => log.push("chain caught"));
  await new Promise<void>((r) => setImmediate(r));
  (async () => {
    throw new Error("async iife rejected");
  })();
  await new Promise<void>((r) => setImmediate(r));
  console.log(log.join("\n"));
}

main();
