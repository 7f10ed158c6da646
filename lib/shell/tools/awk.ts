/**
 * `awk` basics: BEGIN/END, /regex/ and expression patterns, fields ($0, $1, NF, NR), -F and -v,
 * print/printf, assignments (=, +=, ++), if/else, next, arrays with `for (k in a)`, length/substr/
 * toupper/tolower/index/split. Runs are bounded like the shell's.
 */
import { err, type Output } from "../context";
import { inputs, lines, printf, type TextTool } from "./coreutils";
import { posixRegex } from "./grep";

const BUSYBOX_USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: awk [OPTIONS] [AWK_PROGRAM] [FILE]...

\t-v VAR=VAL\tSet variable
\t-F SEP\t\tUse SEP as field separator
\t-f FILE\t\tRead program from FILE
\t-e AWK_PROGRAM
`;

type Tok = { t: "num"; v: number } | { t: "str"; v: string } | { t: "re"; v: string } | { t: "name"; v: string } | { t: "op"; v: string };
type Expr =
  | { k: "num"; v: number }
  | { k: "str"; v: string }
  | { k: "re"; v: RegExp }
  | { k: "var"; name: string; index?: Expr }
  | { k: "field"; e: Expr }
  | { k: "bin"; op: string; a: Expr; b: Expr }
  | { k: "un"; op: string; e: Expr }
  | { k: "assign"; op: string; target: Expr; e: Expr }
  | { k: "incr"; op: string; target: Expr; prefix: boolean }
  | { k: "call"; name: string; args: Expr[] }
  | { k: "in"; key: Expr; name: string }
  | { k: "cond"; c: Expr; a: Expr; b: Expr };
type Stmt =
  | { k: "print"; args: Expr[]; printf: boolean }
  | { k: "expr"; e: Expr }
  | { k: "if"; c: Expr; a: Stmt[]; b: Stmt[] }
  | { k: "for-in"; v: string; arr: string; body: Stmt[] }
  | { k: "next" };
interface Rule {
  pattern: "BEGIN" | "END" | Expr | null;
  body: Stmt[] | null;
}

class AwkError extends Error {}

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const prevValue = () => {
    const p = out[out.length - 1];
    return p && (p.t === "num" || p.t === "str" || p.t === "name" || (p.t === "op" && (p.v === ")" || p.v === "]")));
  };
  while (i < src.length) {
    const c = src[i] as string;
    if (c === " " || c === "\t") i++;
    else if (c === "\n" || c === ";") {
      out.push({ t: "op", v: ";" });
      i++;
    } else if (/\d/.test(c) || (c === "." && /\d/.test(src[i + 1] ?? ""))) {
      const m = /^\d*\.?\d+(e[+-]?\d+)?/i.exec(src.slice(i)) as RegExpExecArray;
      out.push({ t: "num", v: Number(m[0]) });
      i += m[0].length;
    } else if (c === '"') {
      let s = "";
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === "\\") {
          const e = src[++i] as string;
          s += ({ n: "\n", t: "\t", '"': '"', "\\": "\\", "/": "/" } as Record<string, string>)[e] ?? `\\${e}`;
        } else s += src[i];
        i++;
      }
      i++;
      out.push({ t: "str", v: s });
    } else if (c === "/" && !prevValue()) {
      let s = "";
      i++;
      while (i < src.length && src[i] !== "/") {
        if (src[i] === "\\" && src[i + 1] === "/") i++;
        s += src[i++];
      }
      i++;
      out.push({ t: "re", v: s });
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i)) as RegExpExecArray;
      out.push({ t: "name", v: m[0] });
      i += m[0].length;
    } else {
      const two = src.slice(i, i + 2);
      const op = ["==", "!=", "<=", ">=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", "%=", "!~"].includes(two) ? two : c;
      out.push({ t: "op", v: op });
      i += op.length;
    }
  }
  return out;
}

class Parser {
  i = 0;
  constructor(readonly toks: Tok[]) {}
  peek(v?: string): boolean {
    const t = this.toks[this.i];
    return v === undefined ? t !== undefined : t?.t === "op" && t.v === v;
  }
  eat(v: string): void {
    if (!this.peek(v)) throw new AwkError(`syntax error near ${JSON.stringify(this.toks[this.i]?.v ?? "end")}`);
    this.i++;
  }
  skip(): void {
    while (this.peek(";")) this.i++;
  }
  program(): Rule[] {
    const rules: Rule[] = [];
    this.skip();
    while (this.peek()) {
      const t = this.toks[this.i] as Tok;
      let pattern: Rule["pattern"] = null;
      if (t.t === "name" && (t.v === "BEGIN" || t.v === "END")) {
        pattern = t.v;
        this.i++;
      } else if (!this.peek("{")) pattern = this.expr();
      const body = this.peek("{") ? this.block() : null;
      rules.push({ pattern, body });
      this.skip();
    }
    return rules;
  }
  block(): Stmt[] {
    this.eat("{");
    const out: Stmt[] = [];
    this.skip();
    while (!this.peek("}")) {
      if (!this.peek()) throw new AwkError("unexpected end of program");
      out.push(this.stmt());
      this.skip();
    }
    this.eat("}");
    return out;
  }
  body(): Stmt[] {
    this.skip();
    return this.peek("{") ? this.block() : [this.stmt()];
  }
  stmt(): Stmt {
    const t = this.toks[this.i] as Tok;
    if (t.t === "name" && (t.v === "print" || t.v === "printf")) {
      this.i++;
      const args: Expr[] = [];
      const paren = this.peek("(");
      if (paren) this.i++;
      while (this.peek() && !this.peek(";") && !this.peek("}") && !this.peek(")")) {
        args.push(this.expr(true));
        if (this.peek(",")) this.i++;
      }
      if (paren) this.eat(")");
      return { k: "print", args, printf: t.v === "printf" };
    }
    if (t.t === "name" && t.v === "next") {
      this.i++;
      return { k: "next" };
    }
    if (t.t === "name" && t.v === "if") {
      this.i++;
      this.eat("(");
      const c = this.expr();
      this.eat(")");
      const a = this.body();
      this.skip();
      let b: Stmt[] = [];
      const e = this.toks[this.i];
      if (e?.t === "name" && e.v === "else") {
        this.i++;
        b = this.body();
      }
      return { k: "if", c, a, b };
    }
    if (t.t === "name" && t.v === "for") {
      this.i++;
      this.eat("(");
      const v = this.toks[this.i++] as Tok;
      const kw = this.toks[this.i++] as Tok;
      const arr = this.toks[this.i++] as Tok;
      if (kw.v !== "in") throw new AwkError("only for (k in array) loops are supported");
      this.eat(")");
      return { k: "for-in", v: String(v.v), arr: String(arr.v), body: this.body() };
    }
    return { k: "expr", e: this.expr() };
  }
  expr(noGt = false): Expr {
    return this.ternary(noGt);
  }
  ternary(noGt: boolean): Expr {
    const c = this.assign(noGt);
    if (!this.peek("?")) return c;
    this.i++;
    const a = this.assign(noGt);
    this.eat(":");
    return { k: "cond", c, a, b: this.assign(noGt) };
  }
  assign(noGt: boolean): Expr {
    const left = this.or(noGt);
    const t = this.toks[this.i];
    if (t?.t === "op" && ["=", "+=", "-=", "*=", "/=", "%="].includes(t.v) && (left.k === "var" || left.k === "field")) {
      this.i++;
      return { k: "assign", op: t.v, target: left, e: this.assign(noGt) };
    }
    return left;
  }
  binary(ops: string[], next: () => Expr): Expr {
    let a = next();
    for (let t = this.toks[this.i]; t?.t === "op" && ops.includes(t.v); t = this.toks[this.i]) {
      this.i++;
      a = { k: "bin", op: t.v, a, b: next() };
    }
    return a;
  }
  or(noGt: boolean): Expr {
    return this.binary(["||"], () => this.and(noGt));
  }
  and(noGt: boolean): Expr {
    return this.binary(["&&"], () => this.inExpr(noGt));
  }
  inExpr(noGt: boolean): Expr {
    const e = this.match(noGt);
    const t = this.toks[this.i];
    if (t?.t === "name" && t.v === "in") {
      this.i++;
      return { k: "in", key: e, name: String((this.toks[this.i++] as Tok).v) };
    }
    return e;
  }
  match(noGt: boolean): Expr {
    return this.binary(["~", "!~"], () => this.compare(noGt));
  }
  compare(noGt: boolean): Expr {
    return this.binary(noGt ? ["<", "<=", "==", "!=", ">="] : ["<", "<=", "==", "!=", ">", ">="], () => this.concat());
  }
  concat(): Expr {
    let a = this.additive();
    while (this.startsValue()) a = { k: "bin", op: "concat", a, b: this.additive() };
    return a;
  }
  startsValue(): boolean {
    const t = this.toks[this.i];
    if (!t) return false;
    if (t.t === "num" || t.t === "str") return true;
    if (t.t === "name") return !["in", "else"].includes(t.v);
    return t.t === "op" && (t.v === "$" || t.v === "(");
  }
  additive(): Expr {
    return this.binary(["+", "-"], () => this.mult());
  }
  mult(): Expr {
    return this.binary(["*", "/", "%"], () => this.unary());
  }
  unary(): Expr {
    const t = this.toks[this.i];
    if (t?.t === "op" && (t.v === "!" || t.v === "-" || t.v === "+")) {
      this.i++;
      return { k: "un", op: t.v, e: this.unary() };
    }
    if (t?.t === "op" && (t.v === "++" || t.v === "--")) {
      this.i++;
      return { k: "incr", op: t.v, target: this.primary(), prefix: true };
    }
    const e = this.primary();
    const n = this.toks[this.i];
    if (n?.t === "op" && (n.v === "++" || n.v === "--") && (e.k === "var" || e.k === "field")) {
      this.i++;
      return { k: "incr", op: n.v, target: e, prefix: false };
    }
    return e;
  }
  primary(): Expr {
    const t = this.toks[this.i++];
    if (!t) throw new AwkError("unexpected end of program");
    if (t.t === "num") return { k: "num", v: t.v };
    if (t.t === "str") return { k: "str", v: t.v };
    if (t.t === "re") return { k: "re", v: new RegExp(posixRegex(t.v, true)) };
    if (t.t === "op" && t.v === "$") return { k: "field", e: this.primary() };
    if (t.t === "op" && t.v === "(") {
      const e = this.expr();
      this.eat(")");
      return e;
    }
    if (t.t === "name") {
      if (this.peek("(")) {
        this.i++;
        const args: Expr[] = [];
        while (!this.peek(")")) {
          args.push(this.expr());
          if (this.peek(",")) this.i++;
        }
        this.eat(")");
        return { k: "call", name: t.v, args };
      }
      if (this.peek("[")) {
        this.i++;
        const index = this.expr();
        this.eat("]");
        return { k: "var", name: t.v, index };
      }
      return { k: "var", name: t.v };
    }
    throw new AwkError(`syntax error near ${JSON.stringify(t.v)}`);
  }
}

class NextRecord {}

const num = (v: string | number) => (typeof v === "number" ? v : Number.parseFloat(v) || 0);
const str = (v: string | number) => (typeof v === "number" ? (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)))) : v);
const looksNumeric = (v: string | number) => typeof v === "number" || /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(v);

class Machine {
  vars = new Map<string, string | number>();
  arrays = new Map<string, Map<string, string | number>>();
  fields: string[] = [];
  out = "";
  steps = 0;
  constructor(readonly fs: string) {}

  setRecord(line: string): void {
    const f =
      this.fs === " "
        ? line
            .trim()
            .split(/[ \t]+/)
            .filter(Boolean)
        : line.split(this.fs.length === 1 ? this.fs : new RegExp(this.fs));
    this.fields = [line, ...f];
    this.vars.set("NF", f.length);
  }
  get(e: Expr): string | number {
    if (e.k === "field") return this.fields[num(this.eval(e.e))] ?? "";
    if (e.k !== "var") return this.eval(e);
    if (e.index) return this.arrays.get(e.name)?.get(str(this.eval(e.index))) ?? "";
    return this.vars.get(e.name) ?? "";
  }
  set(e: Expr, v: string | number): void {
    if (e.k === "field") {
      const i = num(this.eval(e.e));
      this.fields[i] = str(v);
      if (i > 0) this.fields[0] = this.fields.slice(1).join(str(this.vars.get("OFS") ?? " "));
      return;
    }
    if (e.k !== "var") return;
    if (e.index) {
      const a = this.arrays.get(e.name) ?? new Map();
      a.set(str(this.eval(e.index)), v);
      this.arrays.set(e.name, a);
    } else this.vars.set(e.name, v);
  }
  eval(e: Expr): string | number {
    if (++this.steps > 200_000) throw new AwkError("program ran too long; stopped");
    switch (e.k) {
      case "num":
        return e.v;
      case "str":
        return e.v;
      case "re":
        return e.v.test(this.fields[0] ?? "") ? 1 : 0;
      case "var":
      case "field":
        return this.get(e);
      case "assign": {
        const v = this.eval(e.e);
        const cur = num(this.get(e.target));
        const r =
          e.op === "="
            ? v
            : e.op === "+="
              ? cur + num(v)
              : e.op === "-="
                ? cur - num(v)
                : e.op === "*="
                  ? cur * num(v)
                  : e.op === "/="
                    ? cur / num(v)
                    : cur % num(v);
        this.set(e.target, r);
        return r;
      }
      case "incr": {
        const cur = num(this.get(e.target));
        const next = e.op === "++" ? cur + 1 : cur - 1;
        this.set(e.target, next);
        return e.prefix ? next : cur;
      }
      case "un": {
        const v = this.eval(e.e);
        return e.op === "!" ? ((num(v) === 0 && str(v) === "0") || v === "" ? 1 : 0) : e.op === "-" ? -num(v) : num(v);
      }
      case "cond":
        return this.truthy(this.eval(e.c)) ? this.eval(e.a) : this.eval(e.b);
      case "in":
        return this.arrays.get(e.name)?.has(str(this.eval(e.key))) ? 1 : 0;
      case "call":
        return this.call(e.name, e.args);
      case "bin":
        return this.binary(e.op, e.a, e.b);
    }
  }
  truthy(v: string | number): boolean {
    return typeof v === "number" ? v !== 0 : v !== "" && !(looksNumeric(v) && num(v) === 0 && v.trim() === "0");
  }
  binary(op: string, a: Expr, b: Expr): string | number {
    if (op === "&&") return this.truthy(this.eval(a)) && this.truthy(this.eval(b)) ? 1 : 0;
    if (op === "||") return this.truthy(this.eval(a)) || this.truthy(this.eval(b)) ? 1 : 0;
    if (op === "~" || op === "!~") {
      const re = b.k === "re" ? b.v : new RegExp(posixRegex(str(this.eval(b)), true));
      return re.test(str(this.eval(a))) === (op === "~") ? 1 : 0;
    }
    const x = this.eval(a);
    const y = this.eval(b);
    if (op === "concat") return str(x) + str(y);
    if (["<", "<=", "==", "!=", ">", ">="].includes(op)) {
      const numeric = looksNumeric(x) && looksNumeric(y);
      const l = numeric ? num(x) : str(x);
      const r = numeric ? num(y) : str(y);
      const res = op === "<" ? l < r : op === "<=" ? l <= r : op === "==" ? l === r : op === "!=" ? l !== r : op === ">" ? l > r : l >= r;
      return res ? 1 : 0;
    }
    const l = num(x);
    const r = num(y);
    if ((op === "/" || op === "%") && r === 0) throw new AwkError("division by zero");
    return op === "+" ? l + r : op === "-" ? l - r : op === "*" ? l * r : op === "/" ? l / r : l % r;
  }
  call(name: string, args: Expr[]): string | number {
    const s = (i: number) => str(args[i] ? this.eval(args[i] as Expr) : (this.fields[0] ?? ""));
    switch (name) {
      case "length":
        return s(0).length;
      case "toupper":
        return s(0).toUpperCase();
      case "tolower":
        return s(0).toLowerCase();
      case "substr": {
        const from = Math.max(1, num(this.eval(args[1] as Expr)));
        const len = args[2] ? num(this.eval(args[2])) : Number.POSITIVE_INFINITY;
        return s(0).slice(from - 1, from - 1 + len);
      }
      case "index":
        return s(0).indexOf(s(1)) + 1;
      case "int":
        return Math.trunc(num(this.eval(args[0] as Expr)));
      case "split": {
        const parts = s(0).split(args[2] ? s(2) : /[ \t]+/);
        const target = args[1];
        if (target?.k === "var") this.arrays.set(target.name, new Map(parts.map((p, i) => [String(i + 1), p])));
        return parts.length;
      }
      default:
        throw new AwkError(`function ${name} never defined`);
    }
  }
  exec(stmts: Stmt[]): void {
    for (const s of stmts) {
      if (s.k === "next") throw new NextRecord();
      if (s.k === "expr") this.eval(s.e);
      else if (s.k === "if") this.exec(this.truthy(this.eval(s.c)) ? s.a : s.b);
      else if (s.k === "for-in") {
        for (const key of [...(this.arrays.get(s.arr)?.keys() ?? [])]) {
          this.vars.set(s.v, key);
          this.exec(s.body);
        }
      } else if (s.printf) {
        const [fmt, ...rest] = s.args.map((a) => str(this.eval(a)));
        this.out += printf([fmt ?? "", ...rest], "", { read: () => ({ error: "" }), bb: true }).stdout;
      } else {
        const parts = s.args.length ? s.args.map((a) => str(this.eval(a))) : [this.fields[0] ?? ""];
        this.out += `${parts.join(str(this.vars.get("OFS") ?? " "))}\n`;
      }
      if (this.out.length > 1024 * 1024) throw new AwkError("output too large; stopped");
    }
  }
}

/**
 * @example awk(["-F:", "{print $1}"], "root:x:0\n", io).stdout // "root\n"
 */
export const awk: TextTool = (args, stdin, io): Output => {
  let fs = " ";
  const assigns: [string, string][] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "-F") fs = args[++i] ?? " ";
    else if (a.startsWith("-F")) fs = a.slice(2);
    else if (a === "-v") {
      const [k, ...v] = (args[++i] ?? "").split("=");
      assigns.push([k ?? "", v.join("=")]);
    } else rest.push(a);
  }
  const [src, ...files] = rest;
  if (src === undefined) return err(io.bb ? BUSYBOX_USAGE : "usage: awk [POSIX or GNU style options] 'program' file ...\n", 1);
  const m = new Machine(fs === "\\t" ? "\t" : fs);
  for (const [k, v] of assigns) m.vars.set(k, v);
  try {
    const rules = new Parser(tokenize(src)).program();
    const run = (when: "BEGIN" | "END") => {
      for (const r of rules) if (r.pattern === when) m.exec(r.body ?? []);
    };
    run("BEGIN");
    const r = inputs("awk", files, stdin, io);
    let nr = 0;
    for (const line of rules.some((x) => x.pattern !== "BEGIN") ? lines(r.text) : []) {
      m.vars.set("NR", ++nr);
      m.setRecord(line);
      try {
        for (const rule of rules) {
          if (rule.pattern === "BEGIN" || rule.pattern === "END") continue;
          if (rule.pattern && !m.truthy(m.eval(rule.pattern))) continue;
          m.exec(rule.body ?? [{ k: "print", args: [], printf: false }]);
        }
      } catch (e) {
        if (!(e instanceof NextRecord)) throw e;
      }
    }
    run("END");
    return { stdout: m.out, stderr: r.stderr, exitCode: r.stderr ? 2 : 0 };
  } catch (e) {
    if (!(e instanceof AwkError)) throw e;
    return { stdout: m.out, stderr: `awk: cmd. line:1: ${e.message}\n`, exitCode: 2 };
  }
};
