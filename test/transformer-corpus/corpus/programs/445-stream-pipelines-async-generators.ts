// corpus-skip: esm-esnext (TypeScript emits standard decorators and `await using` as is for ESNext and Node 20 cannot parse them; esm-es2022 runs this program as an ES module)
// corpus-skip: esm-esnext-legacy (target ESNext keeps `await using` as is, and Node 20 cannot parse it)
// An ETL job on node:stream (the streams audit, 2026-12-05): `pipeline` from stream/promises with
// async generator stages that call @traced methods and traced functions, a batching stage, a
// @traced async generator method writing to a slow sink; an error thrown in the middle of a
// pipeline (every stage's `finally`, one of which awaits, runs before the rejection), an
// AbortSignal passed to pipeline, `Readable.from`, `compose`, `map`/`filter` with `concurrency`
// and `toArray`, backpressure against a slow Writable, `yield*` delegation closed by `return()` and
// `throw()` (also a `return()` queued behind a pending `next()`), and `await using` in an async
// generator closed by a consumer's `break`. Every side effect logs how many microtasks ran since the
// one before (`*` across a macrotask), so the traced build must interleave exactly as the plain one.
import * as stream from "node:stream";
import { pipeline as typedPipeline } from "node:stream/promises";
import { traced } from "@await-tree/runtime";

const { Readable, Writable } = stream;
// `compose` is missing from older @types/node.
// Stages typed loosely: the overloads of @types/node type a stage's source as chunks of bytes.
const pipeline = typedPipeline as (...stages: unknown[]) => Promise<void>;
const compose = (stream as unknown as { compose: (...s: unknown[]) => NodeJS.ReadWriteStream }).compose;

const log: string[] = [];
const BUDGET = 200;
let tick = 0;
let last = 0;
let budget = 0;
// Counts microtasks for a while after each note, then stops, so that timers and immediates run.
function ticker(): void {
  if (budget-- <= 0) return;
  tick++;
  queueMicrotask(ticker);
}
function ticks(): void {
  if (budget <= 0) queueMicrotask(ticker);
  budget = BUDGET;
}
const note = (s: string): void => {
  const d = tick - last;
  log.push(`${d >= BUDGET ? "*" : d}:${s}`);
  last = tick;
  ticks();
};
const immediate = (): Promise<void> => new Promise((r) => setImmediate(r));
const errText = (e: unknown): string =>
  e instanceof Error ? `${e.constructor.name}${(e as { code?: string }).code ? `[${(e as { code?: string }).code}]` : ""}: ${e.message}` : String(e);

process.on("unhandledRejection", (reason) => note(`unhandledRejection ${errText(reason)}`));

interface Row {
  id: number;
  amount: number;
}

class Enricher {
  calls = 0;
  @traced
  async enrich(row: Row): Promise<Row & { tax: number }> {
    this.calls++;
    await null;
    if (row.id === 37) throw new TypeError(`bad row ${row.id}`);
    return { ...row, tax: Math.round(row.amount * 0.2) };
  }
}
const enricher = new Enricher();
const validate = traced(async (row: Row): Promise<boolean> => {
  await null;
  return row.amount >= 0;
});

class SlowSink {
  written = 0;
  constructor(readonly name: string) {}
  @traced
  async write(batch: unknown[]): Promise<void> {
    note(`${this.name} write ${batch.length}`);
    await immediate();
    this.written += batch.length;
  }
}

async function* rows(n: number) {
  try {
    for (let i = 1; i <= n; i++) yield { id: i, amount: i === 13 ? -1 : i * 10 };
  } finally {
    note(`rows(${n}) finally`);
  }
}

async function* enrichStage(source: AsyncIterable<Row>) {
  let n = 0;
  try {
    for await (const r of source) {
      n++;
      if (!(await validate(r))) {
        note(`skip ${r.id}`);
        continue;
      }
      yield await enricher.enrich(r);
    }
  } finally {
    note(`enrich finally after ${n}`);
  }
}

async function* batch<T>(source: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let buf: T[] = [];
  try {
    for await (const x of source) {
      buf.push(x);
      if (buf.length === size) {
        yield buf;
        buf = [];
      }
    }
    if (buf.length > 0) yield buf;
  } finally {
    note(`batch finally left ${buf.length}`);
  }
}

class Loader {
  constructor(readonly sink: SlowSink) {}
  @traced
  async *toSink(source: AsyncIterable<unknown[]>): AsyncGenerator<string> {
    try {
      for await (const b of source) {
        await this.sink.write(b);
        yield `${b.length}\n`;
      }
    } finally {
      await immediate();
      note(`toSink finally (awaited) ${this.sink.written}`);
    }
  }
}

const discard = (): stream.Writable =>
  new Writable({
    objectMode: true,
    write(_c, _e, cb) {
      cb();
    },
  });

async function etl(n: number, size: number): Promise<void> {
  ticks();
  const sink = new SlowSink(`etl${n}`);
  try {
    await pipeline(
      Readable.from(rows(n)),
      enrichStage,
      (s: AsyncIterable<Row>) => batch(s, size),
      (s: AsyncIterable<unknown[]>) => new Loader(sink).toSink(s),
      discard(),
    );
    note(`etl(${n}) resolved sink=${sink.written}`);
  } catch (e) {
    note(`etl(${n}) rejected ${errText(e)} sink=${sink.written}`);
  }
}

