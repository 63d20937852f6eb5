// Hand-written fallback for bench/src/await-loop.ts, in exactly the shape documented in
// packages/runtime/src/core/hooks.ts; used only when the transformer is not built.

const $at = require("@await-tree/runtime/instrument");

const siteFn = $at.site({ parts: ["awaitLoop(", ", ", ")"], file: "src/await-loop.ts", line: 5, column: 23 });
const siteP = $at.site({ parts: ["p"], file: "src/await-loop.ts", line: 7, column: 41 });

async function awaitLoop(n, p) {
  const $f = $at.enter(siteFn, [n, p]);
  try {
    let x = 0;
    for (let i = 0; i < n; i++) x = (x + $at.resume($f, await $at.suspend($f, siteP, $at.mark($f), p))) | 0;
    return x;
  } finally {
    $at.exit($f);
  }
}
exports.awaitLoop = awaitLoop;
