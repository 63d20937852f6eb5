// corpus-expect: users [{"id":1},{"id":2},{"id":3}]
// corpus-expect: pages 1-1,1-2,2-1,2-2,3-1
// corpus-expect: piped "CHUNK 0\nCHUNK 1\nCHUNK 2\n"
// HTTP clients as undici, axios and got write them (the HTTP clients audit, 2026-12-05), against a
// real node:http server: axios-style interceptors run as a promise chain (`p = p.then(f, r)`) of
// async callbacks; got-style hooks awaited one by one by the library's own loop; a cancelable
// thenable (p-cancelable's shape: not a Promise, `then` delegates) returned without `await` from
// @traced methods; retries written by hand; pagination by an async generator ended early by
// `break`; a request to an endpoint that never answers ended by `AbortSignal.timeout` and by an
// AbortController; a response streamed through `stream/promises`' `pipeline` into a transform and a
// file. The in-memory parts log microtask ticks, so the traced build must interleave as the plain one.
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { traced } from "@await-tree/runtime";

const log: string[] = [];
let tick = 0;
let budget = 0;
function ticker(): void {
  if (budget-- <= 0) return;
  tick++;
  queueMicrotask(ticker);
}
const note = (s: string): void => {
  if (budget <= 0) queueMicrotask(ticker);
  budget = 200;
  log.push(`${tick}:${s}`);
};

process.on("unhandledRejection", (r) => console.log(`unhandledRejection ${(r as Error).message}`));

interface Config {
  url: string;
  headers: Record<string, string>;
  signal?: AbortSignal;
}
interface Res {
  status: number;
  body: string;
}
type Fulfilled<T> = (v: T) => T | Promise<T>;
type Rejected = (e: unknown) => unknown;

class HttpError extends Error {
  readonly code = "ERR_BAD_RESPONSE";
  constructor(readonly status: number) {
    super(`Request failed with status code ${status}`);
    this.name = "HttpError";
  }
}

/** p-cancelable's shape: a thenable (not a Promise) whose `then` delegates to a private promise. */
class Cancelable<T> implements PromiseLike<T> {
  readonly #promise: Promise<T>;
  #cancel: () => void = () => {};
  constructor(executor: (resolve: (v: T) => void, reject: (e: unknown) => void, onCancel: (f: () => void) => void) => void) {
    this.#promise = new Promise<T>((resolve, reject) => executor(resolve, reject, (f) => (this.#cancel = f)));
  }
  // biome-ignore lint/suspicious/noThenProperty: the point of the class
  then<A = T, B = never>(ok?: ((v: T) => A | PromiseLike<A>) | null, err?: ((e: unknown) => B | PromiseLike<B>) | null) {
    return this.#promise.then(ok, err);
  }
  cancel(): void {
    this.#cancel();
  }
  json<J>(): Promise<J> {
    return this.#promise.then((v) => JSON.parse(String((v as Res).body)) as J);
  }
}

