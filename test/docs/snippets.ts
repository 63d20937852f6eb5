// The fenced blocks of the user-facing docs (README.md, packages/*/README.md, docs/*.md), and what
// the tests do with them. A block takes part in a test through its info string:
//
//   ```sh doc-test=quick-start                       commands, run line by line in the scenario's project
//   ```ts doc-test=quick-start file=src/main.ts      a file written into the project
//   ```text doc-test=quick-start output              the stdout of the last command (elapsed times aside)
//   ```text doc-test=tsc-pitfall output=stderr       a part of the stderr of the last command
//   ```sh doc-test=tsc-pitfall fails                 the last command of the block exits non-zero
//
// GitHub and npm read the first word as the language and ignore the rest.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../transformer/helpers.js";

export interface Block {
  doc: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  attrs: Map<string, string>;
  body: string;
}

/** The docs a user reads: the root README, each package's README, docs/*.md but the design record. */
export function userDocs(): string[] {
  const packages = readdirSync(join(repoRoot, "packages"))
    .map((p) => join("packages", p, "README.md"))
    .filter((f) => {
      try {
        readFileSync(join(repoRoot, f));
        return true;
      } catch {
        return false;
      }
    });
  // design.md is the maintainers' record of the model and the emitted code, not instructions.
  const docs = readdirSync(join(repoRoot, "docs"))
    .filter((f) => f.endsWith(".md") && f !== "design.md")
    .map((f) => join("docs", f));
  return ["README.md", ...packages, ...docs];
}

export function blocks(doc: string): Block[] {
  const text = readFileSync(join(repoRoot, doc), "utf8");
  const out: Block[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)(.*)$/.exec(lines[i] as string);
    if (open === null) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] as string); i++) body.push(lines[i] as string);
    const attrs = new Map<string, string>();
    for (const word of (open[2] as string).trim().split(/\s+/).filter(Boolean)) {
      const eq = word.indexOf("=");
      attrs.set(eq < 0 ? word : word.slice(0, eq), eq < 0 ? "" : word.slice(eq + 1));
    }
    out.push({ doc, line: start + 1, lang: open[1] as string, attrs, body: `${body.join("\n")}\n` });
  }
  return out;
}

/** Languages of commands and configuration: every such block must be run by a test. */
export const COMMAND_OR_CONFIG = new Set(["sh", "bash", "console", "json", "jsonc", "js", "cjs", "mjs", "yaml", "yml"]);

/** Every block of the user docs that belongs to `scenario`, in reading order. */
export function scenarioBlocks(scenario: string): Block[] {
  return userDocs()
    .flatMap((d) => blocks(d))
    .filter((b) => b.attrs.get("doc-test") === scenario);
}

/** The command lines of an `sh` block: comments and blank lines dropped, trailing comments cut. */
export function commandLines(b: Block): string[] {
  return b.body
    .split("\n")
    .map((l) => l.replace(/\s+#\s.*$/, "").trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}
