/**
 * The shell syntax tutorials are written in: `;`, `&&`, `||`, `VAR=value`, `$VAR`, `${VAR}`, `$?`,
 * `$(...)` and backquotes, single and double quotes, backslashes and comments, so that
 * `docker swarm join --token $(docker swarm join-token -q worker) 192.168.1.10:2377` runs as written.
 * Expansion happens when a command runs, not when the line is read, because `A=1; echo $A` must see
 * the assignment. Errors use dash's wording (`sh: 1: Syntax error: ...`), Ubuntu's /bin/sh.
 */
import type { Output } from "./context";

/** One piece of a word: literal text, a variable, or a command substitution; `q` when inside "...". */
type Part = { t: "lit"; v: string; q: boolean } | { t: "var"; name: string; q: boolean } | { t: "cmd"; src: string; q: boolean };
type Word = Part[];
type Op = ";" | "&&" | "||" | "|";
/** `N>`, `N>>`, `N<` take the next word as their target; `N>&M` duplicates fd M. */
type RedirToken = { kind: "redir"; fd: number; mode: ">" | ">>" | "<" | "dup"; dup?: number };
type Token = { kind: "word"; word: Word } | { kind: "op"; op: Op } | RedirToken;

class ScriptSyntaxError extends Error {}
/** A redirection that can't be carried out: the command is not run, as in dash. */
class RedirError extends Error {}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Index just past the `)` closing a `$(` that starts at `from` (the first character inside). */
function closingParen(s: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < s.length) {
    const c = s[i];
    if (c === "\\") i += 2;
    else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) throw new ScriptSyntaxError("Unterminated quoted string");
      i = end + 1;
    } else if (c === '"') {
      i++;
      while (i < s.length && s[i] !== '"') i += s[i] === "\\" ? 2 : 1;
      if (i >= s.length) throw new ScriptSyntaxError("Unterminated quoted string");
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
  throw new ScriptSyntaxError('end of file unexpected (expecting ")")');
}

/** Reads a `$...` expansion at `i` (pointing at `$`); returns the part and the next index. */
function dollar(s: string, i: number, q: boolean): [Part, number] {
  const next = s[i + 1];
  if (next === "(") {
    const end = closingParen(s, i + 2);
    return [{ t: "cmd", src: s.slice(i + 2, end - 1), q }, end];
  }
  if (next === "{") {
    const end = s.indexOf("}", i + 2);
    if (end < 0) throw new ScriptSyntaxError('Missing "}"');
    const name = s.slice(i + 2, end);
    if (!NAME.test(name) && name !== "?" && name !== "$") throw new ScriptSyntaxError(`\${${name}}: Bad substitution`);
    return [{ t: "var", name, q }, end + 1];
  }
  if (next === "?" || next === "$" || next === "#") return [{ t: "var", name: next, q }, i + 2];
  const m = NAME.exec(s.slice(i + 1));
  if (m) return [{ t: "var", name: m[0], q }, i + 1 + m[0].length];
  return [{ t: "lit", v: "$", q }, i + 1];
}

