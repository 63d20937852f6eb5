// corpus-script
// Whether the emitted file is strict: a script stays sloppy, with or without the plugin.
const isStrict157 = (function (this: unknown) {
  return this === undefined;
})();

async function later157(): Promise<boolean> {
  await null;
  return (function (this: unknown) {
    return this === undefined;
  })();
}

later157().then((inner) => console.log("strict at top:", isStrict157, "inside async:", inner));
