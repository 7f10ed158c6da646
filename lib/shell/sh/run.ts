/**
 * Runs parsed scripts: lists, pipelines, compound commands, functions, redirections and the shell's
 * builtins. Every run is bounded (commands, output, function depth) and stops with a clear error.
 */
import { type Chunk, chunksOf, err, joined, type Output, written } from "../context";
import { arith, type Expander, Expansion } from "./expand";
import { type Node, parseScript, type Redir, ScriptSyntaxError } from "./parse";
import { type TestShell, testCommand } from "./test";

/** Which shell is speaking: its name and whose error wording it uses. */
export interface Dialect {
  name: "sh" | "bash";
  /** BusyBox ash (alpine, busybox); otherwise dash (`sh`) or bash. */
  ash: boolean;
}

/** What the shell can reach: programs and files. Paths are as written; `cwd` resolves relative ones. */
export interface ShellHost {
  /** Runs a program; null when there is no such program. `tty`: its stdout is the terminal. */
  run(argv: string[], stdin: string, cwd: string, tty: boolean): Output | null;
  read?(path: string, cwd: string): string | { error: string };
  write?(path: string, text: string, append: boolean, cwd: string): { error: string } | null;
  isDir?(path: string, cwd: string): boolean;
  list?(dir: string, cwd: string): string[] | null;
  /** A path's type and mode, following symbolic links unless `nofollow`. */
  stat?(path: string, cwd: string, nofollow?: boolean): { t: "f" | "d" | "l"; mode: number; size: number } | null;
}

/** Bounds every run shares: a script that passes one stops with an error naming it. */
const LIMITS = { commands: 20_000, outputBytes: 1024 * 1024, functionDepth: 200, substitutionDepth: 16 };

/** Signals that unwind the whole script carry what it printed so far, gathered on the way up. */
class Unwind {
  out: Chunk[] = [];
}
class LimitError extends Unwind {
  constructor(readonly message: string) {
    super();
  }
}
class ExitSignal extends Unwind {
  constructor(readonly code: number) {
    super();
  }
}
class LoopSignal extends Unwind {
  constructor(
    readonly kind: "break" | "continue",
    public levels: number,
  ) {
    super();
  }
}
class ReturnSignal extends Unwind {
  constructor(readonly code: number) {
    super();
  }
}
class ExpansionError extends Error {}

const empty = (exitCode = 0): Output => ({ stdout: "", stderr: "", exitCode });

/** What a list or compound command has written so far, in order, and its exit code. */
class Acc {
  chunks: Chunk[] = [];
  constructor(public exitCode = 0) {}
  output(): Output {
    return written(this.chunks, this.exitCode);
  }
}

/** A command's standard input: one stream that `read` takes line by line and programs take whole. */
class Input {
  constructor(
    readonly text: string,
    private pos = 0,
  ) {}
  /** Everything not read yet. */
  rest(): string {
    return this.text.slice(this.pos);
  }
  /** The next line without its newline, or null at the end. */
  line(): string | null {
    if (this.pos >= this.text.length) return null;
    const end = this.text.indexOf("\n", this.pos);
    const line = this.text.slice(this.pos, end < 0 ? this.text.length : end);
    this.pos = end < 0 ? this.text.length : end + 1;
    return line;
  }
}

export interface ShellState {
  vars: Map<string, string>;
  cwd: string;
  positional: string[];
  functions: Map<string, Node>;
  /** `set -e` */
  errexit: boolean;
  /** `$0`: the script's name, or the shell's. */
  arg0?: string;
}

export function newState(vars: Map<string, string>, cwd = "/"): ShellState {
  return { vars, cwd, positional: [], functions: new Map(), errexit: false };
}

export class Runner implements Expander {
  private commands = 0;
  private outBytes = 0;
  private fnDepth = 0;
  status = 0;
  /** Whether the command running now writes its stdout to a terminal (a redirection or pipe clears it). */
  tty = false;
  private readonly ex = new Expansion(this);
  constructor(
    public state: ShellState,
    readonly host: ShellHost,
    readonly dialect: Dialect,
    readonly depth = 0,
  ) {}

