// Async arrows capture `this` (and `arguments`) lexically: in methods, constructors, object literals and callbacks.
class Panel {
  title = "panel";
  handlers: (() => Promise<string>)[] = [];
  fromField = async (): Promise<string> => {
    await null;
    return `field arrow sees ${this.title}`;
  };
  constructor() {
    this.handlers.push(async () => {
      await null;
      return `ctor arrow sees ${this.title}`;
    });
  }
  async method(): Promise<string[]> {
    const inner = async (suffix: string): Promise<string> => {
      await null;
      const deeper = async (): Promise<string> => `${this.title}${suffix}`;
      return deeper();
    };
    const mapped = await Promise.all([1, 2].map(async (n) => `${this.title}#${n}`));
    return [await inner("!"), ...mapped];
  }
}

const literal = {
  name: "literal",
  async run(): Promise<string> {
    const f = async (): Promise<string> => {
      await null;
      return this.name;
    };
    return f.call({ name: "ignored" });
  },
};

async function main(): Promise<void> {
  const p = new Panel();
  console.log(await p.fromField());
  console.log(await p.handlers[0]!());
  console.log((await p.method()).join(", "));
  console.log(await literal.run());
  const stolen = p.fromField;
  console.log(await stolen());
  p.title = "renamed";
  console.log(await stolen(), await p.handlers[0]!.call(undefined));
}

main();
