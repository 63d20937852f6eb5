// Functions whose source text is evaluated again in another realm (vm): the text must not refer
// to names that exist only in this module.
import * as vm from "node:vm";

async function main() {
  const probe = async () => {
    await null;
    return 21 * 2;
  };
  console.log("template", await vm.runInNewContext(`(${probe})()`));

  const viaToString = async (n: number) => {
    await Promise.resolve();
    return n * 3;
  };
  console.log("toString", await vm.runInNewContext(`(${viaToString.toString()})(5)`));

  async function declared() {
    await null;
    return "declared";
  }
  const alias = declared;
  console.log("alias", await vm.runInNewContext(`(${String(alias)})()`));

  let assigned: () => Promise<string>;
  assigned = async () => {
    for await (const x of [Promise.resolve("assigned")]) return x;
    return "none";
  };
  console.log("assigned", await vm.runInNewContext("(" + assigned + ")()"));

  const nested = () => {
    const inner = async () => {
      await null;
      return "inner";
    };
    return inner();
  };
  console.log("nested", await vm.runInNewContext(`(${nested})()`));

  const script = new vm.Script(`(${probe})()`);
  console.log("script", await script.runInNewContext({}));
  console.log("compiled", await vm.compileFunction(`return (${probe})();`)());
}
main().then(
  () => console.log("done"),
  (e) => console.log("failed", String(e)),
);
