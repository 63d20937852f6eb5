/**
 * Parameter names of a function from its source text, for `@traced("load ${id}")` without the
 * transformer (the transformer passes the names it read at compile time). A small scanner, not a
 * parser: it knows enough of JavaScript's lexical grammar (strings, templates, regular expressions,
 * comments, brackets) to find the parameter list after any function head (`async`, `*`, `get`,
 * `static`, computed and string keys, private names, arrows) and to split it at its top-level
 * commas. It never throws: what it cannot read it reports as unnamed (`undefined`).
 */

/**
 * `undefined` for a destructured parameter (or one the scanner could not read). `shape.rest` is
 * set to the index of a rest parameter (`...names`), which holds every argument from there on.
 */
export function parameterNames(fn: (...args: never[]) => unknown, shape?: ParameterShape): Array<string | undefined> {
  let src: string;
  try {
    src = Function.prototype.toString.call(fn);
  } catch {
    return [];
  }
  try {
    return scanParameters(src, shape);
  } catch {
    return [];
  }
}

export interface ParameterShape {
  /** The index of the rest parameter, if there is one. */
  rest?: number;
}

const ID_START = /[\p{ID_Start}$_\\]/u;
const ID_PART = /[\p{ID_Continue}$_\\]|\u200c|\u200d/u;
/** After these keywords a `/` starts a regular expression, not a division. */
const REGEXP_AFTER_WORD = new Set([
  "return",
  "typeof",
  "instanceof",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "case",
  "do",
  "else",
  "yield",
  "await",
]);

class Scanner {
  pos = 0;
  /** The last significant token: "word" (identifier or keyword text), "value" (`)`, `]`, literal), or a punctuator. */
  private prev = "(";

  constructor(readonly src: string) {}

  get ch(): string {
    return this.src[this.pos] ?? "";
  }

  eof(): boolean {
    return this.pos >= this.src.length;
  }

  /** Skip white space and comments. */
  trivia(): void {
    const s = this.src;
    for (;;) {
      const c = s[this.pos];
      if (c === undefined) return;
      if (c === "/" && s[this.pos + 1] === "/") {
        const nl = s.indexOf("\n", this.pos);
        this.pos = nl < 0 ? s.length : nl + 1;
      } else if (c === "/" && s[this.pos + 1] === "*") {
        const end = s.indexOf("*/", this.pos + 2);
        this.pos = end < 0 ? s.length : end + 2;
      } else if (/\s/.test(c)) this.pos++;
      else return;
    }
  }

  identifier(): string {
    const start = this.pos;
    if (this.ch === "#") this.pos++;
    while (!this.eof() && ID_PART.test(this.ch)) this.pos += this.ch === "\\" ? 2 : 1;
    const word = this.src.slice(start, this.pos);
    this.prev = REGEXP_AFTER_WORD.has(word) ? "=" : "word";
    return word;
  }

  /** A quoted string starting at `pos`. */
  string(): void {
    const q = this.ch;
    this.pos++;
    while (!this.eof()) {
      const c = this.ch;
      this.pos += c === "\\" ? 2 : 1;
      if (c === q) break;
    }
    this.prev = "value";
  }

  /** A template literal starting at its backtick, substitutions included. */
  template(): void {
    this.pos++;
    while (!this.eof()) {
      const c = this.ch;
      if (c === "\\") this.pos += 2;
      else if (c === "`") {
        this.pos++;
        break;
      } else if (c === "$" && this.src[this.pos + 1] === "{") {
        this.pos += 2;
        this.prev = "(";
        this.until("}");
        this.pos++;
      } else this.pos++;
    }
    this.prev = "value";
  }

  /** A regular expression literal starting at its `/`. */
  regexp(): void {
    this.pos++;
    let inClass = false;
    while (!this.eof()) {
      const c = this.ch;
      if (c === "\\") this.pos += 2;
      else {
        this.pos++;
        if (c === "[") inClass = true;
        else if (c === "]") inClass = false;
        else if (c === "/" && !inClass) break;
        else if (c === "\n") break;
      }
    }
    while (!this.eof() && ID_PART.test(this.ch)) this.pos++; // flags
    this.prev = "value";
  }

  /**
   * Skip one token (a bracketed group as a whole). Returns false at end of input.
   */
  token(): boolean {
    this.trivia();
    if (this.eof()) return false;
    const c = this.ch;
    if (c === '"' || c === "'") this.string();
    else if (c === "`") this.template();
    else if (c === "(" || c === "[" || c === "{") {
      this.pos++;
      this.prev = "(";
      this.until(c === "(" ? ")" : c === "[" ? "]" : "}");
      this.pos++;
      this.prev = "value";
    } else if (c === "/") {
      if (this.prev === "word" || this.prev === "value") {
        this.pos++;
        this.prev = "/";
      } else this.regexp();
    } else if (ID_START.test(c) || c === "#") this.identifier();
    else if (/[0-9.]/.test(c) && /[0-9]/.test(c === "." ? (this.src[this.pos + 1] ?? "") : c)) {
      while (!this.eof() && /[\w.]/.test(this.ch)) this.pos++;
      this.prev = "value";
    } else {
      this.pos++;
      this.prev = c;
    }
    return true;
  }

  /** Skip tokens until one of `stops` at this bracket level (left at `pos`) or the end. */
  until(stops: string): void {
    for (;;) {
      this.trivia();
      if (this.eof() || stops.includes(this.ch)) return;
      this.token();
    }
  }
}

/** The parameter names of the function whose source text is `src` (exported for tests). */
export function scanParameters(src: string, shape?: ParameterShape): Array<string | undefined> {
  const s = new Scanner(src);
  // The head: keywords, a name, `*`, a computed or string key, up to the parameter list.
  for (;;) {
    s.trivia();
    if (s.eof()) return [];
    const c = s.ch;
    if (c === "(") break;
    if (c === "{") return []; // a class body, or `[native code]` of a built-in or bound function
    if (ID_START.test(c) || c === "#") {
      const word = s.identifier();
      if (word === "class") return [];
      s.trivia();
      if (src.startsWith("=>", s.pos)) return [word]; // `x => ...`, `async x => ...`
    } else s.token();
  }
  s.pos++; // "("
  const names: Array<string | undefined> = [];
  for (;;) {
    s.trivia();
    if (s.eof() || s.ch === ")") break;
    if (src.startsWith("...", s.pos)) {
      s.pos += 3;
      s.trivia();
      if (shape !== undefined) shape.rest = names.length;
    }
    names.push(ID_START.test(s.ch) ? s.identifier() : undefined);
    s.until(",)");
    if (s.eof() || s.ch === ")") break;
    s.pos++; // ","
  }
  // TypeScript below ES2017 moves the parameters of an async function with defaults or
  // destructuring into the generator it passes to `__awaiter`, under their own names (the outer
  // function keeps renamed or fewer ones): `f(id_1) { return __awaiter(this, arguments, void 0,
  // function* (id, b = 1) { ... }); }`.
  const body = DOWNLEVEL_BODY.exec(src.slice(s.pos + 1));
  if (body !== null) {
    if (shape !== undefined) shape.rest = undefined;
    return scanParameters(src.slice(s.pos + 1 + body[0].length), shape);
  }
  return names;
}

const DOWNLEVEL_BODY =
  /^\s*(?:=>\s*)?\{\s*return\s+(?:\(0,\s*)?[\w$.]*__awaiter\)?\(\s*[^,()]*,\s*arguments,\s*void 0,\s*function\s*\*/;