  /** `sh: ` for ash, `sh: 1: ` for dash, `bash: line 1: ` for bash. */
  prefix(): string {
    if (this.dialect.name === "bash") return "bash: line 1: ";
    return this.dialect.ash ? "sh: " : "sh: 1: ";
  }

  param(name: string): string | undefined {
    if (name === "?") return String(this.status);
    if (name === "$") return "1";
    if (name === "!") return "";
    if (name === "#") return String(this.state.positional.length);
    if (name === "0") return this.state.arg0 ?? this.dialect.name;
    if (/^[1-9]$/.test(name)) return this.state.positional[Number(name) - 1];
    if (name === "PWD") return this.state.vars.get("PWD") ?? this.state.cwd;
    return this.state.vars.get(name);
  }
  setVar(name: string, value: string): void {
    this.state.vars.set(name, value);
  }
  positional(): string[] {
    return this.state.positional;
  }
  error(message: string): never {
    throw new ExpansionError(`${this.prefix()}${message}\n`);
  }
  list(dir: string): string[] | null {
    return this.host.list?.(dir, this.state.cwd) ?? null;
  }

  substitute(src: string): string {
    if (this.depth >= LIMITS.substitutionDepth) throw new LimitError("command substitution nested too deeply");
    const child = new Runner(
      { ...this.state, vars: new Map(this.state.vars), functions: new Map(this.state.functions) },
      this.host,
      this.dialect,
      this.depth + 1,
    );
    child.commands = this.commands;
    child.status = this.status;
    const out = child.script(src);
    this.commands = child.commands;
    this.substStderr += out.stderr;
    this.substituted = out.exitCode;
    return out.stdout.replace(/\n+$/, "");
  }
  private substStderr = "";
  private substituted: number | null = null;

  /** Parses and runs a script; syntax errors are the dialect's. */
  script(src: string, stdin = ""): Output {
    try {
      const tree = parseScript(src);
      return this.guard(() => this.node(tree, new Input(stdin)));
    } catch (e) {
      if (!(e instanceof ScriptSyntaxError)) throw e;
      const text = this.dialect.ash
        ? `sh: syntax error: ${e.ash}\n`
        : `${this.dialect.name === "bash" ? "bash: -c: line 1: syntax error: " : "sh: 1: Syntax error: "}${e.message}\n`;
      return { stdout: "", stderr: text, exitCode: 2 };
    }
  }

  /** Runs `f`, turning `exit` and the bounds into the shell's output. */
  private guard(f: () => Output): Output {
    try {
      return f();
    } catch (e) {
      if (e instanceof ExitSignal) return written(e.out, e.code);
      if (e instanceof LimitError) return written([...e.out, { stream: "stderr", text: `${this.prefix()}${e.message}\n` }], 2);
      if (e instanceof ReturnSignal || e instanceof LoopSignal) return written(e.out, e instanceof ReturnSignal ? e.code : this.status);
      throw e;
    }
  }

  private emit(out: Output, acc: Acc): void {
    for (const c of chunksOf(out)) acc.chunks.push(c);
    acc.exitCode = out.exitCode;
    this.outBytes += out.stdout.length + out.stderr.length;
    if (this.outBytes > LIMITS.outputBytes) {
      const e = new LimitError(`output too large (more than ${LIMITS.outputBytes} bytes); stopped`);
      e.out = [...acc.chunks];
      throw e;
    }
  }

