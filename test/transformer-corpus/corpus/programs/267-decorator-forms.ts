// corpus-skip: esm-esnext (TypeScript emits standard decorators as is for ESNext and Node 20 cannot parse them; esm-es2022 runs this program as an ES module)
// Every way of writing the decorator: @traced, @traced(), @(traced), @(traced()), @ns.traced,
// @(ns.traced), @(ns["traced"]), with names and options.
import * as ns from "@await-tree/runtime";
import { traced } from "@await-tree/runtime";

class Forms {
  @traced
  async a(x: number): Promise<number> {
    await null;
    return x + 1;
  }
  @traced()
  async b(x: number): Promise<number> {
    await null;
    return x + 2;
  }
  @(traced)
  async c(x: number): Promise<number> {
    await null;
    return x + 3;
  }
  @(traced("d ${x}"))
  async d(x: number): Promise<number> {
    await null;
    return x + 4;
  }
  @ns.traced
  async e(x: number): Promise<number> {
    await null;
    return x + 5;
  }
  @(ns.traced)
  async f(x: number): Promise<number> {
    await null;
    return x + 6;
  }
  @(ns["traced"])
  async g(x: number): Promise<number> {
    await null;
    return x + 7;
  }
  @ns.traced({ name: "h", verbose: true })
  async h(x: number): Promise<number> {
    await null;
    return x + 8;
  }
}

async function main(): Promise<void> {
  const f = new Forms();
  const registry = new ns.Registry();
  const values = await registry
    .register("t", "t")
    .run(() => Promise.all([f.a(0), f.b(0), f.c(0), f.d(0), f.e(0), f.f(0), f.g(0), f.h(0)]));
  console.log(values.join(" "));
}
main();
