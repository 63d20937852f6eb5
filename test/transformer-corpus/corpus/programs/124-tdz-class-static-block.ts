// Issue 9 defect 1 in a class: a static method awaits `Registry.cache?.get(LIMIT)` while LIMIT, a
// module `const` declared after the class, is still in its temporal dead zone.
class Registry {
  static cache: Map<number, string> | undefined;
  static async lookup(): Promise<string> {
    const v = await Registry.cache?.get(LIMIT);
    return v ?? "none";
  }
  static pending = Registry.lookup();
}

const log: string[] = [];
Registry.pending.then(
  (v) => log.push(`lookup: ${v}`),
  (e: Error) => log.push(`rejected: ${e.name}: ${e.message}`),
);
const LIMIT = 3;
setTimeout(() => console.log([...log, `LIMIT ${LIMIT}`].join("\n")), 5);
