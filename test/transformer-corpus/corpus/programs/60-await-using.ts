// corpus-skip: esm-esnext (target ESNext keeps `await using` as is, and Node 20 cannot parse it)
// `await using` and Symbol.asyncDispose (TypeScript lowers them below ESNext): disposal order, errors, SuppressedError.
const log: string[] = [];

class Resource implements AsyncDisposable {
  constructor(
    readonly name: string,
    readonly failOnDispose = false,
  ) {
    log.push(`open ${name}`);
  }
  async [Symbol.asyncDispose](): Promise<void> {
    await null;
    log.push(`dispose ${this.name}`);
    if (this.failOnDispose) throw new Error(`dispose ${this.name} failed`);
  }
}

async function scope(): Promise<string> {
  await using a = new Resource("a");
  await using b = new Resource("b");
  log.push(`using ${a.name} ${b.name}`);
  await null;
  return "scope result";
}

async function scopeThrows(): Promise<void> {
  await using _r = new Resource("r", true);
  await null;
  throw new Error("body failed");
}

async function loop(): Promise<void> {
  for (let i = 0; i < 2; i++) {
    await using _item = new Resource(`item${i}`);
    if (i === 1) break;
    log.push(`loop body ${i}`);
  }
}

async function main(): Promise<void> {
  log.push(await scope());
  try {
    await scopeThrows();
  } catch (e) {
    const s = e as { name: string; error: Error; suppressed: Error; message: string };
    log.push(`caught ${s.name}: error=${s.error?.message} suppressed=${s.suppressed?.message}`);
  }
  await loop();
  {
    await using _nullish = null;
    log.push("null resource ok");
  }
  console.log(log.join("\n"));
}

main();
