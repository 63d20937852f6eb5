// corpus-exit: 1
// The first span of the process starts the runtime's coarse clock (a worker thread). Starting it must not
// change the stacks captured in that turn: a caught error's stack (function names only, printed) and an
// uncaught error's (Node prints it to stderr, compared), which once gained a processTicksAndRejections frame.
async function step(): Promise<void> {
  await null;
}

async function thrower(): Promise<void> {
  await null;
  await null;
  throw new Error("boom");
}

function frames(stack: string | undefined): string {
  return (stack ?? "")
    .split("\n")
    .slice(1)
    .map((l) => l.trim().split(" (")[0])
    .join(" | ");
}

async function main(): Promise<void> {
  await step();
  console.log("stack here:", frames(new Error("here").stack));
  try {
    await thrower();
  } catch (e) {
    console.log("caught:", frames((e as Error).stack));
  }
  await thrower();
}

main();
