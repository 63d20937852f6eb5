// Classes whose source text is read at run time and evaluated elsewhere (a vm context, `new
// Function`): `${Job}`, `String(Job)`, `Job.toString()`, a class expression bound to a name, a
// class passed straight to a serialiser. Rewritten, their methods would name the module's `$at`,
// which does not exist there; they stay as written (methods, decorators and all), while a class
// beside them that nothing serialises is traced as usual.
import * as vm from "node:vm";
import { traced } from "@await-tree/runtime";

class Job {
  async run(n: number): Promise<number> {
    await null;
    return n * 2;
  }
}

const Step = class {
  async twice(n: number): Promise<number> {
    const a = await Promise.resolve(n);
    return a + n;
  }
};

class Decorated {
  @traced
  async load(id: number): Promise<string> {
    await null;
    return `row ${id}`;
  }
}

class Local {
  async go(): Promise<string> {
    await null;
    return "local";
  }
}

async function main(): Promise<void> {
  const copies: Array<[string, () => unknown]> = [
    ["template", () => vm.runInNewContext(`(${Job})`)],
    ["String", () => vm.runInNewContext(`(${String(Step)})`)],
    ["toString", () => new Function(`return (${Job.toString()})`)()],
    ["direct", () => vm.runInNewContext("(" + class Inline { async f() { await null; return 7; } } + ")")],
  ];
  for (const [how, make] of copies) {
    try {
      const Copy = make() as new () => Record<string, (n: number) => Promise<number>>;
      const c = new Copy();
      const method = Object.getOwnPropertyNames(Object.getPrototypeOf(c)).find((k) => k !== "constructor") as string;
      console.log(how, await c[method]?.(21));
    } catch (e) {
      console.log(how, "threw", (e as Error).name, (e as Error).message);
    }
  }
  console.log("texts", [Job, Step, Decorated].map((k) => String(k).includes("$at")).join(" "));
  console.log("decorated", await new Decorated().load(3), `${Decorated}`.length > 0);
  console.log("local", await new Local().go());
}

void main();
