/**
 * The POSIX shell grammar people type: words with quotes and expansions, pipelines, `&&`/`||`, lists,
 * `if/while/until/for/case`, `{ }`, `( )`, functions, redirections and here-documents. Parsing is
 * bounded by the script's length; nesting is bounded by MAX_NESTING.
 */

/** A piece of a word; `q` when inside double quotes (no field splitting, no globbing). */
export type Part =
  | { t: "lit"; v: string; q: boolean }
  | { t: "param"; name: string; op?: string; arg?: Word; q: boolean }
  | { t: "cmd"; src: string; q: boolean }
  | { t: "arith"; src: string; q: boolean };
export type Word = Part[];

export interface Redir {
  fd: number;
  mode: ">" | ">>" | "<" | "dup" | "<dup" | "here";
  dup?: number;
  /** File name (or, for here-documents, the body as a word to expand). */
  target?: Word;
}

export type Node =
  | { k: "simple"; words: Word[]; redirs: Redir[] }
  | { k: "pipe"; cmds: Node[]; bang: boolean }
  | { k: "andor"; first: Node; rest: ["&&" | "||", Node][] }
  | { k: "list"; items: Node[] }
  | { k: "if"; clauses: [Node, Node][]; else: Node | null; redirs: Redir[] }
  | { k: "for"; name: string; items: Word[] | null; body: Node; redirs: Redir[] }
  | { k: "while"; until: boolean; cond: Node; body: Node; redirs: Redir[] }
  | { k: "case"; word: Word; arms: { pats: Word[]; body: Node | null }[]; redirs: Redir[] }
  | { k: "group"; body: Node; subshell: boolean; redirs: Redir[] }
  | { k: "func"; name: string; body: Node };

/** A syntax error, worded for dash (`sh: 1: Syntax error: X`) and BusyBox ash (`sh: syntax error: Y`). */
export class ScriptSyntaxError extends Error {
  constructor(
    message: string,
    readonly ash: string,
  ) {
    super(message);
  }
}

/** dash and ash quote the token, but not a newline. */
const unexpected = (tok: string) => {
  const q = tok === "newline" ? tok : `"${tok}"`;
  return new ScriptSyntaxError(`${q} unexpected`, `unexpected ${q}`);
};
const eof = (expecting?: string) =>
  new ScriptSyntaxError(
    expecting ? `end of file unexpected (expecting "${expecting}")` : "end of file unexpected",
    expecting ? `unexpected end of file (expecting "${expecting}")` : "unexpected end of file",
  );
const unterminated = () => new ScriptSyntaxError("Unterminated quoted string", "unterminated quoted string");

const MAX_NESTING = 64;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

type Op = ";" | "\n" | "&" | "&&" | "||" | "|" | "(" | ")" | ";;";
type Token =
  | { kind: "word"; word: Word; plain: string | null }
  | { kind: "op"; op: Op }
  | { kind: "redir"; fd: number; mode: Redir["mode"]; dup?: number; strip?: boolean; heredoc?: { body: string; quoted: boolean } };

/** Index just past the `)` closing a `$(` or `$((` whose inside starts at `from`. */
function closingParen(s: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < s.length) {
    const c = s[i];
    if (c === "\\") i += 2;
    else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) throw unterminated();
      i = end + 1;
    } else if (c === '"') {
      i++;
      while (i < s.length && s[i] !== '"') i += s[i] === "\\" ? 2 : 1;
      if (i >= s.length) throw unterminated();
      i++;
    } else if (c === "(") {
      depth++;
      i++;
    } else if (c === ")") {
      depth--;
      i++;
      if (depth === 0) return i;
    } else i++;
  }
  throw new ScriptSyntaxError('end of file unexpected (expecting ")")', 'unexpected end of file (expecting ")")');
}

/** Index of the `}` closing a `${` whose inside starts at `from`. */
function closingBrace(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === "\\") i++;
    else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) throw unterminated();
      i = end;
    } else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  throw new ScriptSyntaxError('Missing "}"', 'missing "}"');
}

const PARAM_OPS = [":-", ":=", ":+", ":?", "-", "=", "+", "?", "%%", "%", "##", "#"];

