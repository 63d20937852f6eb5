// An 'uncaughtException' handler sees errors thrown from timer callbacks started by async code; the program goes on.
const log: string[] = [];
process.on("uncaughtException", (err, origin) => {
  log.push(`uncaught (${origin}): ${err.message}`);
});

async function schedule(): Promise<void> {
  await null;
  setImmediate(() => {
    throw new Error("thrown in immediate");
  });
  await new Promise<void>((r) => setImmediate(r));
  await new Promise<void>((r) => setImmediate(r));
  log.push("after immediates");
}

async function rejectInTimer(): Promise<void> {
  await new Promise<void>((resolve) =>
    setTimeout(() => {
      resolve();
      throw new Error("thrown in timeout");
    }, 0),
  );
  log.push("timeout promise resolved");
}

async function main(): Promise<void> {
  await schedule();
  await rejectInTimer();
  await new Promise<void>((r) => setImmediate(r));
  console.log(log.join("\n"));
}

main();