function tokenize(s: string): Token[] {
  const tokens: Token[] = [];
  let word: Word | null = null;
  const lit = (v: string, q: boolean) => {
    word ??= [];
    const last = word[word.length - 1];
    if (last?.t === "lit" && last.q === q) last.v += v;
    else word.push({ t: "lit", v, q });
  };
  const flush = () => {
    if (word) tokens.push({ kind: "word", word });
    word = null;
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === " " || c === "\t") {
      flush();
      i++;
    } else if (c === "\n" || c === ";") {
      flush();
      tokens.push({ kind: "op", op: ";" });
      i++;
    } else if (c === ">" || c === "<") {
      // A word of just a digit right before the operator is its file descriptor (`2>&1`).
      const w = word as Word | null;
      const only = w?.length === 1 && w[0]?.t === "lit" && !w[0].q && /^[0-9]$/.test(w[0].v) ? Number(w[0].v) : null;
      if (only !== null) word = null;
      else flush();
      const fd = only ?? (c === ">" ? 1 : 0);
      if (c === ">" && s[i + 1] === ">") {
        tokens.push({ kind: "redir", fd, mode: ">>" });
        i += 2;
      } else if (c === ">" && s[i + 1] === "&") {
        const m = /^[0-9]+/.exec(s.slice(i + 2));
        if (!m) throw new ScriptSyntaxError("Bad fd number");
        tokens.push({ kind: "redir", fd, mode: "dup", dup: Number(m[0]) });
        i += 2 + m[0].length;
      } else {
        tokens.push({ kind: "redir", fd, mode: c === ">" ? ">" : "<" });
        i += c === ">" && s[i + 1] === "|" ? 2 : 1;
      }
    } else if (c === "&" || c === "|") {
      flush();
      if (s[i + 1] === c) {
        tokens.push({ kind: "op", op: c === "&" ? "&&" : "||" });
        i += 2;
      } else {
        // A lone `&` backgrounds the command; here every command finishes at once, so it only separates.
        tokens.push({ kind: "op", op: c === "&" ? ";" : "|" });
        i++;
      }
    } else if (c === "#" && word === null) {
      const end = s.indexOf("\n", i);
      i = end < 0 ? s.length : end;
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) throw new ScriptSyntaxError("Unterminated quoted string");
      lit(s.slice(i + 1, end), true);
      i = end + 1;
    } else if (c === '"') {
      word ??= [];
      lit("", true);
      i++;
      while (true) {
        if (i >= s.length) throw new ScriptSyntaxError("Unterminated quoted string");
        const d = s[i] as string;
        if (d === '"') {
          i++;
          break;
        }
        if (d === "\\" && i + 1 < s.length && '$`"\\\n'.includes(s[i + 1] as string)) {
          if (s[i + 1] !== "\n") lit(s[i + 1] as string, true);
          i += 2;
        } else if (d === "$") {
          const [part, next] = dollar(s, i, true);
          if (part.t === "lit") lit(part.v, true);
          else (word as Word).push(part);
          i = next;
        } else if (d === "`") {
          const end = s.indexOf("`", i + 1);
          if (end < 0) throw new ScriptSyntaxError("EOF in backquote substitution");
          (word as Word).push({ t: "cmd", src: s.slice(i + 1, end), q: true });
          i = end + 1;
        } else {
          lit(d, true);
          i++;
        }
      }
    } else if (c === "\\") {
      if (i + 1 < s.length && s[i + 1] !== "\n") lit(s[i + 1] as string, true);
      i += 2;
    } else if (c === "$") {
      const [part, next] = dollar(s, i, false);
      if (part.t === "lit") lit(part.v, false);
      else {
        word ??= [];
        word.push(part);
      }
      i = next;
    } else if (c === "`") {
      const end = s.indexOf("`", i + 1);
      if (end < 0) throw new ScriptSyntaxError("EOF in backquote substitution");
      word ??= [];
      word.push({ t: "cmd", src: s.slice(i + 1, end), q: false });
      i = end + 1;
    } else {
      lit(c, false);
      i++;
    }
  }
  flush();
  return tokens;
}

/** A redirection with its target word (none for `N>&M`). */
interface Redir {
  fd: number;
  mode: ">" | ">>" | "<" | "dup";
  dup?: number;
  target?: Word;
}

/** A simple command: its words and its redirections, in the order written. */
interface Command {
  words: Word[];
  redirs: Redir[];
}

/** A pipeline of simple commands, joined to the next by `;`, `&&` or `||`. */
interface Step {
  commands: Command[];
  /** How this step is joined to the one before it. */
  join: ";" | "&&" | "||";
}

function parse(tokens: Token[]): Step[] {
  const steps: Step[] = [];
  let commands: Command[] = [];
  let cmd: Command = { words: [], redirs: [] };
  let pending: Redir | null = null;
  let join: Step["join"] = ";";
  const empty = () => cmd.words.length === 0 && cmd.redirs.length === 0;
  for (const tok of tokens) {
    if (tok.kind === "word") {
      if (pending) {
        pending.target = tok.word;
        cmd.redirs.push(pending);
        pending = null;
      } else cmd.words.push(tok.word);
      continue;
    }
    if (pending) throw new ScriptSyntaxError(`"${tok.kind === "op" ? tok.op : tok.mode === "<" ? "<" : ">"}" unexpected`);
    if (tok.kind === "redir") {
      const r: Redir = { fd: tok.fd, mode: tok.mode };
      if (tok.mode === "dup") cmd.redirs.push({ ...r, dup: tok.dup as number });
      else pending = r;
      continue;
    }
    if (empty()) {
      if (tok.op === ";" && commands.length === 0) continue;
      throw new ScriptSyntaxError(`"${tok.op}" unexpected`);
    }
    commands.push(cmd);
    cmd = { words: [], redirs: [] };
    if (tok.op === "|") continue;
    steps.push({ commands, join });
    commands = [];
    join = tok.op === ";" ? ";" : tok.op;
  }
  if (pending) throw new ScriptSyntaxError("newline unexpected");
  if (!empty()) commands.push(cmd);
  if (commands.length > 0) steps.push({ commands, join });
  else if (join !== ";" || (tokens.at(-1)?.kind === "op" && (tokens.at(-1) as { op: Op }).op === "|")) {
    throw new ScriptSyntaxError("end of file unexpected");
  }
  return steps;
}

