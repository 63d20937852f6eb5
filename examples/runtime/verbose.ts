/** Verbose spans are hidden unless the registry is verbose; their children move up. */
import { instrumentAwait, Registry, span, traced } from "@await-tree/runtime";
import { pending, show, sleep } from "./util";

const fetchPage = traced("fetch page", () => instrumentAwait(pending(), "socket read"));
const retry = traced(span("retry loop").verbose(), () => fetchPage());

async function main(): Promise<void> {
  for (const verbose of [false, true]) {
    const registry = new Registry({ verbose });
    const root = registry.register("crawl", "crawl");
    void root.run(() => retry());
    await sleep(50);
    show(`verbose: ${verbose}`, registry.get("crawl")?.toString());
  }
}

void main();
