// new.target in constructors that start async work, in functions called with and without new, and in async arrows inside constructors.
const log: string[] = [];

class Base {
  ready: Promise<string>;
  constructor() {
    const kind = new.target.name;
    this.ready = (async () => {
      await null;
      return `${kind} ready, new.target inside arrow is ${new.target === undefined ? "undefined" : new.target.name}`;
    })();
  }
}
class Derived extends Base {}

function Legacy(this: { made?: boolean }): void {
  log.push(`Legacy called ${new.target ? "with" : "without"} new`);
  if (new.target) this.made = true;
}

async function notConstructible(): Promise<string> {
  await null;
  return "async fn result";
}

async function main(): Promise<void> {
  console.log(await new Base().ready);
  console.log(await new Derived().ready);
  new (Legacy as unknown as new () => object)();
  Legacy.call({});
  try {
    new (notConstructible as unknown as new () => object)();
  } catch (e) {
    log.push(`new on async function: ${(e as Error).constructor.name}`);
  }
  log.push(await notConstructible());
  const ctor = Reflect.construct(Base, [], Derived) as Base;
  log.push(await ctor.ready);
  console.log(log.join("\n"));
}

main();