  /** Runs `f`; a script-ending signal passing through takes `acc`'s output with it. */
  private collect<T>(acc: Acc, f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof Unwind) e.out = [...acc.chunks, ...e.out];
      throw e;
    }
  }

  node(n: Node, stdin: Input): Output {
    switch (n.k) {
      case "list": {
        const acc = new Acc(this.status);
        for (const item of n.items) {
          const out = this.collect(acc, () => this.node(item, stdin));
          this.emit(out, acc);
          this.status = out.exitCode;
          if (this.state.errexit && out.exitCode !== 0 && item.k !== "andor") throw new ExitSignal(out.exitCode);
        }
        return acc.output();
      }
      case "andor": {
        const acc = new Acc();
        let out = this.node(n.first, stdin);
        this.emit(out, acc);
        this.status = out.exitCode;
        for (const [op, next] of n.rest) {
          if ((op === "&&") !== (this.status === 0)) continue;
          out = this.collect(acc, () => this.node(next, stdin));
          this.emit(out, acc);
          this.status = out.exitCode;
        }
        acc.exitCode = this.status;
        return acc.output();
      }
      case "pipe":
        return this.pipeline(n, stdin);
      case "func":
        this.state.functions.set(n.name, n.body);
        return empty();
      default:
        return this.redirected(n, stdin);
    }
  }

  private pipeline(n: Extract<Node, { k: "pipe" }>, stdin: Input): Output {
    let input = stdin;
    // The stages run together: what the ones before the last write to stderr shows first (they run
    // first here), then the last one's output as it wrote it.
    const errors: Chunk[] = [];
    let out = empty();
    for (const [i, c] of n.cmds.entries()) {
      // Every command of a pipeline runs in a subshell: its variables do not come back.
      const saved = this.state;
      const tty = this.tty;
      if (n.cmds.length > 1) this.state = { ...saved, vars: new Map(saved.vars) };
      // Only the last command of a pipeline writes where the pipeline does; the others write into a pipe.
      if (i < n.cmds.length - 1) this.tty = false;
      try {
        out = this.node(c, input);
      } catch (e) {
        if (!(e instanceof ExitSignal) || n.cmds.length === 1) throw e;
        out = empty(e.code);
      } finally {
        this.state = saved;
        this.tty = tty;
      }
      if (i < n.cmds.length - 1) {
        errors.push({ stream: "stderr", text: out.stderr });
        input = new Input(out.stdout);
      }
    }
    const code = n.bang ? Number(out.exitCode === 0) : out.exitCode;
    return written([...errors, ...chunksOf(out)], code);
  }

  /** A command with its redirections applied, left to right as the shells do. */
  private redirected(n: Exclude<Node, { k: "list" | "andor" | "pipe" | "func" }>, stdin: Input): Output {
    const redirs = n.redirs;
    let input = stdin;
    const dest = new Map<number, { kind: "std"; fd: 1 | 2 } | { kind: "null" } | { kind: "file"; path: string; append: boolean }>([
      [1, { kind: "std", fd: 1 }],
      [2, { kind: "std", fd: 2 }],
    ]);
    try {
      for (const r of redirs) input = this.setupRedir(r, dest, input);
    } catch (e) {
      if (e instanceof ExpansionError) return { stdout: "", stderr: e.message, exitCode: this.dialect.ash ? 1 : 2 };
      throw e;
    }
    const tty = this.tty;
    if (dest.get(1)?.kind !== "std") this.tty = false;
    let out: Output;
    try {
      out = n.k === "simple" ? this.simple(n, input) : this.compound(n, input);
    } finally {
      this.tty = tty;
    }
    if (redirs.length === 0) return out;
    const result: Chunk[] = [];
    const files = new Map<string, { text: string; append: boolean }>();
    // Each chunk goes where its stream points, in the order the command wrote them (`2>&1`: one stream).
    for (const c of chunksOf(out)) {
      const d = dest.get(c.stream === "stdout" ? 1 : 2);
      if (!d || d.kind === "null") continue;
      if (d.kind === "std") result.push({ stream: d.fd === 1 ? "stdout" : "stderr", text: c.text });
      else {
        const f = files.get(d.path) ?? { text: "", append: d.append };
        f.text += c.text;
        files.set(d.path, f);
      }
    }
    for (const [path, f] of files) {
      const failed = this.host.write?.(path, f.text, f.append, this.state.cwd);
      if (failed) result.push({ stream: "stderr", text: `${this.dialect.ash ? "sh" : this.prefix().slice(0, -2)}: write error: ${failed.error}\n` });
    }
    return written(result, out.exitCode);
  }

  private setupRedir(r: Redir, dest: Map<number, unknown>, input: Input): Input {
    if (r.mode === "dup" || r.mode === "<dup") {
      if (r.dup === -1) dest.set(r.fd, { kind: "null" });
      else {
        const from = dest.get(r.dup as number);
        if (!from) this.error(`${r.dup}: Bad file descriptor`);
        dest.set(r.fd, from);
      }
      return input;
    }
    const target = this.ex.string(r.target ?? []);
    if (r.mode === "here") return new Input(target);
    if (r.mode === "<") {
      if (target === "/dev/null") return new Input("");
      const text = this.host.read?.(target, this.state.cwd) ?? { error: "No such file or directory" };
      if (typeof text !== "string") this.error(this.dialect.ash ? `can't open ${target}: no such file` : `cannot open ${target}: No such file`);
      return new Input(text as string);
    }
    if (target === "/dev/null") dest.set(r.fd, { kind: "null" });
    else if (target === "/dev/stdout" || target === "/dev/stderr") dest.set(r.fd, { kind: "std", fd: target === "/dev/stdout" ? 1 : 2 });
    else {
      if (!this.host.write) this.error(this.dialect.ash ? `can't create ${target}: Read-only file system` : `cannot create ${target}: Read-only file system`);
      // Open (and truncate) now, as the shell does before the command runs.
      const failed = this.host.write?.(target, "", r.mode === ">>", this.state.cwd);
      if (failed) {
        const missingDir = failed.error === "No such file or directory" || failed.error === "Not a directory";
        const why = missingDir ? (this.dialect.ash ? "nonexistent directory" : "Directory nonexistent") : failed.error;
        this.error(this.dialect.ash ? `can't create ${target}: ${why}` : `cannot create ${target}: ${why}`);
      }
      dest.set(r.fd, { kind: "file", path: target, append: true });
    }
    return input;
  }

  private compound(n: Exclude<Node, { k: "list" | "andor" | "pipe" | "func" | "simple" }>, stdin: Input): Output {
    const acc = new Acc();
    const run = (body: Node) => {
      const out = this.node(body, stdin);
      this.emit(out, acc);
      this.status = out.exitCode;
      return out.exitCode;
    };
    /** Runs a loop body; true when `break` ended the loop. */
    const iteration = (body: Node): boolean => {
      try {
        run(body);
        return false;
      } catch (e) {
        if (!(e instanceof LoopSignal)) throw e;
        this.emit(written(e.out, this.status), acc);
        if (e.levels > 1) {
          e.levels--;
          e.out = [];
          throw e;
        }
        return e.kind === "break";
      }
    };
    this.collect(acc, () => {
      switch (n.k) {
        case "group": {
          if (!n.subshell) {
            acc.exitCode = run(n.body);
            break;
          }
          const saved = this.state;
          this.state = { ...saved, vars: new Map(saved.vars), functions: new Map(saved.functions) };
          try {
            acc.exitCode = run(n.body);
          } catch (e) {
            if (!(e instanceof ExitSignal)) throw e;
            this.emit(written(e.out, e.code), acc);
          } finally {
            this.state = saved;
          }
          break;
        }
        case "if": {
          const hit = n.clauses.find(([cond]) => run(cond) === 0);
          acc.exitCode = hit ? run(hit[1]) : n.else ? run(n.else) : 0;
          break;
        }
        case "while": {
          let last = 0;
          while (true) {
            this.tick();
            if ((run(n.cond) === 0) === n.until) break;
            const stop = iteration(n.body);
            last = this.status;
            if (stop) break;
          }
          acc.exitCode = last;
          break;
        }
        case "for": {
          const items = n.items ? n.items.flatMap((w) => this.ex.fields(w)) : [...this.state.positional];
          let last = 0;
          for (const item of items) {
            this.tick();
            this.setVar(n.name, item);
            const stop = iteration(n.body);
            last = this.status;
            if (stop) break;
          }
          acc.exitCode = last;
          break;
        }
        case "case": {
          const value = this.ex.string(n.word);
          const arm = n.arms.find((a) => a.pats.some((p) => this.ex.matches(value, p)));
          acc.exitCode = arm?.body ? run(arm.body) : 0;
          break;
        }
      }
    });
    this.status = acc.exitCode;
    return acc.output();
  }

  private tick(): void {
    if (++this.commands > LIMITS.commands) throw new LimitError(`too many commands (more than ${LIMITS.commands}); stopped`);
  }

  private simple(n: Extract<Node, { k: "simple" }>, stdin: Input): Output {
    this.tick();
    this.substituted = null;
    this.substStderr = "";
    let argv: string[];
    const assigns: [string, string][] = [];
    try {
      let i = 0;
      for (; i < n.words.length; i++) {
        const w = n.words[i] as (typeof n.words)[number];
        const first = w[0];
        const m = first?.t === "lit" && !first.q ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.v) : null;
        if (!m || first?.t !== "lit") break;
        assigns.push([m[1] as string, this.ex.string([{ ...first, v: first.v.slice(m[0].length) }, ...w.slice(1)])]);
      }
      argv = n.words.slice(i).flatMap((w) => this.ex.fields(w));
    } catch (e) {
      if (!(e instanceof ExpansionError)) throw e;
      // A failed expansion ends a non-interactive shell, with status 2.
      const stop = new ExitSignal(2);
      stop.out = [{ stream: "stderr", text: this.substStderr + e.message }];
      throw stop;
    }
    const pre = this.substStderr;
    if (argv.length === 0) {
      for (const [k, v] of assigns) this.setVar(k, v);
      return { stdout: "", stderr: pre, exitCode: this.substituted ?? 0 };
    }
    const out = this.command(argv, stdin);
    return pre ? joined([err(pre), out]) : out;
  }

  /** Runs a function, builtin or program. */
  command(argv: string[], stdin: Input): Output {
    const [name, ...args] = argv as [string, ...string[]];
    const fn = this.state.functions.get(name);
    if (fn) return this.callFunction(fn, args, stdin);
    const builtin = BUILTINS[name];
    if (builtin) return builtin(this, args, stdin);
    // Programs see what is left of stdin without using it up: most (echo, ls) never read it.
    const out = this.host.run(argv, stdin.rest(), this.state.cwd, this.tty);
    if (out) return out;
    if (this.dialect.name === "bash") return { stdout: "", stderr: `bash: line 1: ${name}: command not found\n`, exitCode: 127 };
    return { stdout: "", stderr: `${this.prefix()}${name}: not found\n`, exitCode: 127 };
  }

  private callFunction(body: Node, args: string[], stdin: Input): Output {
    if (++this.fnDepth > LIMITS.functionDepth) throw new LimitError(`functions nested too deeply (more than ${LIMITS.functionDepth} calls); stopped`);
    const saved = this.state.positional;
    this.state.positional = args;
    try {
      return this.node(body, stdin);
    } catch (e) {
      if (e instanceof ReturnSignal) return written(e.out, e.code);
      throw e;
    } finally {
      this.state.positional = saved;
      this.fnDepth--;
    }
  }

  /** Runs `src` in this shell (`eval`, `.`). */
  evaluate(src: string, stdin: Input): Output {
    return this.node(parseScript(src), stdin);
  }

  exit(code: number): never {
    throw new ExitSignal(code);
  }
  loop(kind: "break" | "continue", levels: number): never {
    throw new LoopSignal(kind, levels);
  }
  ret(code: number): never {
    throw new ReturnSignal(code);
  }
  arith(src: string): number {
    return arith(src, this);
  }
}

