// Issue 9 defect 4 through `new Function`: an async function declaration serialised and rebuilt.
async function greet(name: string): Promise<string> {
  const upper = await Promise.resolve(name.toUpperCase());
  return `hello ${upper}`;
}

async function main(): Promise<void> {
  try {
    const rebuilt = new Function(`return (${greet.toString()})`)() as typeof greet;
    console.log(await rebuilt("corpus"));
  } catch (e) {
    console.log("rebuilt threw", (e as Error).name, (e as Error).message);
  }
}
main();
