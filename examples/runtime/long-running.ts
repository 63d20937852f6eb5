/**
 * Spans pending longer than the slow threshold are marked `!!!`, unless they are long-running.
 * await-tree's threshold is 10 s; this example lowers it to 1 s so that it finishes quickly.
 */
import { Registry, span, traced } from "@await-tree/runtime";
import { pending, show, sleep } from "./util";

const longRunningChild = traced(span("long_running_child").longRunning(), () => pending());
const child = traced("child", () => pending());

async function main(): Promise<void> {
  const registry = new Registry({ slowThresholdMs: 1000 });
  const root = registry.register("foo", "foo");
  void root.run(() => Promise.all([longRunningChild(), child()]));
  await sleep(1100);
  show("after 1.1 s (threshold 1 s)", registry.get("foo")?.toString({ fold: false }));
}

void main();
