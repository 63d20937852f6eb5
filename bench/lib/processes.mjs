// The rows of one benchmark measured in several processes, combined into one row per id (as JMH
// forks the JVM). Within one process the rounds of a micro-benchmark agree closely, but V8
// optimizes the hooks in an order that differs from one process to the next, and the order decides
// what it inlines: about one process in twenty times the traced call 10-25% slower
// (docs/performance.md, P2's sixth pass). Likewise two identical untraced P5 servers, started one
// after the other, differ by up to 2% in throughput (cause not known; P5's sixth pass). One
// process is one draw of that; the median of several is the typical process, and the spread shows
// the whole range, slow draws included.

/** The median of `xs` (finite numbers), or NaN when there is none. */
export function median(xs) {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * `runs`: the rows each process reported (one array per process, in order). Returns one row per
 * id: the figure is the median of the processes' figures, the spread their minimum and maximum,
 * `met` is decided on the median, and the detail is that of the process whose figure is the
 * median (the lower middle one for an even count) followed by every process's figure. An id that
 * some process did not report is combined from the processes that did.
 */
export function combineProcesses(runs) {
  if (runs.length === 1) return runs[0];
  const ids = [];
  for (const rows of runs) for (const r of rows) if (!ids.includes(r.id)) ids.push(r.id);
  return ids.map((id) => {
    const rows = runs.map((rs) => rs.find((r) => r.id === id)).filter((r) => r !== undefined);
    const figures = rows.map((r) => r.figure);
    const finite = figures.filter(Number.isFinite);
    const figure = median(finite);
    const sorted = rows.filter((r) => Number.isFinite(r.figure)).sort((a, b) => a.figure - b.figure);
    const middle = sorted[(sorted.length - 1) >> 1] ?? rows[0];
    let met = middle.met;
    if (Number.isFinite(middle.target) && (middle.op === "<=" || middle.op === ">=")) {
      met = Number.isFinite(figure) && (middle.op === "<=" ? figure <= middle.target : figure >= middle.target);
    }
    const spread =
      finite.length === 0
        ? middle.spread
        : { lo: Math.min(...finite), hi: Math.max(...finite), kind: `min-max of ${rows.length} processes` };
    const each = figures.map((f) => (Number.isFinite(f) ? String(f) : "failed")).join(", ");
    return {
      ...middle,
      figure: Number.isFinite(figure) ? Math.round(figure * 1000) / 1000 : figure,
      spread,
      met,
      detail: `median process: ${middle.detail}; ${rows.length} processes: ${each}`,
    };
  });
}