/** Reads `${...}` contents: `#name`, `name`, or `name OP word`. */
function braced(inner: string, q: boolean): Part {
  if (inner.startsWith("#") && inner.length > 1) return { t: "param", name: inner.slice(1), op: "len", q };
  const m = NAME.exec(inner) ?? /^[0-9]+|^[?$#@*!]/.exec(inner);
  if (!m) throw new ScriptSyntaxError(`\${${inner}}: Bad substitution`, "bad substitution");
  const name = m[0];
  const rest = inner.slice(name.length);
  if (rest === "") return { t: "param", name, q };
  const op = PARAM_OPS.find((o) => rest.startsWith(o));
  if (!op) throw new ScriptSyntaxError(`\${${inner}}: Bad substitution`, "bad substitution");
  return { t: "param", name, op, arg: wordOf(rest.slice(op.length), true), q };
}

/** Reads a `$...` expansion at `i` (pointing at `$`); returns the part and the next index. */
function dollar(s: string, i: number, q: boolean): [Part, number] {
  const next = s[i + 1];
  if (next === "(" && s[i + 2] === "(") {
    const end = closingParen(s, i + 2);
    return [{ t: "arith", src: s.slice(i + 3, end - 2), q }, end];
  }
  if (next === "(") {
    const end = closingParen(s, i + 2);
    return [{ t: "cmd", src: s.slice(i + 2, end - 1), q }, end];
  }
  if (next === "{") {
    const end = closingBrace(s, i + 2);
    return [braced(s.slice(i + 2, end), q), end + 1];
  }
  if (next !== undefined && "?$#@*!0123456789".includes(next)) return [{ t: "param", name: next, q }, i + 2];
  const m = NAME.exec(s.slice(i + 1));
  if (m) return [{ t: "param", name: m[0], q }, i + 1 + m[0].length];
  return [{ t: "lit", v: "$", q }, i + 1];
}

/** A word's parts from text that is already one word (here-document bodies, `${x:-...}` arguments). */
function wordOf(text: string, q: boolean): Word {
  const w: Word = [];
  const lit = (v: string) => {
    const last = w[w.length - 1];
    if (last?.t === "lit" && last.q === q) last.v += v;
    else w.push({ t: "lit", v, q });
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === "\\" && i + 1 < text.length && '$`"\\\n'.includes(text[i + 1] as string)) {
      if (text[i + 1] !== "\n") lit(text[i + 1] as string);
      i += 2;
    } else if (c === "$") {
      const [part, next] = dollar(text, i, q);
      if (part.t === "lit") lit(part.v);
      else w.push(part);
      i = next;
    } else if (c === "`") {
      const end = text.indexOf("`", i + 1);
      if (end < 0) throw new ScriptSyntaxError("EOF in backquote substitution", "unterminated quoted string");
      w.push({ t: "cmd", src: text.slice(i + 1, end), q });
      i = end + 1;
    } else {
      lit(c);
      i++;
    }
  }
  return w;
}

const META = new Set([" ", "\t", "\n", ";", "&", "|", "(", ")", "<", ">"]);

class Lexer {
  i = 0;
  readonly tokens: Token[] = [];
  private pendingHere: Extract<Token, { kind: "redir" }>[] = [];
  private delims: { delim: string; quoted: boolean }[] = [];
  constructor(readonly s: string) {}

