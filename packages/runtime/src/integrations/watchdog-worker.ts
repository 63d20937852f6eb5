/**
 * The watchdog's thread. It reads the main loop's stamp (integrations/loop-stamp.ts); when the
 * loop has not turned for longer than the threshold, it pauses the main thread through an
 * in-process inspector session (`Session.connectToMainThread()`: no port is opened), takes the
 * synchronous stack and the dump in the paused frame (`Debugger.evaluateOnCallFrame` runs on the
 * main thread while it is paused), resumes it, disables the domain and reports: once per stall.
 */
import { Session } from "node:inspector";
import { parentPort, workerData } from "node:worker_threads";
import { stalledMsOf } from "./loop-stamp";
import { reportText, writeReport } from "./output";
import { type CallFrame, formatFrames, mapFrames, type ScriptInfo } from "./stack";

interface WatchdogData {
  buffer: SharedArrayBuffer;
  /** One Int32: 1 from a stall's detection until its report is written (watchdog.ts waits at exit). */
  reporting: SharedArrayBuffer;
  thresholdMs: number;
  checkMs: number;
  dir?: string;
  callback: boolean;
}

const data = workerData as WatchdogData;
const cells = new BigInt64Array(data.buffer);
const reporting = new Int32Array(data.reporting);
/** The stamp of the stall already reported (one report per stall). */
let reportedStamp: bigint | undefined;
let capturing = false;

const DUMP_EXPRESSION =
  '(() => { const rt = globalThis[Symbol.for("await-tree.runtime")]; ' +
  'return rt === undefined ? "(the runtime is not published on the main thread)\\n" : rt.dump({ locations: true }); })()';

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => {
    session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T)));
  });
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(what)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

async function capture(stalledMs: number): Promise<string> {
  const session = new Session();
  session.connectToMainThread();
  const scripts = new Map<string, ScriptInfo>();
  session.on("Debugger.scriptParsed", (m: { params: { scriptId: string; url: string; sourceMapURL?: string } }) => {
    scripts.set(m.params.scriptId, { url: m.params.url, sourceMapURL: m.params.sourceMapURL });
  });
  let stack = "";
  let trees = "";
  try {
    const paused = new Promise<{ callFrames: Array<CallFrame & { callFrameId: string }> }>((resolve) =>
      session.once("Debugger.paused", (m: { params: { callFrames: Array<CallFrame & { callFrameId: string }> } }) =>
        resolve(m.params),
      ),
    );
    await post(session, "Debugger.enable");
    await post(session, "Debugger.pause");
    const p = await withTimeout(
      paused,
      1000,
      "no JavaScript ran within 1 s: the main thread is blocked in native code",
    );
    try {
      stack = formatFrames(mapFrames(p.callFrames, scripts));
      const top = p.callFrames[0];
      if (top !== undefined) {
        const r = await post<{ result: { value?: unknown } }>(session, "Debugger.evaluateOnCallFrame", {
          callFrameId: top.callFrameId,
          expression: DUMP_EXPRESSION,
          returnByValue: true,
          silent: true,
        });
        trees = typeof r.result.value === "string" ? r.result.value : "(the dump returned nothing)\n";
      }
    } finally {
      await post(session, "Debugger.resume").catch(() => undefined);
    }
  } catch (e) {
    stack = `    (no stack: ${e instanceof Error ? e.message : String(e)})\n`;
  } finally {
    await post(session, "Debugger.disable").catch(() => undefined);
    session.disconnect();
  }
  const head = `the event loop has not turned for ${Math.round(stalledMs)} ms (threshold ${data.thresholdMs} ms)\n`;
  return reportText("watchdog", `${head}main thread stack:\n${stack}${trees}`);
}

function check(): void {
  if (capturing) return;
  const stamp = Atomics.load(cells, 0);
  const stalled = stalledMsOf(cells);
  if (stalled <= data.thresholdMs) {
    if (reportedStamp !== undefined && stamp !== reportedStamp) {
      reportedStamp = undefined;
    }
    return;
  }
  if (reportedStamp === stamp) return;
  reportedStamp = stamp;
  capturing = true;
  // Set before the main thread is paused: once it resumes, a program may exit at once, and its
  // exit waits for this report (watchdog.ts).
  Atomics.store(reporting, 0, 1);
  capture(stalled)
    .then((text) => {
      if (data.callback) parentPort?.postMessage(text);
      else writeReport("watchdog", text, { dir: data.dir });
    })
    .catch(() => undefined)
    .finally(() => {
      capturing = false;
      Atomics.store(reporting, 0, 0);
      Atomics.notify(reporting, 0);
    });
}

setInterval(check, data.checkMs);
