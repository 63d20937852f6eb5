// corpus-expect: live spans 0
// corpus-decorators: standard
// Issue 9 defect 11: code that runs before the body (a getter read by a destructured parameter) calls
// another @traced method; every frame must still end (no span alive once all settled), and values hold.
import { spanStats, traced } from "@await-tree/runtime";

class Api {
  @traced
  async lookup(n: number): Promise<number> {
    await null;
    return n * 10;
  }
  @traced
  async handle({ id }: { id: number }): Promise<number> {
    await null;
    return id + 1;
  }
}

const api = new Api();
let pending: Promise<number> | undefined;
const request = {
  get id(): number {
    pending = api.lookup(4);
    return 7;
  },
};

async function main(): Promise<string> {
  const a = await api.handle(request);
  const b = await pending;
  for (let i = 0; i < 100; i++) await api.handle(request);
  return `handle ${a} lookup ${b}`;
}
// Counted once main itself has ended (with traceAll, main is a frame too).
main().then((m) => setTimeout(() => console.log(m, "live spans", spanStats().live), 1));