function send(config: Config): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = http.get(config.url, { headers: config.headers, signal: config.signal }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

/** axios's request(): interceptors and the adapter chained as one promise chain. */
class Client {
  readonly requestInterceptors: Array<[Fulfilled<Config>, Rejected?]> = [];
  readonly responseInterceptors: Array<[Fulfilled<Res>, Rejected?]> = [];
  constructor(
    readonly base: string,
    readonly adapter: (c: Config) => Promise<Res> = send,
  ) {}
  request(path: string, signal?: AbortSignal): Promise<Res> {
    let p: Promise<unknown> = Promise.resolve({ url: this.base + path, headers: {}, signal } as Config);
    for (const [f, r] of [...this.requestInterceptors].reverse()) p = p.then(f as never, r);
    p = p.then((c) => this.adapter(c as Config));
    p = p.then((res) => {
      const r = res as Res;
      if (r.status >= 400) throw new HttpError(r.status);
      return r;
    });
    for (const [f, r] of this.responseInterceptors) p = p.then(f as never, r);
    return p as Promise<Res>;
  }
}

/** got's hooks: awaited one by one by the library's loop, then a cancelable result. */
class Hooked {
  readonly beforeRequest: Array<(c: Config) => Promise<void> | void> = [];
  constructor(readonly client: Client) {}
  get(path: string, signal?: AbortSignal): Cancelable<Res> {
    return new Cancelable<Res>((resolve, reject, onCancel) => {
      const ac = new AbortController();
      onCancel(() => ac.abort(new Error("cancelled by caller")));
      const run = async () => {
        const config: Config = { url: path, headers: {}, signal };
        for (const hook of this.beforeRequest) await hook(config);
        return this.client.request(config.url, signal ?? ac.signal);
      };
      run().then(resolve, reject);
    });
  }
}

class Api {
  readonly seen: string[] = [];
  constructor(
    readonly client: Client,
    readonly hooked: Hooked,
  ) {}

  @traced()
  async user(id: number): Promise<unknown> {
    const res = await this.client.request(`/users/${id}`);
    return JSON.parse(res.body);
  }

  // got's `return client.get(...).json()`: a promise returned without await
  @traced()
  async userJson(id: number): Promise<unknown> {
    return this.hooked.get(`/users/${id}`).json();
  }

  // the cancelable thenable itself, returned without await
  @traced()
  async raw(path: string, signal?: AbortSignal): Promise<Res> {
    return this.hooked.get(path, signal);
  }

  @traced()
  async withRetry(path: string, attempts = 3): Promise<string> {
    for (let i = 1; ; i++) {
      try {
        const res = await this.client.request(path);
        return `${res.body} after ${i}`;
      } catch (e) {
        if (!(e instanceof HttpError) || i >= attempts) throw e;
        this.seen.push(`retry ${i} ${e.status}`);
        await new Promise((r) => setTimeout(r, 2));
      }
    }
  }

  @traced()
  async *pages(): AsyncGenerator<string> {
    for (let page = 1; ; page++) {
      const res = await this.client.request(`/items?page=${page}`);
      const { items, next } = JSON.parse(res.body) as { items: string[]; next: boolean };
      yield* items;
      if (!next) return;
    }
  }

  @traced()
  async download(file: string): Promise<void> {
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get(`${this.client.base}/stream`, resolve).on("error", reject);
    });
    const upper = new Transform({
      transform(chunk, _enc, cb) {
        cb(null, String(chunk).toUpperCase());
      },
    });
    await pipeline(res, upper, createWriteStream(file));
  }
}

function describe(e: unknown): string {
  const err = e as Error & { code?: unknown; cause?: unknown };
  const cause = err.cause instanceof Error ? ` (cause ${err.cause.message})` : "";
  return `${err.constructor.name} ${err.name} ${String(err.code)} ${err.message}${cause}`;
}

