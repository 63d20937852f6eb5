// P2 (decorator variants): the traced call is a `@traced` method. With the transformer the
// decorator's wrapper opens the frame and the rewritten body adopts it; without the transformer
// (plain tsc) the decorator alone records one frame per call and finds its parent through
// AsyncLocalStorage.
import { traced } from "@await-tree/runtime";

export class Service {
  @traced
  async get(p: Promise<number>): Promise<number> {
    return (await p) + 1;
  }
}

export async function driveService(s: Service, n: number, p: Promise<number>): Promise<number> {
  let x = 0;
  for (let i = 0; i < n; i++) x = (x + (await s.get(p))) | 0;
  return x;
}
