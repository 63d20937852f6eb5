// Rejections returned without `await` (a concise arrow returning `Promise.reject`, a function
// returning a call that rejects later, one returning a stored rejected promise) and handled late:
// the `unhandledRejection` / `rejectionHandled` events, their order and the reasons are the same
// with the plugin (instrumentation must never attach a handler to a returned promise). Plain async
// functions only: the untransformed `@traced` wrapper's own handler is another matter (issue 9, 7).

const events: string[] = [];
process.on("unhandledRejection", (reason) => events.push(`unhandled ${(reason as Error).message}`));
process.on("rejectionHandled", () => events.push("handled later"));

async function failsLater(msg: string): Promise<never> {
  await null;
  throw new Error(msg);
}

const direct = async () => Promise.reject(new Error("direct"));
const viaCall = async () => failsLater("via call");

async function load(): Promise<never> {
  return failsLater("returned call");
}
async function stored(): Promise<never> {
  const p = failsLater("stored");
  return p;
}

async function main(): Promise<void> {
  const pending = [direct(), viaCall(), load(), stored()];
  await new Promise((r) => setTimeout(r, 10));
  events.push("--- handling now");
  for (const p of pending) await p.catch((e: Error) => events.push(`caught ${e.message}`));
  await new Promise((r) => setTimeout(r, 10));
  console.log(events.join("\n"));
}

main();