async function main(): Promise<void> {
  const flaky = new Map<string, number>();
  const received: string[] = [];
  const neverWaiters: Array<() => void> = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    received.push(`${url.pathname}${url.search} ${req.headers["x-token"] ?? "-"}`);
    const json = (status: number, v: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(v));
    };
    if (url.pathname.startsWith("/users/")) {
      const id = Number(url.pathname.slice(7));
      return id >= 100 ? json(404, { error: id }) : json(200, { id });
    }
    if (url.pathname === "/flaky") {
      const n = (flaky.get("f") ?? 0) + 1;
      flaky.set("f", n);
      return n < 3 ? json(500, { n }) : json(200, { n });
    }
    if (url.pathname === "/items") {
      const page = Number(url.searchParams.get("page"));
      return json(200, { items: [`${page}-1`, `${page}-2`], next: page < 5 });
    }
    if (url.pathname === "/stream") {
      res.writeHead(200);
      let i = 0;
      const write = () => {
        if (i === 3) return res.end();
        res.write(`chunk ${i++}\n`);
        setTimeout(write, 2);
      };
      return write();
    }
    // "/never": no answer until the client goes away
    for (const w of neverWaiters.splice(0)) w();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const client = new Client(base);
  client.requestInterceptors.push([
    async (c) => {
      await null;
      c.headers["x-token"] = "t1";
      return c;
    },
  ]);
  client.responseInterceptors.push([
    async (r) => {
      await Promise.resolve();
      return r;
    },
    async (e) => {
      await null;
      throw e;
    },
  ]);
  const hooked = new Hooked(client);
  hooked.beforeRequest.push(async (c) => {
    await null;
    c.url = c.url.replace("/users/", "/users/");
  });
  const api = new Api(client, hooked);

  const users = await Promise.all([api.user(1), api.userJson(2), api.user(3)]);
  console.log(`users ${JSON.stringify(users)}`);

  const settled = await Promise.allSettled([api.user(101), api.userJson(102), api.raw("/users/103")]);
  for (const s of settled) console.log(s.status === "fulfilled" ? `ok ${JSON.stringify(s.value)}` : describe(s.reason));

  console.log(`retry ${await api.withRetry("/flaky")} ${api.seen.join(",")}`);

  const ids: string[] = [];
  for await (const id of api.pages()) {
    ids.push(id);
    if (ids.length === 5) break;
  }
  console.log(`pages ${ids.join(",")}`);

  for (const signal of [AbortSignal.timeout(20), AbortSignal.abort(new Error("gone"))]) {
    try {
      await api.raw("/never", signal);
    } catch (e) {
      console.log(`never: ${describe(e)}`);
    }
  }
  const ac = new AbortController();
  const arrived = new Promise<void>((r) => neverWaiters.push(r));
  const hanging = api.user(7).then(() => api.raw("/never", ac.signal));
  await arrived; // aborted once the server has it
  ac.abort(new Error("stop"));
  await hanging.catch((e) => console.log(`aborted: ${describe(e)}`));

  const dir = mkdtempSync(join(tmpdir(), "corpus-440-"));
  try {
    await api.download(join(dir, "out.txt"));
    console.log(`piped ${JSON.stringify(readFileSync(join(dir, "out.txt"), "utf8"))}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // In memory, tick by tick: the same chains without a network.
  const memory = new Client("mem:", async (c) => {
    note(`adapter ${c.url} ${c.headers["x-token"]}`);
    return { status: c.url.endsWith("/404") ? 404 : 200, body: JSON.stringify({ url: c.url }) };
  });
  memory.requestInterceptors.push([
    async (c) => {
      note("request interceptor");
      await null;
      c.headers["x-token"] = "m";
      return c;
    },
  ]);
  memory.responseInterceptors.push([
    async (r) => {
      note("response interceptor");
      return r;
    },
    async (e) => {
      note(`response error ${(e as Error).message}`);
      throw e;
    },
  ]);
  const memApi = new Api(memory, new Hooked(memory));
  const memHooked = memApi.hooked;
  memHooked.beforeRequest.push(async () => {
    note("hook 1");
    await null;
  });
  memHooked.beforeRequest.push(() => note("hook 2 (sync)"));
  note("start");
  const results = await Promise.allSettled([
    memApi.user(1),
    memApi.userJson(2),
    memApi.raw("mem:/404"),
    memApi.raw("mem:/x").then((r) => r.status),
  ]);
  note(`settled ${results.map((r) => (r.status === "fulfilled" ? JSON.stringify(r.value) : describe(r.reason))).join(" | ")}`);
  const c = memHooked.get("mem:/cancel");
  c.cancel();
  note(`cancelable ${JSON.stringify(await c.json())}`);

  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  // whether the timed-out request reached the server first depends on the machine's speed
  const answered = received.filter((r) => !r.startsWith("/never"));
  console.log(`received ${answered.length}: ${answered.sort().join(" ")}`);
  for (const l of log) console.log(l);
}

void main();
