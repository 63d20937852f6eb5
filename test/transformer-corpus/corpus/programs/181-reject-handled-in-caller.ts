// Rejections of @traced methods caught by the caller (try/catch, .catch, Promise.allSettled): exit 0,
// no unhandled-rejection report, and the same error objects.
import { traced } from "@await-tree/runtime";

const thrown = new Error("shared error");
class Svc {
  @traced
  async fail(): Promise<never> {
    await null;
    throw thrown;
  }
}

async function main(): Promise<void> {
  const s = new Svc();
  try {
    await s.fail();
  } catch (e) {
    console.log("try/catch same object", e === thrown);
  }
  await s.fail().catch((e) => console.log(".catch same object", e === thrown));
  const r = await Promise.allSettled([s.fail(), s.fail()]);
  console.log("allSettled", r.map((x) => x.status).join(","));
}
process.on("unhandledRejection", () => console.log("unexpected unhandled rejection"));
main();
