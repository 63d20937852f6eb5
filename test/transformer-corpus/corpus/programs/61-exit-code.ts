// corpus-exit: 3
// process.exitCode set from async code after a chain of awaits; 'beforeExit' and 'exit' handlers observe it.
let beforeExitRuns = 0;
process.on("beforeExit", (code) => {
  beforeExitRuns++;
  console.log(`beforeExit #${beforeExitRuns} code=${code}`);
  if (beforeExitRuns === 1) {
    (async () => {
      await null;
      console.log("work scheduled from beforeExit");
    })();
  }
});
process.on("exit", (code) => console.log(`exit code=${code}`));

async function validate(n: number): Promise<boolean> {
  await null;
  return n % 2 === 0;
}

async function main(): Promise<void> {
  const results = await Promise.all([1, 2, 3].map(validate));
  console.log(JSON.stringify(results));
  if (results.includes(false)) process.exitCode = 3;
}

main();
