// `super.method()` and `super.prop` inside async methods, before and after awaits; static and object-literal super.
class Base {
  name = "base";
  async greet(who: string): Promise<string> {
    await null;
    return `Base.greet(${who}) this.name=${this.name}`;
  }
  get kind(): string {
    return `kind-of-${this.name}`;
  }
  static async create(): Promise<string> {
    await null;
    return `Base.create on ${this.name}`;
  }
}

class Derived extends Base {
  override name = "derived";
  override async greet(who: string): Promise<string> {
    const first = await super.greet(who);
    await null;
    const second = super.kind;
    const third = await super.greet.call({ name: "borrowed" }, "x");
    const arrow = async (): Promise<string> => super.greet(`${who}-arrow`);
    return [first, second, third, await arrow()].join(" | ");
  }
  static override async create(): Promise<string> {
    const base = await super.create();
    return `Derived.create -> ${base}`;
  }
}

const proto = {
  async hello(): Promise<string> {
    await null;
    return "proto.hello";
  },
};
const child = {
  __proto__: proto,
  async hello(): Promise<string> {
    const p = await super.hello();
    return `child.hello -> ${p}`;
  },
};

async function main(): Promise<void> {
  console.log(await new Derived().greet("you"));
  console.log(await Derived.create());
  console.log(await child.hello());
}

main();
