// corpus-decorators: legacy
// experimentalDecorators: a legacy method decorator (target, key, descriptor) that wraps the method,
// stacked with @traced in both orders, plus a parameter decorator.
import { traced } from "@await-tree/runtime";

const log: string[] = [];
function timed(_target: object, key: string, desc: PropertyDescriptor): void {
  const fn = desc.value as (...a: unknown[]) => Promise<unknown>;
  desc.value = async function (this: unknown, ...args: unknown[]) {
    log.push(`timed ${key} start`);
    const r = await fn.apply(this, args);
    log.push(`timed ${key} end`);
    return r;
  };
}
function param(_target: object, key: string, index: number): void {
  log.push(`param ${key} ${index}`);
}

class Mailer {
  @timed
  @traced
  async send(@param to: string): Promise<string> {
    await null;
    return `sent to ${to}`;
  }
  @traced
  @timed
  async queue(n: number): Promise<number> {
    await null;
    return n + 1;
  }
}

async function main(): Promise<void> {
  const m = new Mailer();
  log.push(await m.send("ann"));
  log.push(String(await m.queue(1)));
  log.push(`names ${m.send.name} ${m.queue.name}`);
  console.log(log.join("\n"));
}
main();
