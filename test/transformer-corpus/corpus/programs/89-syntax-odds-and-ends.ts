#!/usr/bin/env node
// A shebang line, directive prologues, namespaces, a default-exported async function, a local `Promise`
// shadowing the global one, `class extends (await ...)`, computed `super[...]` calls and awaits in odd places.
"use strict";

namespace Store {
  export const items: string[] = [];
  export async function add(x: string): Promise<number> {
    await null;
    return items.push(x);
  }
  export namespace Nested {
    export const twice = async (x: string): Promise<number> => (await add(x)) + (await add(x));
  }
}

export default async function (): Promise<string> {
  "use strict";
  await null;
  return "default export";
}

async function shadowed(): Promise<string> {
  class Promise {
    static calls = 0;
    static all(xs: unknown[]): string {
      Promise.calls++;
      return `local all(${xs.length})`;
    }
  }
  const r = Promise.all([1, 2]);
  await null;
  return `${r} calls=${Promise.calls}`;
}

class Base {
  async greet(n: number): Promise<string> {
    await null;
    return `greet ${n}`;
  }
}

async function dynamicClass(): Promise<string> {
  const Parent = await (async () => Base)();
  class Child extends (await Promise.resolve(Parent)) {
    override async greet(n: number): Promise<string> {
      const key = "greet" as const;
      return `child ${await super[key](n)}`;
    }
  }
  return new Child().greet(await Promise.resolve(3));
}

async function oddPlaces(): Promise<string> {
  const out: string[] = [];
  top: {
    const v = await Promise.resolve("labelled block");
    out.push(v);
    if (v) break top;
  }
  out.push(typeof (await Promise.resolve(1)));
  out.push(String(void (await Promise.resolve(2))));
  out.push(String(!(await Promise.resolve(false))));
  out.push(String((await Promise.resolve(5)) ** (await Promise.resolve(2))));
  const arr = [await Promise.resolve(1), , await Promise.resolve(3)];
  out.push(`holes ${arr.length} ${1 in arr}`);
  const re = new RegExp(await Promise.resolve("a+"), await Promise.resolve("g"));
  out.push(String("caaat".match(re)));
  return out.join(" | ");
}

async function main(): Promise<void> {
  console.log(await Store.add("a"), await Store.Nested.twice("b"), Store.items.join(""));
  const mod = await import("./89-syntax-odds-and-ends.js");
  console.log(await mod.default(), mod.default.name);
  console.log(await shadowed());
  console.log(await dynamicClass());
  console.log(await oddPlaces());
}

main();