type Builtin = (sh: Runner, args: string[], stdin: Input) => Output;

const testShell = (sh: Runner): TestShell => ({ prefix: () => sh.prefix(), stat: (p, nofollow) => sh.host.stat?.(p, sh.state.cwd, nofollow) ?? null });

const cd: Builtin = (sh, args) => {
  const target = args[0] === undefined ? (sh.state.vars.get("HOME") ?? "/") : args[0] === "-" ? (sh.state.vars.get("OLDPWD") ?? sh.state.cwd) : args[0];
  const isDir = sh.host.isDir?.(target, sh.state.cwd) ?? false;
  if (!isDir) {
    const exists = sh.host.stat?.(target, sh.state.cwd);
    const why = exists ? "Not a directory" : "No such file or directory";
    if (sh.dialect.name === "bash") return { stdout: "", stderr: `bash: line 1: cd: ${target}: ${why}\n`, exitCode: 1 };
    if (sh.dialect.ash) return { stdout: "", stderr: `sh: cd: line 0: can't cd to ${target}: ${why}\n`, exitCode: 2 };
    return { stdout: "", stderr: `sh: 1: cd: can't cd to ${target}\n`, exitCode: 2 };
  }
  const parts: string[] = [];
  for (const p of (target.startsWith("/") ? target : `${sh.state.cwd}/${target}`).split("/")) {
    if (p === "" || p === ".") continue;
    if (p === "..") parts.pop();
    else parts.push(p);
  }
  sh.state.vars.set("OLDPWD", sh.state.cwd);
  sh.state.cwd = `/${parts.join("/")}`;
  sh.state.vars.set("PWD", sh.state.cwd);
  return empty();
};

