// The optimized code V8 prints with `--print-opt-code`, read back: for each function, the size of
// the last code it got (a function compiled again, after a deoptimization or at a higher tier,
// counts once, at its latest size). bench/code-size.mjs sums it per side of P5's handler.

/**
 * Sizes in bytes of each function's latest optimized code in `text` (V8's `--print-opt-code`
 * output); a function is its name and the position of its source in its script. `kind` is V8's
 * tier ("TURBOFAN", "MAGLEV"). Returns [{ name, position, kind, size }] in the order each function
 * was last compiled.
 */
export function optimizedCode(text) {
  const latest = new Map();
  // Each code object: "source_position = P" (absent for some), "kind = K", "name = N", then
  // "Instructions (size = S)" a few lines further.
  const header =
    /^(?:source_position = (\d+)\n)?kind = (\w+)\nname = (.*)\n(?:.*\n){0,8}?Instructions \(size = (\d+)\)/gm;
  for (const m of text.matchAll(header)) {
    const [, position, kind, name, size] = m;
    const key = `${name}@${position ?? "?"}`;
    latest.delete(key); // re-inserted last: the order of the latest compiles
    latest.set(key, {
      name,
      position: position === undefined ? undefined : Number(position),
      kind,
      size: Number(size),
    });
  }
  return [...latest.values()];
}

/** The total size in bytes of `functions` (from `optimizedCode`). */
export function totalSize(functions) {
  let total = 0;
  for (const f of functions) total += f.size;
  return total;
}
