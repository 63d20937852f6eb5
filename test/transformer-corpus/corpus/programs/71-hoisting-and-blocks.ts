// Hoisted async function declarations called before definition, functions declared in blocks, TDZ errors across awaits.
async function main(): Promise<void> {
  console.log(await early());
  {
    async function inBlock(): Promise<string> {
      await null;
      return "block-scoped async fn";
    }
    console.log(await inBlock());
  }
  try {
    await useBeforeInit();
  } catch (e) {
    console.log("TDZ:", (e as Error).constructor.name);
  }
  console.log(typeof hoistedLater, await hoistedLater());
}

async function early(): Promise<string> {
  await null;
  return "called before its declaration";
}

async function useBeforeInit(): Promise<number> {
  await null;
  const read = (): number => value + 1;
  const r = read();
  const value = 1;
  return r;
}

main();

async function hoistedLater(): Promise<string> {
  return "declared after the call to main";
}