export interface ScriptOptions {
  /** Runs a command that reads stdin (after `|` or `<`); without it stdin is ignored. */
  execWithInput?: (words: string[], stdin: string) => Output;
  /** The working directory's files, for `> FILE`, `>> FILE` and `< FILE`; without it they are refused. */
  files?: { read(path: string): string | null; write(path: string, text: string, append: boolean): void };
}

class Runner {
  stdout = "";
  stderr = "";
  status = 0;
  /** Exit status of the last `$(...)` of the command being expanded, if it had one. */
  substituted: number | null = null;
  constructor(
    readonly env: Map<string, string>,
    readonly exec: (words: string[]) => Output,
    readonly opts: ScriptOptions,
    readonly depth: number,
  ) {}

  value(name: string): string {
    if (name === "?") return String(this.status);
    if (name === "$") return "1";
    if (name === "#") return "0";
    return this.env.get(name) ?? "";
  }

  substitute(src: string): string {
    if (this.depth > 16) throw new ScriptSyntaxError("command substitution nested too deeply");
    const inner = new Runner(this.env, this.exec, this.opts, this.depth + 1);
    inner.run(src);
    this.stderr += inner.stderr;
    this.substituted = inner.status;
    return inner.stdout.replace(/\n+$/, "");
  }

  /** Expands one word into fields: unquoted expansions are split on whitespace, quoted ones are not. */
  expand(word: Word, split: boolean): string[] {
    const fields: string[] = [];
    let cur = "";
    let has = false;
    for (const p of word) {
      if (p.t === "lit") {
        cur += p.v;
        has = has || p.q || p.v !== "";
        continue;
      }
      const text = p.t === "var" ? this.value(p.name) : this.substitute(p.src);
      if (p.q || !split) {
        cur += text;
        has = has || p.q || text !== "";
        continue;
      }
      const pieces = text.split(/[ \t\n]+/);
      pieces.forEach((piece, i) => {
        if (i > 0) {
          if (has) fields.push(cur);
          cur = "";
          has = false;
        }
        cur += piece;
        has = has || piece !== "";
      });
    }
    if (has) fields.push(cur);
    return fields;
  }

