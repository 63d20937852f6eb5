// Static async methods: `this` is the class (or subclass), static fields, inheritance of statics.
class Registry {
  static items: string[] = [];
  static label = "Registry";
  static async add(item: string): Promise<number> {
    await null;
    this.items.push(`${this.label}:${item}`);
    return this.items.length;
  }
  static async addMany(...xs: string[]): Promise<number> {
    let n = 0;
    for (const x of xs) n = await this.add(x);
    return n;
  }
}

class Child extends Registry {
  static override label = "Child";
  static override async add(item: string): Promise<number> {
    const n = await super.add(item.toUpperCase());
    return n * 10;
  }
}

async function main(): Promise<void> {
  console.log(await Registry.add("a"));
  console.log(await Child.add("b"));
  console.log(await Child.addMany("c", "d"));
  const { add } = Registry;
  try {
    await add("detached");
  } catch (e) {
    console.log("detached static:", (e as Error).constructor.name);
  }
  console.log(await Registry.add.call(Child, "called"));
  console.log(Registry.items.join(" "));
}

main();
