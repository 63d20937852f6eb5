/**
 * The target's output is data: a hostile or broken target must not drive the terminal or flood
 * it. Control characters (other than the newline of the text format) become `\uXXXX`; text past
 * the output limit is cut with a line saying so.
 */

/** C0 controls but `\n`, DEL, C1 controls, and the line/paragraph separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we escape
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * The text that `escapeControls` (with `oneLine`'s `\n`), or the runtime's escaping of a key, turned into `printed`, when `printed`
 * holds such escapes of control characters; else undefined. So `--key` matches a key as the CLI
 * printed it, as well as the key itself.
 */
export function unescapeControls(printed: string): string | undefined {
  let changed = false;
  // The runtime escapes keys as labels (`\n`, `\r`, `\t`, `\uXXXX`); this CLI escapes what is left.
  const raw = printed.replace(
    /\\u([0-9a-f]{4})|\\([nrt])/g,
    (m, hex: string | undefined, letter: string | undefined) => {
      const c =
        hex === undefined
          ? letter === "n"
            ? "\n"
            : letter === "r"
              ? "\r"
              : "\t"
          : String.fromCharCode(Number.parseInt(hex, 16));
      if (hex !== undefined && escapeControls(c) === c) return m; // an escape this CLI does not write
      changed = true;
      return c;
    },
  );
  return changed ? raw : undefined;
}

/** One line (no newline either): for names and headings that come from the target. */
export function oneLine(text: string, max = 200): string {
  const s = escapeControls(text).replace(/\n/g, "\\n");
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Text from the target as printable output, at most `max` characters. */
export function boundedText(value: unknown, max: number): string {
  if (typeof value !== "string") return `(the target returned ${typeof value} instead of text)\n`;
  let s = value;
  let cut = "";
  if (s.length > max) {
    cut = `[Output cut at ${max} characters by await-tree --max-output; the target sent ${s.length}]\n`;
    s = s.slice(0, max);
    const nl = s.lastIndexOf("\n");
    if (nl >= 0) s = s.slice(0, nl + 1);
  }
  s = escapeControls(s);
  if (s !== "" && !s.endsWith("\n")) s += "\n";
  return s + cut;
}
