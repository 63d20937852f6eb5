// Issue 9 defect 1 in a function passed to traced(...) (traced with default options): `await
// client?.send(MSG)` with client undefined and MSG a `const` in its temporal dead zone.
import { traced } from "@await-tree/runtime";

const client = undefined as { send(m: string): Promise<string> } | undefined;
const send = traced(async function sendIt(): Promise<string> {
  const r = await client?.send(MSG);
  return r ?? "no client";
});

const log: string[] = [];
send().then(
  (v) => log.push(v),
  (e: Error) => log.push(`rejected: ${e.name}: ${e.message}`),
);
const MSG = "hello";
setTimeout(() => console.log([...log, `MSG ${MSG}`].join("\n")), 5);
