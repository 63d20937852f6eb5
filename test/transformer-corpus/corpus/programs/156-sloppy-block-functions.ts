// corpus-script
// Sloppy mode, Annex B: a function declared in a block is also visible after the block in the
// enclosing function (in strict mode it is not).
async function blocks156(): Promise<string> {
  await null;
  {
    function hoisted156(): number {
      return 1;
    }
    hoisted156();
  }
  // @ts-ignore -- visible here only in sloppy mode
  return typeof hoisted156;
}

blocks156().then((t) => console.log("after the block:", t));
