// @traced methods overridden in subclasses calling super, statics, and traced(fn) used as a method.
import { traced } from "@await-tree/runtime";

const log: string[] = [];

class Animal {
  constructor(readonly name: string) {}
  @traced
  async speak(times: number): Promise<string> {
    await null;
    return `${this.name} makes ${times} sound(s)`;
  }
  @traced()
  static async kind(): Promise<string> {
    await null;
    return `kind ${this.name}`;
  }
}

class Dog extends Animal {
  @traced
  override async speak(times: number): Promise<string> {
    const base = await super.speak(times);
    log.push(`Dog.speak after super: ${base}`);
    return `${base}: ${"woof ".repeat(times).trim()}`;
  }
  static override async kind(): Promise<string> {
    return `dog ${await super.kind()}`;
  }
  fetch = traced(async (item: string): Promise<string> => {
    await null;
    return `${this.name} fetched ${item}`;
  });
}

async function main(): Promise<void> {
  const d = new Dog("rex");
  console.log(await d.speak(2));
  console.log(await Dog.kind(), await Animal.kind());
  console.log(await d.fetch("ball"));
  console.log(await Animal.prototype.speak.call(d, 1));
  console.log(log.join("\n"));
}

main();