const setBuiltin: Builtin = (sh, args) => {
  if (args.length === 0) {
    const lines = [...sh.state.vars.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}='${v.replace(/'/g, "'\\''")}'`);
    return { stdout: lines.length ? `${lines.join("\n")}\n` : "", stderr: "", exitCode: 0 };
  }
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "--") {
      i++;
      break;
    }
    if (!/^[-+][a-z]+$/.test(a)) break;
    if (a.includes("e")) sh.state.errexit = a.startsWith("-");
  }
  if (i < args.length || args.includes("--")) sh.state.positional = args.slice(i);
  return empty();
};

const BUILTINS: Record<string, Builtin> = {
  ":": () => empty(),
  true: () => empty(),
  false: () => empty(1),
  cd,
  pwd: (sh) => ({ stdout: `${sh.state.cwd}\n`, stderr: "", exitCode: 0 }),
  set: setBuiltin,
  export: (sh, args) => {
    for (const a of args) {
      const eq = a.indexOf("=");
      if (eq > 0) sh.state.vars.set(a.slice(0, eq), a.slice(eq + 1));
    }
    return empty();
  },
  local: (sh, args) => BUILTINS.export?.(sh, args, new Input("")) ?? empty(),
  readonly: (sh, args) => BUILTINS.export?.(sh, args, new Input("")) ?? empty(),
  unset: (sh, args) => {
    for (const a of args.filter((x) => !x.startsWith("-"))) {
      sh.state.vars.delete(a);
      sh.state.functions.delete(a);
    }
    return empty();
  },
  exit: (sh, args) => sh.exit(args[0] === undefined ? sh.status : Number.parseInt(args[0], 10) & 255),
  return: (sh, args) => sh.ret(args[0] === undefined ? sh.status : Number.parseInt(args[0], 10) & 255),
  break: (sh, args) => sh.loop("break", Number(args[0] ?? 1) || 1),
  continue: (sh, args) => sh.loop("continue", Number(args[0] ?? 1) || 1),
  shift: (sh, args) => {
    const n = Number(args[0] ?? 1);
    if (n > sh.state.positional.length) return { stdout: "", stderr: `${sh.prefix()}shift: can't shift that many\n`, exitCode: 2 };
    sh.state.positional = sh.state.positional.slice(n);
    return empty();
  },
  read: (sh, args, stdin) => {
    const names = args.filter((a) => !a.startsWith("-"));
    const line = stdin.line();
    if (line === null) return empty(1);
    const fields = line.trim().split(/[ \t]+/);
    names.forEach((n, i) => {
      sh.setVar(n, i === names.length - 1 ? fields.slice(i).join(" ") : (fields[i] ?? ""));
    });
    if (names.length === 0) sh.setVar("REPLY", line);
    return empty();
  },
  test: (sh, args) => testCommand(testShell(sh), args, false),
  "[": (sh, args) => testCommand(testShell(sh), args, true),
  eval: (sh, args, stdin) => sh.evaluate(args.join(" "), stdin),
  wait: () => empty(),
  trap: () => empty(),
  umask: () => ({ stdout: "0022\n", stderr: "", exitCode: 0 }),
  command: (sh, args, stdin) => {
    if (args[0] === "-v") {
      const name = args[1] ?? "";
      if (BUILTINS[name] || sh.state.functions.has(name)) return { stdout: `${name}\n`, stderr: "", exitCode: 0 };
      return sh.host.run(["which", name], "", sh.state.cwd, false) ?? empty(1);
    }
    return args.length ? sh.command(args, stdin) : empty();
  },
  exec: (sh, args, stdin) => (args.length ? sh.exit(sh.command(args, stdin).exitCode) : empty()),
};
