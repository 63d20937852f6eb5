/**
 * Minimal globs for include/exclude (no dependency): `**` any number of directories, `*` and `?`
 * within one path segment, `{a,b}` alternatives. Paths are relative, with forward slashes.
 */

const cache = new Map<string, RegExp>();

function escapeChar(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

export function globToRegExp(glob: string): RegExp {
  const hit = cache.get(glob);
  if (hit !== undefined) return hit;
  let g = glob.replace(/\\/g, "/");
  if (g.startsWith("./")) g = g.slice(2);
  let re = "";
  let braces = 0;
  for (let i = 0; i < g.length; i++) {
    const ch = g[i] as string;
    if (ch === "*") {
      if (g[i + 1] === "*") {
        // `**/` matches zero or more directories; a trailing `**` matches the rest.
        i++;
        if (g[i + 1] === "/") {
          i++;
          re += "(?:[^/]*/)*";
        } else re += ".*";
      } else re += "[^/]*";
    } else if (ch === "?") re += "[^/]";
    else if (ch === "{") {
      braces++;
      re += "(?:";
    } else if (ch === "}" && braces > 0) {
      braces--;
      re += ")";
    } else if (ch === "," && braces > 0) re += "|";
    else re += escapeChar(ch);
  }
  // A directory pattern also matches what is inside it.
  const out = new RegExp(`^${re}(?:/.*)?$`);
  cache.set(glob, out);
  return out;
}

export function matchesAny(path: string, globs: readonly string[]): boolean {
  for (const g of globs) if (globToRegExp(g).test(path)) return true;
  return false;
}