async function aborted(): Promise<void> {
  ticks();
  const sink = new SlowSink("abort");
  const ac = new AbortController();
  let writes = 0;
  const write = sink.write;
  sink.write = async function (this: SlowSink, b: unknown[]): Promise<void> {
    await write.call(this, b);
    if (++writes === 2) ac.abort();
  };
  try {
    await pipeline(
      Readable.from(rows(100)),
      (s: AsyncIterable<Row>) => batch(s, 4),
      (s: AsyncIterable<unknown[]>) => new Loader(sink).toSink(s),
      discard(),
      { signal: ac.signal },
    );
  } catch (e) {
    note(`aborted rejected ${errText(e)} sink=${sink.written}`);
  }
}

async function operators(): Promise<void> {
  ticks();
  const arr = await Readable.from(rows(20))
    .filter(async (r: Row) => (await validate(r)) && r.id % 2 === 0, { concurrency: 3 })
    .map(async (r: Row) => (await enricher.enrich(r)).tax, { concurrency: 4 })
    .toArray();
  note(`toArray ${arr.join(",")}`);
  ticks();
  try {
    await Readable.from(rows(40))
      .map(async (r: Row) => (await enricher.enrich(r)).id, { concurrency: 2 })
      .toArray();
  } catch (e) {
    note(`map rejected ${errText(e)}`);
  }
  ticks();
  const got: string[] = [];
  await pipeline(
    Readable.from([1, 2, 3, 4]),
    compose(
      async function* (s: AsyncIterable<number>) {
        for await (const x of s) yield x * 2;
      },
      async function* (s: AsyncIterable<number>) {
        try {
          for await (const x of s) {
            await validate({ id: x, amount: x });
            yield String(x);
          }
        } finally {
          note("compose stage finally");
        }
      },
    ),
    async (s: AsyncIterable<string>) => {
      for await (const x of s) got.push(x);
    },
  );
  note(`compose ${got.join(",")}`);
}

async function backpressure(): Promise<void> {
  ticks();
  let produced = 0;
  async function* producer() {
    try {
      for (let i = 0; i < 8; i++) {
        produced++;
        note(`produce ${i}`);
        yield { i };
      }
    } finally {
      note("producer finally");
    }
  }
  await pipeline(
    Readable.from(producer(), { highWaterMark: 2 }),
    new Writable({
      objectMode: true,
      highWaterMark: 1,
      write(c: { i: number }, _e, cb) {
        note(`consume ${c.i} produced=${produced}`);
        setImmediate(cb);
      },
    }),
  );
  note("backpressure done");
}

async function* delegate(): AsyncGenerator<number | Row, string, undefined> {
  try {
    yield 0;
    const inner = yield* rows(3);
    note(`inner returned ${String(inner)}`);
    yield* [100, 101];
    return "done";
  } finally {
    note("delegate finally");
  }
}

async function delegation(): Promise<void> {
  ticks();
  const seen: unknown[] = [];
  for await (const x of delegate()) seen.push(typeof x === "number" ? x : (x as Row).id);
  note(`all ${seen.join(",")}`);
  ticks();
  const it = delegate();
  await it.next();
  await it.next();
  note(`return ${JSON.stringify(await it.return("early"))}`);
  ticks();
  const it2 = delegate();
  await it2.next();
  await it2.next();
  try {
    await it2.throw(new EvalError("thrown in"));
  } catch (e) {
    note(`throw ${errText(e)}`);
  }
  ticks();
  const it3 = delegate();
  const p1 = it3.next();
  const p2 = it3.return("r");
  const p3 = it3.next();
  note(`queued ${JSON.stringify(await p1)} ${JSON.stringify(await p2)} ${JSON.stringify(await p3)}`);
}

class Conn {
  constructor(readonly name: string) {
    note(`open ${name}`);
  }
  @traced
  async query(q: string): Promise<string> {
    await immediate();
    if (q === "fail") throw new RangeError(`query failed on ${this.name}`);
    return `${this.name}:${q}`;
  }
  async [Symbol.asyncDispose](): Promise<void> {
    note(`dispose ${this.name} start`);
    await immediate();
    note(`dispose ${this.name} end`);
  }
}

async function* withConn(name: string, fail: boolean) {
  await using conn = new Conn(name);
  try {
    for (let i = 0; i < 5; i++) yield await conn.query(i === 2 && fail ? "fail" : `q${i}`);
  } finally {
    note(`withConn ${name} finally`);
  }
}

async function disposal(): Promise<void> {
  ticks();
  for await (const r of withConn("c1", false)) {
    note(`got ${r}`);
    if (r.endsWith("q1")) break;
  }
  ticks();
  try {
    for await (const r of withConn("c2", true)) note(`got ${r}`);
  } catch (e) {
    note(`caught ${errText(e)}`);
  }
}

async function main(): Promise<void> {
  await etl(30, 10);
  await etl(60, 5);
  await aborted();
  await operators();
  await backpressure();
  await delegation();
  await disposal();
  note(`enrich calls ${enricher.calls}`);
}
main().then(
  () => {
    note("main done");
    console.log(log.join("\n"));
  },
  (e) => console.log(`main failed ${errText(e)}`),
);
