// Rejections of @traced, traced(fn), nested and traceAll-traced functions seen by an
// 'unhandledRejection' listener: the same reasons, the same count, the same order.
import { traced } from "@await-tree/runtime";

const seen: string[] = [];
process.on("unhandledRejection", (r, p) => {
  seen.push(`${(r as Error).message} ${p instanceof Promise}`);
});

class A {
  @traced
  async m(): Promise<void> {
    await null;
    const inner = async (): Promise<void> => {
      throw new Error("nested");
    };
    inner();
    throw new Error("method");
  }
}
const f = traced(async (): Promise<void> => {
  throw new Error("wrapper");
});
async function plain(): Promise<void> {
  await Promise.resolve();
  throw new Error("plain");
}

new A().m();
f();
plain();
setTimeout(() => console.log(seen.join("\n")), 10);
