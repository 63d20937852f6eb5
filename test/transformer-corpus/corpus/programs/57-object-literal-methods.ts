// Async methods in object literals: computed keys (including awaited ones), symbol keys, getters returning promises, spread copies.
const sym = Symbol("load");

async function main(): Promise<void> {
  const key = "dyn";
  const obj = {
    base: 2,
    async plain(n: number): Promise<number> {
      await null;
      return n * this.base;
    },
    async [key](): Promise<string> {
      return `computed ${key}`;
    },
    async [sym](): Promise<string> {
      await null;
      return "symbol method";
    },
    get later(): Promise<number> {
      return (async () => {
        await null;
        return this.base + 1;
      })();
    },
    [await Promise.resolve("awaitedKey")]: await Promise.resolve("awaited value"),
    arrowProp: async () => "arrow prop",
  };
  console.log(await obj.plain(5), await obj.dyn(), await obj[sym](), await obj.later, obj.awaitedKey, await obj.arrowProp());
  const copy = { ...obj, base: 10 };
  console.log(await copy.plain(5), await copy.later);
  class K {
    async [`m${1 + 1}`](): Promise<string> {
      return "computed class method";
    }
  }
  console.log(await (new K() as unknown as { m2(): Promise<string> }).m2());
  const fieldKey = (await Promise.resolve("field")) as "field";
  class Dyn {
    [fieldKey] = "computed field key after await";
  }
  console.log(JSON.stringify(new Dyn()));
}

main();
