// corpus-skip: esm-esnext (TypeScript emits standard decorators as is for ESNext and Node 20 cannot parse them; esm-es2022 runs this program as an ES module)
// corpus-expect: done
// An Angular server's request handling under zone.js (the zone.js audit, 2026-12-06), without
// Angular: zone.js loaded first (Angular's polyfills), a zone per request with properties and
// onScheduleTask/onHasTask/onInvokeTask/onHandleError hooks, @traced services reading the zone and
// its properties after each await (kept where TypeScript lowers async functions, ES2015/ES2016,
// lost to the root zone with native ones), a Promise.all join, a caught failure, a rejection
// nobody handles inside a zone (zone.js's handler), and fakeAsync/tick/flush from zone.js/testing.
// The zones' task logs must be the program's own in both builds: the runtime's worker, listeners,
// timers and microtasks are no tasks of the request zones. Lines are kept per request (and printed
// request by request): how two requests' timers interleave depends on the machine's load.
import "zone.js/node";
import "zone.js/testing";
import { traced } from "@await-tree/runtime";

const Z = (globalThis as any).Zone;
const logs = new Map<string, string[]>();
const note = (key: string, s: string): void => {
  const lines = logs.get(key) ?? [];
  lines.push(s);
  logs.set(key, lines);
};
const zn = (): string => `${Z.current.name}/${Z.current.get("requestId") ?? "-"}`;
const sleep = (ms: number): Promise<void> => new Promise<void>((r) => setTimeout(r, ms));

Z[Z.__symbol__("unhandledPromiseRejectionHandler")] = (e: Error) => note("unhandled", `zone ${e.message}`);
process.on("unhandledRejection", (e: Error) => note("unhandled", `process ${e.message}`));

class Repo {
  @traced
  async find(id: number, opts: { deep: boolean }): Promise<{ id: number; name: string }> {
    await sleep(id < 100 ? 20 * id : 20 * (id - 100) + 50);
    note(`req-${id % 100}`, `find ${id} ${opts.deep} in ${zn()}`);
    return { id, name: `u${id}` };
  }
  @traced
  async fail(id: number): Promise<never> {
    await sleep(2);
    throw new Error(`nope ${id}`);
  }
  async count(id: number): Promise<number> {
    await null;
    note(`req-${id}`, `count ${id} in ${zn()}`);
    return id * 2;
  }
}

class Service {
  constructor(private readonly repo: Repo) {}
  @traced
  async profile(id: number): Promise<string> {
    const u = await this.repo.find(id, { deep: false });
    note(`req-${id}`, `profile ${id} after find in ${zn()}`);
    const [a, n] = await Promise.all([this.repo.find(id + 100, { deep: true }), this.repo.count(id)]);
    try {
      await this.repo.fail(id);
    } catch (e) {
      note(`req-${id}`, `profile ${id} caught ${(e as Error).message} in ${zn()}`);
    }
    return `${u.name}/${a.name}/${n}`;
  }
  @traced
  async hang(ms: number): Promise<string> {
    await sleep(ms);
    return `hung ${ms}`;
  }
  async orphan(id: number): Promise<void> {
    await sleep(1);
    throw new Error(`orphan ${id}`);
  }
}

const svc = new Service(new Repo());

function requestZone(id: number) {
  const name = `req-${id}`;
  return Z.current.fork({
    name,
    properties: { requestId: id },
    onScheduleTask(d: any, _c: any, t: any, task: any) {
      note(t.name, `schedule ${task.type} ${task.source}`);
      return d.scheduleTask(t, task);
    },
    onHasTask(d: any, _c: any, t: any, s: any) {
      note(t.name, `has micro=${s.microTask} macro=${s.macroTask} event=${s.eventTask}`);
      d.hasTask(t, s);
    },
    onHandleError(_d: any, _c: any, t: any, e: any) {
      note(t.name, `handleError ${e?.message ?? e}`);
      return false;
    },
  });
}

function fakeAsyncRuns(): void {
  const fa = Z[Z.__symbol__("fakeAsyncTest")];
  const run = (name: string, body: () => void, options?: { flush: boolean }): void => {
    try {
      Z.current.fork(new Z.ProxyZoneSpec()).run(() => fa.fakeAsync(body, options)());
      note("fake", `${name} ok`);
    } catch (e) {
      note("fake", `${name}: ${(e as Error).message.split("\n")[0]}`);
    }
  };
  run("tick", () => {
    svc.profile(7).then((v) => note("fake", `profile ${v}`));
    fa.tick(140);
    fa.flushMicrotasks();
    const spec = Z.current.get("FakeAsyncTestZoneSpec");
    note("fake", `after tick timers=${spec.pendingTimers.length} periodic=${spec.pendingPeriodicTimers.length}`);
    fa.tick(200);
  });
  run("flush", () => {
    svc.hang(30).then((v) => note("fake", `${v}`));
    note("fake", `flushed ${fa.flush()} ms`);
  });
  run("left", () => {
    svc.hang(500);
    fa.tick(10);
  }, { flush: false });
}

async function main(): Promise<void> {
  const done = [1, 2].map((id) => requestZone(id).run(() => svc.profile(id)));
  requestZone(3).run(() => {
    svc.orphan(3);
  });
  note("main", `values ${JSON.stringify(await Promise.all(done))}`);
  await sleep(20);
  note("main", await requestZone(4).run(() => svc.hang(30)));
  fakeAsyncRuns();
  await sleep(20);
  for (const key of [...logs.keys()].sort()) console.log(`${key}:\n  ${(logs.get(key) as string[]).join("\n  ")}`);
  console.log("done");
}
main();