  /**
   * Expands a simple command. Leading NAME=value words set shell variables when no command follows
   * (with a command they would only go to its environment, which the simulated programs never read).
   */
  argv(words: Word[]): string[] {
    let i = 0;
    const assigns: [string, string][] = [];
    for (; i < words.length; i++) {
      const word = words[i] as Word;
      const first = word[0];
      const m = first?.t === "lit" && !first.q ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.v) : null;
      if (!m || first?.t !== "lit") break;
      const rest: Word = [{ ...first, v: first.v.slice(m[0].length) }, ...word.slice(1)];
      assigns.push([m[1] as string, this.expand(rest, false).join("")]);
    }
    const argv = words.slice(i).flatMap((w) => this.expand(w, true));
    if (i === words.length) for (const [k, v] of assigns) this.env.set(k, v);
    return argv;
  }

  /** Runs one simple command; a line with nothing to run exits with its last substitution's status. */
  command(cmd: Command, stdin: string | null): Output {
    this.substituted = null;
    const argv = this.argv(cmd.words);
    const targets = cmd.redirs.map((r) => (r.target ? this.expand(r.target, false).join("") : ""));
    let input = stdin;
    cmd.redirs.forEach((r, i) => {
      if (r.mode !== "<") return;
      const path = targets[i] as string;
      const text = path === "/dev/null" ? "" : (this.opts.files?.read(path) ?? null);
      if (text === null) throw new RedirError(`sh: 1: cannot open ${path}: No such file\n`);
      input = text;
    });
    let out: Output;
    if (argv.length === 0) out = { stdout: "", stderr: "", exitCode: this.substituted ?? 0 };
    else out = input !== null && this.opts.execWithInput ? this.opts.execWithInput(argv, input) : this.exec(argv);
    return this.redirect(out, cmd.redirs, targets);
  }

  /** Sends a command's stdout and stderr where its redirections say, left to right as dash does. */
  redirect(out: Output, redirs: Redir[], targets: string[]): Output {
    if (!redirs.some((r) => r.mode !== "<")) return out;
    type Dest = { kind: "std"; fd: 1 | 2 } | { kind: "null" } | { kind: "file"; path: string };
    const dest = new Map<number, Dest>([
      [1, { kind: "std", fd: 1 }],
      [2, { kind: "std", fd: 2 }],
    ]);
    const writes = new Map<string, { text: string; append: boolean }>();
    redirs.forEach((r, i) => {
      if (r.mode === "<") return;
      if (r.mode === "dup") {
        const from = dest.get(r.dup as number);
        if (!from) throw new RedirError(`sh: 1: ${r.dup}: Bad file descriptor\n`);
        dest.set(r.fd, from);
        return;
      }
      const path = targets[i] as string;
      if (path === "/dev/null") dest.set(r.fd, { kind: "null" });
      else if (path === "/dev/stdout" || path === "/dev/stderr") dest.set(r.fd, { kind: "std", fd: path === "/dev/stdout" ? 1 : 2 });
      else {
        if (!this.opts.files) throw new RedirError(`sh: 1: cannot create ${path}: Read-only file system\n`);
        if (!writes.has(path)) writes.set(path, { text: "", append: r.mode === ">>" });
        dest.set(r.fd, { kind: "file", path });
      }
    });
    const result: Output = { stdout: "", stderr: "", exitCode: out.exitCode };
    const send = (fd: 1 | 2, text: string) => {
      const d = dest.get(fd) as Dest;
      if (d.kind === "std") result[d.fd === 1 ? "stdout" : "stderr"] += text;
      else if (d.kind === "file") (writes.get(d.path) as { text: string }).text += text;
    };
    send(1, out.stdout);
    send(2, out.stderr);
    for (const [path, w] of writes) this.opts.files?.write(path, w.text, w.append);
    return result;
  }

  step(step: Step): void {
    let out: Output = { stdout: "", stderr: "", exitCode: 0 };
    let stdin: string | null = null;
    let stderr = "";
    try {
      for (const [i, c] of step.commands.entries()) {
        out = this.command(c, stdin);
        stderr += out.stderr;
        if (i < step.commands.length - 1) stdin = out.stdout;
      }
    } catch (e) {
      if (!(e instanceof RedirError)) throw e;
      out = { stdout: "", stderr: e.message, exitCode: 2 };
      stderr += e.message;
    }
    this.stdout += out.stdout;
    this.stderr += stderr;
    this.status = out.exitCode;
  }

  run(src: string): void {
    const steps = parse(tokenize(src));
    for (const s of steps) {
      if (s.join === "&&" && this.status !== 0) continue;
      if (s.join === "||" && this.status === 0) continue;
      this.step(s);
    }
  }
}

/**
 * Parses and runs a command line; `exec` runs one simple command (already expanded into words).
 * Variables live in `env` across calls, as in an interactive shell. Never throws.
 * @example runScript('N=web; docker ps -q --filter name=$N && echo "found $N"', env, exec)
 */
export function runScript(line: string, env: Map<string, string>, exec: (words: string[]) => Output, opts: ScriptOptions = {}): Output {
  const r = new Runner(env, exec, opts, 0);
  r.status = Number(env.get("?") ?? 0) || 0;
  try {
    r.run(line);
  } catch (e) {
    if (!(e instanceof ScriptSyntaxError)) throw e;
    env.set("?", "2");
    return { stdout: r.stdout, stderr: `${r.stderr}sh: 1: Syntax error: ${e.message}\n`, exitCode: 2 };
  }
  env.set("?", String(r.status));
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status };
}
