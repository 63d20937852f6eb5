// What a callgrind run spent per function, JIT code included: callgrind names native functions
// itself, and code that V8 compiled at run time is named through the map V8 writes with
// `--perf-basic-prof` (one line per code object: start, size, name). Used by
// `bench/instructions.mjs --by-function` to say where a traced variant's extra instructions and
// instruction-cache misses go (docs/performance.md, P5's sixth pass).
import { readFileSync } from "node:fs";

/** V8's code map: sorted `[start, end, name]` rows. */
export function readPerfMap(file) {
  const rows = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line);
    if (m !== null) rows.push([Number.parseInt(m[1], 16), Number.parseInt(m[1], 16) + Number.parseInt(m[2], 16), m[3]]);
  }
  return rows.sort((a, b) => a[0] - b[0]);
}

function codeAt(rows, address) {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid][0] <= address) lo = mid + 1;
    else hi = mid - 1;
  }
  const row = rows[hi];
  return row !== undefined && address < row[1] ? row[2] : undefined;
}

/**
 * One name per piece of code, whichever way it was named: V8's builtins appear both as
 * `Builtins_X` (the binary's symbols) and `Builtin:X` (the map), JS functions carry a tier mark
 * (`*` optimized, `~` interpreted...) and the absolute path of their file, and callgrind marks
 * recursion with `'2`.
 */
export function functionKey(name, root) {
  return name
    .replace(/^Builtin:/, "Builtins_")
    .replace(/^JS:[*~^+-]?/, "JS ")
    .replaceAll(`${root}/`, "")
    .replace(/'\d+$/, "");
}

/**
 * `event`'s self cost per function in callgrind output `text` (written with `--dump-instr=yes`):
 * a Map of function key to cost. Costs of instructions in code callgrind could not name are
 * given to the code object of V8's map that holds them, or to `???`.
 */
export function costsByFunction(text, perfMap, event, root) {
  const events = /^events: (.+)$/m.exec(text);
  if (events === null) throw new Error("no events line in the callgrind output");
  const column = events[1].trim().split(/\s+/).indexOf(event);
  if (column < 0) throw new Error(`no ${event} column in the callgrind output`);
  const names = new Map();
  const costs = new Map();
  let fn;
  let address = 0;
  let afterCall = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("fn=")) {
      const m = /^fn=\((\d+)\)(?: (.*))?$/.exec(line);
      if (m === null) continue;
      if (m[2] !== undefined) names.set(m[1], m[2]);
      fn = names.get(m[1]);
      continue;
    }
    if (line.startsWith("cfn=")) {
      // A callee's name may be given here first, and later referred to by its number alone.
      const m = /^cfn=\((\d+)\) (.*)$/.exec(line);
      if (m !== null) names.set(m[1], m[2]);
      continue;
    }
    if (line.startsWith("calls=")) {
      afterCall = true; // the next cost line is the call's inclusive cost, not this function's own
      continue;
    }
    if (!/^[0-9+*-]/.test(line)) continue;
    const parts = line.split(" ");
    const at = parts[0];
    if (at.startsWith("0x")) address = Number.parseInt(at, 16);
    else if (at.startsWith("+")) address += Number.parseInt(at.slice(1), at.startsWith("+0x") ? 16 : 10);
    else if (at.startsWith("-")) address -= Number.parseInt(at.slice(1), at.startsWith("-0x") ? 16 : 10);
    if (afterCall) {
      afterCall = false;
      continue;
    }
    // positions: instr line; then the events.
    const cost = Number(parts[2 + column] ?? 0);
    if (!Number.isFinite(cost) || cost === 0) continue;
    let name = fn;
    if (name === undefined || name.startsWith("0x") || name.startsWith("???")) name = codeAt(perfMap, address) ?? "???";
    const key = functionKey(name, root);
    costs.set(key, (costs.get(key) ?? 0) + cost);
  }
  return costs;
}