  run(): Token[] {
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i] as string;
      if (c === " " || c === "\t") this.i++;
      else if (c === "\\" && s[this.i + 1] === "\n") this.i += 2;
      else if (c === "#") {
        const end = s.indexOf("\n", this.i);
        this.i = end < 0 ? s.length : end;
      } else if (c === "\n") {
        this.i++;
        this.tokens.push({ kind: "op", op: "\n" });
        this.readHeredocs();
      } else if (c === "<" || c === ">") this.redir(null);
      else if (META.has(c)) this.op();
      else this.word();
    }
    if (this.pendingHere.length > 0) this.readHeredocs();
    return this.tokens;
  }

  private op(): void {
    const s = this.s;
    const two = s.slice(this.i, this.i + 2);
    if (two === "&&" || two === "||" || two === ";;") {
      this.tokens.push({ kind: "op", op: two });
      this.i += 2;
    } else {
      this.tokens.push({ kind: "op", op: s[this.i] as Op });
      this.i++;
    }
  }

  private redir(fd: number | null): void {
    const s = this.s;
    const c = s[this.i] as string;
    const n = fd ?? (c === ">" ? 1 : 0);
    if (s.startsWith("<<", this.i)) {
      const strip = s[this.i + 2] === "-";
      this.i += strip ? 3 : 2;
      while (s[this.i] === " " || s[this.i] === "\t") this.i++;
      const start = this.i;
      while (this.i < s.length && !META.has(s[this.i] as string)) this.i++;
      const raw = s.slice(start, this.i);
      if (raw === "") throw unexpected(s[this.i] === undefined || s[this.i] === "\n" ? "newline" : (s[this.i] as string));
      const quoted = /['"\\]/.test(raw);
      const tok: Extract<Token, { kind: "redir" }> = { kind: "redir", fd: n, mode: "here", strip };
      this.tokens.push(tok);
      this.pendingHere.push(tok);
      this.delims.push({ delim: raw.replace(/['"\\]/g, ""), quoted });
      return;
    }
    if (c === ">" && s[this.i + 1] === ">") {
      this.tokens.push({ kind: "redir", fd: n, mode: ">>" });
      this.i += 2;
    } else if (s[this.i + 1] === "&") {
      const m = /^([0-9]+|-)/.exec(s.slice(this.i + 2));
      if (!m) throw new ScriptSyntaxError("Bad fd number", "bad fd number");
      this.tokens.push({ kind: "redir", fd: n, mode: c === ">" ? "dup" : "<dup", dup: m[0] === "-" ? -1 : Number(m[0]) });
      this.i += 2 + m[0].length;
    } else {
      this.tokens.push({ kind: "redir", fd: n, mode: c === ">" ? ">" : "<" });
      this.i += c === ">" && s[this.i + 1] === "|" ? 2 : 1;
    }
  }

  private readHeredocs(): void {
    const s = this.s;
    for (const [k, tok] of this.pendingHere.entries()) {
      const { delim, quoted } = this.delims[k] as { delim: string; quoted: boolean };
      let body = "";
      while (true) {
        if (this.i >= s.length) break;
        const end = s.indexOf("\n", this.i);
        const raw = s.slice(this.i, end < 0 ? s.length : end);
        this.i = end < 0 ? s.length : end + 1;
        const line = tok.strip ? raw.replace(/^\t+/, "") : raw;
        if (line === delim) break;
        body += `${line}\n`;
      }
      tok.heredoc = { body, quoted };
    }
    this.pendingHere = [];
    this.delims = [];
  }

  private word(): void {
    const s = this.s;
    const word: Word = [];
    let plain: string | null = "";
    const lit = (v: string, q: boolean) => {
      const last = word[word.length - 1];
      if (last?.t === "lit" && last.q === q) last.v += v;
      else word.push({ t: "lit", v, q });
    };
    while (this.i < s.length) {
      const c = s[this.i] as string;
      if (META.has(c)) {
        // A word of digits right before a redirection is its file descriptor (`2>&1`).
        if ((c === "<" || c === ">") && plain !== null && /^[0-9]$/.test(plain) && word.length === 1) {
          this.redir(Number(plain));
          return;
        }
        break;
      }
      if (c === "'") {
        const end = s.indexOf("'", this.i + 1);
        if (end < 0) throw unterminated();
        lit(s.slice(this.i + 1, end), true);
        plain = null;
        this.i = end + 1;
      } else if (c === '"') {
        plain = null;
        const start = this.i + 1;
        let j = start;
        while (j < s.length && s[j] !== '"') {
          if (s[j] === "\\") j += 2;
          else if (s[j] === "$" && s[j + 1] === "(") j = closingParen(s, j + 2);
          else if (s[j] === "$" && s[j + 1] === "{") j = closingBrace(s, j + 2) + 1;
          else if (s[j] === "`") {
            const end = s.indexOf("`", j + 1);
            if (end < 0) throw unterminated();
            j = end + 1;
          } else j++;
        }
        if (j >= s.length) throw unterminated();
        const inner = wordOf(s.slice(start, j), true);
        if (inner.length === 0) lit("", true);
        for (const p of inner)
          if (p.t === "lit") lit(p.v, true);
          else word.push(p);
        this.i = j + 1;
      } else if (c === "\\") {
        if (this.i + 1 < s.length && s[this.i + 1] !== "\n") lit(s[this.i + 1] as string, true);
        plain = null;
        this.i += 2;
      } else if (c === "$" || c === "`") {
        const [part, next] = c === "$" ? dollar(s, this.i, false) : this.backquote();
        if (part.t === "lit") {
          lit(part.v, false);
          if (plain !== null) plain += part.v;
        } else {
          word.push(part);
          plain = null;
        }
        this.i = next;
      } else {
        lit(c, false);
        if (plain !== null) plain += c;
        this.i++;
      }
    }
    this.tokens.push({ kind: "word", word, plain });
  }

  private backquote(): [Part, number] {
    const end = this.s.indexOf("`", this.i + 1);
    if (end < 0) throw new ScriptSyntaxError("EOF in backquote substitution", "unterminated quoted string");
    return [{ t: "cmd", src: this.s.slice(this.i + 1, end), q: false }, end + 1];
  }
}

const RESERVED = new Set(["if", "then", "elif", "else", "fi", "do", "done", "case", "esac", "while", "until", "for", "in", "{", "}", "!"]);

class Parser {
  p = 0;
  depth = 0;
  constructor(readonly toks: Token[]) {}

  private peek(): Token | undefined {
    return this.toks[this.p];
  }
  private isOp(op: Op): boolean {
    const t = this.peek();
    return t?.kind === "op" && t.op === op;
  }
  private isWord(w: string): boolean {
    const t = this.peek();
    return t?.kind === "word" && t.plain === w;
  }
  private skipNewlines(): void {
    while (this.isOp("\n")) this.p++;
  }
  private expectWord(w: string): void {
    this.skipNewlines();
    if (!this.isWord(w)) this.fail(w);
    this.p++;
  }
  private fail(expecting?: string): never {
    const t = this.peek();
    if (!t) throw eof(expecting);
    throw unexpected(t.kind === "word" ? (t.plain ?? "word") : t.kind === "op" ? (t.op === "\n" ? "newline" : t.op) : ">");
  }

  /** A list that must hold at least one command (the shells refuse `if then`, `do done`). */
  private body(stop: string[]): Node {
    const l = this.list(stop);
    if (l.k === "list" && l.items.length === 0) this.fail(stop[stop.length - 1]);
    return l;
  }

  /** A list up to one of the `stop` words (or end of input when `stop` is empty). */
  list(stop: string[]): Node {
    if (++this.depth > MAX_NESTING) throw new ScriptSyntaxError("nesting too deep", "nesting too deep");
    const items: Node[] = [];
    while (true) {
      this.skipNewlines();
      const t = this.peek();
      if (!t) break;
      if (t.kind === "word" && t.plain !== null && stop.includes(t.plain)) break;
      if (t.kind === "op" && (t.op === ")" || t.op === ";;") && stop.length > 0) break;
      items.push(this.andOr());
      const sep = this.peek();
      if (sep?.kind === "op" && (sep.op === ";" || sep.op === "&" || sep.op === "\n")) this.p++;
      else if (sep && !(sep.kind === "word" && sep.plain !== null && stop.includes(sep.plain)) && !(sep.kind === "op" && (sep.op === ")" || sep.op === ";;")))
        this.fail();
    }
    this.depth--;
    return { k: "list", items };
  }

  private andOr(): Node {
    const first = this.pipeline();
    const rest: ["&&" | "||", Node][] = [];
    while (this.isOp("&&") || this.isOp("||")) {
      const op = (this.peek() as { op: "&&" | "||" }).op;
      this.p++;
      this.skipNewlines();
      rest.push([op, this.pipeline()]);
    }
    return rest.length ? { k: "andor", first, rest } : first;
  }

  private pipeline(): Node {
    let bang = false;
    if (this.isWord("!")) {
      bang = true;
      this.p++;
    }
    const cmds = [this.command()];
    while (this.isOp("|")) {
      this.p++;
      this.skipNewlines();
      cmds.push(this.command());
    }
    return cmds.length === 1 && !bang ? (cmds[0] as Node) : { k: "pipe", cmds, bang };
  }

  private redirs(into: Redir[]): void {
    while (this.peek()?.kind === "redir") into.push(this.redirect());
  }

  private redirect(): Redir {
    const t = this.toks[this.p++] as Extract<Token, { kind: "redir" }>;
    if (t.mode === "here") {
      const h = t.heredoc ?? { body: "", quoted: true };
      return { fd: t.fd, mode: "here", target: h.quoted ? [{ t: "lit", v: h.body, q: true }] : wordOf(h.body, true) };
    }
    if (t.mode === "dup" || t.mode === "<dup") return { fd: t.fd, mode: t.mode, dup: t.dup as number };
    const target = this.peek();
    if (!target) throw unexpected("newline");
    if (target.kind !== "word") this.fail();
    this.p++;
    return { fd: t.fd, mode: t.mode, target: (target as { word: Word }).word };
  }

  private command(): Node {
    const t = this.peek();
    if (!t) this.fail();
    if (t.kind === "op" && t.op === "(") {
      this.p++;
      const body = this.body([")"]);
      if (!this.isOp(")")) this.fail(")");
      this.p++;
      return this.withRedirs({ k: "group", body, subshell: true, redirs: [] });
    }
    if (t.kind === "word" && t.plain !== null && RESERVED.has(t.plain)) return this.compound(t.plain);
    if (t.kind === "word" && t.plain !== null && /^[A-Za-z_:][A-Za-z0-9_.:-]*$/.test(t.plain) && this.toks[this.p + 1]?.kind === "op") {
      const a = this.toks[this.p + 1] as { op: Op };
      const b = this.toks[this.p + 2] as { kind: string; op?: Op } | undefined;
      if (a.op === "(" && b?.kind === "op" && b.op === ")") {
        this.p += 3;
        this.skipNewlines();
        return { k: "func", name: t.plain, body: this.command() };
      }
    }
    return this.simple();
  }

  private withRedirs(n: Node & { redirs: Redir[] }): Node {
    this.redirs(n.redirs);
    return n;
  }

  private compound(word: string): Node {
    this.p++;
    switch (word) {
      case "{": {
        const body = this.body(["}"]);
        this.expectWord("}");
        return this.withRedirs({ k: "group", body, subshell: false, redirs: [] });
      }
      case "if": {
        const clauses: [Node, Node][] = [];
        let otherwise: Node | null = null;
        while (true) {
          const cond = this.body(["then"]);
          this.expectWord("then");
          const body = this.body(["elif", "else", "fi"]);
          clauses.push([cond, body]);
          if (this.isWord("elif")) {
            this.p++;
            continue;
          }
          if (this.isWord("else")) {
            this.p++;
            otherwise = this.body(["fi"]);
          }
          this.expectWord("fi");
          return this.withRedirs({ k: "if", clauses, else: otherwise, redirs: [] });
        }
      }
      case "while":
      case "until": {
        const cond = this.body(["do"]);
        this.expectWord("do");
        const body = this.body(["done"]);
        this.expectWord("done");
        return this.withRedirs({ k: "while", until: word === "until", cond, body, redirs: [] });
      }
      case "for":
        return this.forLoop();
      case "case":
        return this.caseClause();
      default:
        this.p--;
        this.fail();
    }
  }

  private forLoop(): Node {
    const nameTok = this.peek();
    if (nameTok?.kind !== "word" || nameTok.plain === null || !NAME.test(nameTok.plain)) this.fail();
    this.p++;
    let items: Word[] | null = null;
    this.skipNewlines();
    if (this.isWord("in")) {
      this.p++;
      items = [];
      while (this.peek()?.kind === "word") items.push((this.toks[this.p++] as { word: Word }).word);
      if (this.isOp(";") || this.isOp("\n")) this.p++;
    } else if (this.isOp(";")) this.p++;
    this.expectWord("do");
    const body = this.body(["done"]);
    this.expectWord("done");
    return this.withRedirs({ k: "for", name: (nameTok as { plain: string }).plain, items, body, redirs: [] });
  }

  private caseClause(): Node {
    const w = this.peek();
    if (w?.kind !== "word") this.fail();
    this.p++;
    this.expectWord("in");
    const arms: { pats: Word[]; body: Node | null }[] = [];
    while (true) {
      this.skipNewlines();
      if (this.isWord("esac")) break;
      if (this.isOp("(")) this.p++;
      const pats: Word[] = [];
      while (true) {
        const t = this.peek();
        if (t?.kind !== "word") this.fail(")");
        pats.push((t as { word: Word }).word);
        this.p++;
        if (this.isOp("|")) this.p++;
        else break;
      }
      if (!this.isOp(")")) this.fail(")");
      this.p++;
      const body = this.list(["esac"]);
      arms.push({ pats, body: body.k === "list" && body.items.length === 0 ? null : body });
      if (this.isOp(";;")) this.p++;
      else break;
    }
    this.expectWord("esac");
    return this.withRedirs({ k: "case", word: (w as { word: Word }).word, arms, redirs: [] });
  }

  private simple(): Node {
    const words: Word[] = [];
    const redirs: Redir[] = [];
    while (true) {
      const t = this.peek();
      if (t?.kind === "word") {
        words.push(t.word);
        this.p++;
      } else if (t?.kind === "redir") redirs.push(this.redirect());
      else break;
    }
    if (words.length === 0 && redirs.length === 0) this.fail();
    return { k: "simple", words, redirs };
  }
}

/**
 * Parses a whole script into a list.
 * @example parseScript("if true; then echo y; fi").items[0]?.k // "if"
 */
export function parseScript(src: string): Extract<Node, { k: "list" }> {
  const parser = new Parser(new Lexer(src).run());
  const list = parser.list([]);
  if (parser.p < parser.toks.length) {
    const t = parser.toks[parser.p] as Token;
    throw unexpected(t.kind === "word" ? (t.plain ?? "word") : t.kind === "op" ? t.op : ">");
  }
  return list as Extract<Node, { k: "list" }>;
}
