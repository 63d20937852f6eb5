/**
 * Several dumps of one process at once (two people, a script and a person): each CLI that sends
 * SIGUSR1 would close the inspector when it is done, under the others' connections, and one that
 * found the inspector open would leave it open for good. So the CLIs keep a list of their sessions
 * in the target's main realm (`globalThis[Symbol.for("await-tree.cli-sessions")]`, written only by
 * expressions the CLI evaluates): each dump joins it (in the dump's own evaluation: it runs even on
 * a blocked loop), and leaves it at its end, in the close's evaluation, which closes the inspector
 * only when no other session is in it and an await-tree CLI opened the inspector (the last dump
 * out closes it, whichever opened it). An entry lasts until its CLI's deadline (its
 * `--timeout`, with a margin), measured on the CLIs' own clock: a CLI that was killed does not keep
 * the inspector open past it. The clock of the target is not used: a test's fake timers may stop it.
 */

/** One CLI's entry. */
export interface Session {
  /** Unique among the CLIs of this machine: the CLI's pid and its start time. */
  id: string;
  /** The CLI's `Date.now()` after which the entry no longer counts. */
  until: number;
  /** This CLI sent SIGUSR1 and saw the inspector open. */
  opened: boolean;
}

/** One id per run of the CLI: a dump tried again (main.ts `take`) joins as the same entry. */
const runId = `${process.pid}-${Date.now()}`;

export function newSession(deadline: number, opened: boolean): Session {
  return { id: runId, until: deadline + 5000, opened };
}

const KEY = 'Symbol.for("await-tree.cli-sessions")';

/** Statements for the dump's expression (after its pid check): join the list. */
export function joinStatement(session: Session): string {
  return `try {
    const k = ${KEY};
    let s = globalThis[k];
    if (s === undefined || s === null || typeof s !== "object" || s.open === null || typeof s.open !== "object") {
      s = { opened: false, open: Object.create(null) };
      Object.defineProperty(globalThis, k, { value: s, configurable: true, writable: true });
    }
    if (${session.opened}) s.opened = true;
    s.open[${JSON.stringify(session.id)}] = ${session.until};
  } catch {}`;
}

/**
 * Statements for the close's expression (after its pid check): leave the list and return a
 * string (the reason) instead of closing when another session is in it, or when no await-tree CLI
 * opened the inspector. `now` is the CLI's `Date.now()`.
 */
export function leaveStatement(session: Session, now: number): string {
  // Without a list (a join that failed: a frozen global), only the CLI that opened it closes it.
  return `try {
    const s = globalThis[${KEY}];
    if (s !== undefined && s !== null && typeof s === "object" && s.open !== null && typeof s.open === "object") {
      delete s.open[${JSON.stringify(session.id)}];
      for (const id of Object.keys(s.open)) if (!(s.open[id] > ${now})) delete s.open[id];
      if (Object.keys(s.open).length > 0) return "${IN_USE}";
      if (s.opened !== true && !${session.opened}) return "${NOT_OURS}";
      s.opened = false;
    } else if (!${session.opened}) return "${NOT_OURS}";
  } catch { if (!${session.opened}) return "${NOT_OURS}"; }`;
}

/** What the close returns when another dump still uses the inspector. */
export const IN_USE = "in use by another await-tree dump";
/** What the close returns when no await-tree CLI opened the inspector. */
export const NOT_OURS = "not opened by await-tree";
