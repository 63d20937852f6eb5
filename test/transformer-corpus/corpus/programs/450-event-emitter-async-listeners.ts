// corpus-skip: esm-esnext (TypeScript emits standard decorators as is for ESNext and Node 20 cannot parse them; esm-es2022 runs this program as an ES module)
// A message server's event plumbing, as ws and socket.io servers write it (the ws audit): async
// listeners whose promises `emit` drops (their rejections are unhandled, exactly as without us),
// an emitter with `captureRejections` (a listener's rejection becomes 'error', or goes to its
// `Symbol.for("nodejs.rejection")` method), @traced methods passed as listeners (`this` is the
// emitter, `fn.length` is socket.io-style `(payload, ack)`, `off(event, handler)` removes them),
// `for await` over `events.on(...)` ended by an AbortSignal, `events.once` with a signal, and a
// handler still pending when the "server" closes. Every step logs a microtask tick count, so the
// traced build must interleave exactly as the plain build.
import { EventEmitter, captureRejectionSymbol, on, once } from "node:events";
import { traced } from "@await-tree/runtime";

const log: string[] = [];
let tick = 0;
let budget = 0;
// Counts microtasks for a while after each `ticks()`, then stops, so that timers and immediates
// (a server's next message) can run.
function ticker(): void {
  if (budget-- <= 0) return;
  tick++;
  queueMicrotask(ticker);
}
function ticks(): void {
  if (budget <= 0) queueMicrotask(ticker);
  budget = 200;
}
const note = (s: string): void => {
  log.push(`${tick}:${s}`);
};
const never = (): Promise<void> => new Promise(() => {});

process.on("unhandledRejection", (reason, p) => {
  note(`unhandledRejection ${(reason as Error).message} ${p instanceof Promise}`);
});

type Ack = (r: unknown) => void;

class Socket extends EventEmitter {
  constructor(readonly id: string) {
    super({ captureRejections: true });
  }
}

class Rooms extends EventEmitter {
  constructor() {
    super({ captureRejections: true });
  }
  [captureRejectionSymbol](err: Error, event: string, ...args: unknown[]): void {
    note(`rooms rejection ${event} ${err.message} ${args.length}`);
  }
}

class ChatServer {
  handled = 0;

  @traced
  async onMessage(this: Socket, text: string, ack: Ack): Promise<void> {
    await null;
    if (text === "bad") throw new Error(`bad message on ${this.id}`);
    ack(`${this.id} got ${text}`);
  }

  @traced
  async onJoin(this: Rooms, room: string): Promise<void> {
    await Promise.resolve();
    if (room === "forbidden") throw new Error(`cannot join ${room}`);
    note(`joined ${room} this-is-rooms=${this instanceof Rooms}`);
  }

  @traced
  async handle(socket: Socket, n: number): Promise<number> {
    await null;
    this.handled++;
    if (n === 3) throw new Error(`handler ${socket.id} failed on ${n}`);
    return n * 2;
  }

  @traced
  async consume(socket: Socket, signal: AbortSignal): Promise<number> {
    let count = 0;
    try {
      for await (const [n] of on(socket, "data", { signal })) {
        count += n as number;
        note(`consumed ${n}`);
      }
    } catch (e) {
      note(`consume ended ${(e as Error).name} ${count}`);
    }
    return count;
  }

  @traced
  async stuck(socket: Socket): Promise<void> {
    note(`stuck start ${socket.id}`);
    await never();
  }
}

const server = new ChatServer();

async function main(): Promise<void> {
  const s = new Socket("s1");
  // a traced method as a listener: `this` is the emitter; fn.length as declared
  note(`length ${server.onMessage.length} ${server.handle.length} name ${server.onMessage.name}`);
  s.on("message", server.onMessage);
  s.on("error", (err: Error) => note(`socket error ${err.message}`));
  note(`emit ${s.emit("message", "hi", (r: unknown) => note(`ack ${r}`))}`);
  note(`emit bad ${s.emit("message", "bad", () => note("ack bad"))}`);
  await new Promise((r) => setImmediate(r));
  ticks();
  // off() with the same traced handler removes it
  s.off("message", server.onMessage);
  note(`after off ${s.listenerCount("message")} ${s.emit("message", "gone", () => note("must not ack"))}`);
  s.once("message", server.onMessage);
  note(`once raw is wrapper ${s.rawListeners("message")[0] !== server.onMessage} ${s.listeners("message")[0] === server.onMessage}`);
  s.emit("message", "once", (r: unknown) => note(`ack ${r}`));

  // async arrow listeners on a plain emitter: the dropped promise's rejection is unhandled
  const plain = new EventEmitter();
  plain.on("job", async (n: number) => {
    note(`job ${n} start`);
    const r = await server.handle(s, n);
    note(`job ${n} -> ${r}`);
  });
  plain.on("job", function (this: EventEmitter, n: number) {
    note(`sync listener ${n} this-is-plain=${this === plain}`);
  });
  for (const n of [1, 3, 5]) note(`emit job ${n} ${plain.emit("job", n)}`);
  await new Promise((r) => setTimeout(r, 1));
  ticks();

  // captureRejections to a Symbol.for("nodejs.rejection") method
  const rooms = new Rooms();
  rooms.on("join", server.onJoin);
  rooms.emit("join", "lobby");
  rooms.emit("join", "forbidden");
  await new Promise((r) => setTimeout(r, 1));
  ticks();

  // for await over events.on, ended by an abort on close
  const ac = new AbortController();
  const consumed = server.consume(s, ac.signal);
  for (const n of [1, 2, 3]) {
    s.emit("data", n);
    await null;
  }
  await new Promise((r) => setImmediate(r));
  ticks();
  s.emit("close");
  ac.abort();
  note(`consumed total ${await consumed}`);

  // events.once with a signal that aborts
  const ac2 = new AbortController();
  const waiting = once(s, "never-emitted", { signal: ac2.signal }).then(
    () => "resolved",
    (e: Error) => e.name,
  );
  ac2.abort();
  note(`once ${await waiting}`);

  // a handler still pending when the server closes: nothing keeps the process alive
  void server.stuck(s);
  s.removeAllListeners();
  await new Promise((r) => setTimeout(r, 1));
  ticks();
  note(`handled ${server.handled}`);
}

ticks();
main().then(
  () => {
    setTimeout(() => {
      console.log(log.join("\n"));
    }, 5);
  },
  (e) => console.log("main failed", e),
);
