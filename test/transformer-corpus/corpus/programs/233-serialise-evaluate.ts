// The Playwright/Puppeteer idiom: a traced helper passes an async arrow to page.evaluate, which
// serialises it and evaluates it in the page (here a vm context stands for the page).
import { traced } from "@await-tree/runtime";
import * as vm from "node:vm";

const page = {
  context: vm.createContext({ title: "the page" }),
  async evaluate<T, A>(fn: (arg: A) => Promise<T> | T, arg?: A): Promise<T> {
    return vm.runInContext(`(${fn.toString()})(${JSON.stringify(arg)})`, this.context);
  },
  async $eval<T>(selector: string, fn: (s: string) => Promise<T>): Promise<T> {
    return vm.runInContext(`(${fn.toString()})(${JSON.stringify(selector)})`, this.context);
  },
  async waitForFunction(fn: () => boolean): Promise<boolean> {
    return vm.runInContext(`(${fn.toString()})()`, this.context);
  },
};

const readTitle = traced(async function readTitle(suffix: string) {
  const title = await page.evaluate(async (s: string) => {
    await null;
    return `${(globalThis as unknown as { title: string }).title}${s}`;
  }, suffix);
  const sel = await page.$eval("#x", async (s) => {
    await Promise.resolve();
    return s.length;
  });
  const ready = await page.waitForFunction(() => true);
  const check = async () => {
    await null;
    return "nested, not serialised";
  };
  return [title, sel, ready, await check()].join(" | ");
});

readTitle("!").then(
  (v) => console.log(v),
  (e) => console.log("failed", String(e)),
);
