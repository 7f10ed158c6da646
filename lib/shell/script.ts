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
type Token = { kind: "word"; word: Word } | { kind: "op"; op: Op };

class ScriptSyntaxError extends Error {}

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

/** A pipeline of simple commands, joined to the next by `;`, `&&` or `||`. */
interface Step {
  commands: Word[][];
  /** How this step is joined to the one before it. */
  join: ";" | "&&" | "||";
}

function parse(tokens: Token[]): Step[] {
  const steps: Step[] = [];
  let commands: Word[][] = [];
  let words: Word[] = [];
  let join: Step["join"] = ";";
  for (const tok of tokens) {
    if (tok.kind === "word") {
      words.push(tok.word);
      continue;
    }
    if (words.length === 0) {
      if (tok.op === ";" && commands.length === 0) continue;
      throw new ScriptSyntaxError(`"${tok.op}" unexpected`);
    }
    commands.push(words);
    words = [];
    if (tok.op === "|") continue;
    steps.push({ commands, join });
    commands = [];
    join = tok.op === ";" ? ";" : tok.op;
  }
  if (words.length > 0) commands.push(words);
  if (commands.length > 0) steps.push({ commands, join });
  else if (join !== ";" || (tokens.at(-1)?.kind === "op" && (tokens.at(-1) as { op: Op }).op === "|")) {
    throw new ScriptSyntaxError("end of file unexpected");
  }
  return steps;
}

export interface ScriptOptions {
  /** Runs `a | b | c`; without it a pipe is refused. */
  pipeline?: (commands: string[][]) => Output;
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
  command(words: Word[]): Output {
    this.substituted = null;
    const argv = this.argv(words);
    if (argv.length === 0) return { stdout: "", stderr: "", exitCode: this.substituted ?? 0 };
    return this.exec(argv);
  }

  step(step: Step): void {
    let out: Output;
    if (step.commands.length === 1) out = this.command(step.commands[0] as Word[]);
    else {
      if (!this.opts.pipeline) {
        out = { stdout: "", stderr: "sh: 1: pipes are not supported here\n", exitCode: 2 };
      } else {
        const argvs = step.commands.map((c) => this.argv(c));
        out = this.opts.pipeline(argvs);
      }
    }
    this.stdout += out.stdout;
    this.stderr += out.stderr;
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
