// corpus-skip: cjs-es2015 (TypeScript lowers async functions to generators there, which the introspection this program does sees: the plain build does not print what corpus-expect names)
// corpus-expect: di report -> report mailer=M queue=Q
// corpus-expect: di names report=mailer,queueName run=mailer,queueName
// corpus-expect: errorHandlers errMw,onError
// Libraries that look at the functions they are given (the introspecting libraries audit,
// 2026-12-05): async.js chooses callback or promise style by `fn[Symbol.toStringTag]`, express
// picks error middleware by `fn.length === 4`, awilix (CLASSIC mode) and get-parameter-names read
// parameter names from `fn.toString()`, co runs generators yielding promises, util.callbackify
// turns a `null` rejection into ERR_FALSY_VALUE_REJECTION. A `traced(fn)` wrapper used to answer
// `toString()` with its own text (`traced(...args) {...}`): the injector asked for `traced`.
import { callbackify } from "node:util";
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
type AnyFn = (...args: any[]) => any;

/** async.js's test, and its callback fallback (an async function that stopped looking async would hang). */
function run(fn: AnyFn, ...args: unknown[]): Promise<unknown> {
  if ((fn as unknown as Record<symbol, unknown>)[Symbol.toStringTag] === "AsyncFunction") return fn(...args);
  return new Promise((resolve, reject) => fn(...args, (e: unknown, v: unknown) => (e ? reject(e) : resolve(v))));
}

/** awilix's way: the names of the parameter list of the function's text. */
function parameterNames(fn: AnyFn): string[] {
  const text = fn.toString();
  const open = text.indexOf("(");
  const close = text.indexOf(")", open);
  return text
    .slice(open + 1, close)
    .split(",")
    .map((s) => s.replace(/=.*$/s, "").trim())
    .filter(Boolean);
}
function inject(fn: AnyFn, deps: Record<string, unknown>): unknown {
  return fn(
    ...parameterNames(fn).map((n) => {
      if (!(n in deps)) throw new Error(`Could not resolve '${n}'`);
      return deps[n];
    }),
  );
}

/** co: a generator runner that yields promises (and arrays of them). */
function co<T>(gen: Generator<unknown, T, any>): Promise<T> {
  return new Promise((resolve, reject) => {
    const step = (method: "next" | "throw", value: unknown): void => {
      let r: IteratorResult<unknown, T>;
      try {
        r = gen[method](value);
      } catch (e) {
        reject(e);
        return;
      }
      if (r.done) return resolve(r.value);
      const v = Array.isArray(r.value) ? Promise.all(r.value) : r.value;
      Promise.resolve(v).then(
        (x) => step("next", x),
        (e) => step("throw", e),
      );
    };
    step("next", undefined);
  });
}

class Mailer {
  sent: string[] = [];
  @traced()
  async send(to: string, body: string): Promise<string> {
    await null;
    note(`send ${to}`);
    if (to === "") throw null;
    if (to === "bad") throw new TypeError(`bad address ${body}`);
    this.sent.push(to);
    return `sent ${to}`;
  }
  @traced()
  async onError(err: Error, _req: unknown, res: string[], _next: AnyFn): Promise<void> {
    await null;
    res.push(`${err.name}: ${err.message}`);
  }
  @traced()
  async run(mailer: string, queueName: string): Promise<string> {
    return `${mailer}/${queueName}`;
  }
}

const report = traced(async function report(mailer: string, queueName: string) {
  await null;
  note("report");
  return `report mailer=${mailer} queue=${queueName}`;
});
const errMw = async (err: Error, _req: unknown, res: string[], next: AnyFn) => {
  await null;
  if (err instanceof TypeError) return next(err);
  res.push(`arrow ${err.message}`);
};

async function main(): Promise<void> {
  const m = new Mailer();
  for (const [k, f] of Object.entries({ send: m.send, bound: m.send.bind(m), report, errMw, onError: m.onError })) {
    const tag = (f as unknown as Record<symbol, unknown>)[Symbol.toStringTag];
    console.log(`fn ${k} name=${f.name} length=${f.length} tag=${String(tag)}`);
  }
  note(`waterfall ${await run(m.send.bind(m), "a", "x")} ${await run(report, "M", "Q")}`);
  const di = inject(report, { mailer: "M", queueName: "Q" }) as Promise<string>;
  console.log(`di report -> ${await di}`);
  console.log(`di names report=${parameterNames(report)} run=${parameterNames(Mailer.prototype.run)}`);

  const handlers = [errMw, m.onError.bind(m)] as AnyFn[];
  const errorHandlers = handlers.filter((h) => h.length === 4).map((h) => h.name.replace("bound ", ""));
  console.log(`errorHandlers ${errorHandlers}`);
  const res: string[] = [];
  const dispatch = async (i: number, err: Error): Promise<void> => {
    if (i < handlers.length) await handlers[i](err, {}, res, (e: Error) => dispatch(i + 1, e));
  };
  await dispatch(0, new RangeError("range"));
  await dispatch(0, new TypeError("type"));
  note(`express ${res.join(" | ")}`);

  const cb = callbackify(m.send.bind(m));
  for (const to of ["b", "", "bad"]) {
    const out = await new Promise((r) =>
      cb(to, "hi", (e, v) => r(e ? `${(e as Error).name} ${(e as Error).message} code=${(e as { code?: string }).code} reason=${(e as { reason?: unknown }).reason}` : v)),
    );
    note(`callbackify ${out}`);
  }

  const joined = await co(
    (function* () {
      const a: string = yield m.send("c", "1");
      const [b, c]: string[] = yield [m.send("d", "2"), report("x", "y")];
      try {
        yield m.send("bad", "3");
      } catch (e) {
        note(`co caught ${(e as Error).message}`);
      }
      return [a, b, c].join(",");
    })(),
  );
  note(`co ${joined}`);
  console.log(log.join("\n"));
  console.log(`sent ${m.sent}`);
}

process.on("unhandledRejection", (r) => console.log(`unhandledRejection ${String(r)}`));
main();
