/**
 * The subset of Go's text/template that people pass to `docker ... --format`, with the docker CLI's
 * extra functions (json, join, split, lower, upper, title, pad, truncate) and Go's way of printing
 * values: maps as `map[k:v]` with sorted keys, structs as `{a b}`, pointers inside containers as an
 * address, nil as `<no value>` / `<nil>` / `[]` / `map[]` depending on its Go type.
 *
 * Data is plain JS: objects are Go maps unless marked with `goStruct` (or `goPtr` for a pointer to a
 * struct); `goNil(kind)` is a typed nil.
 */

// ------------------------------------------------------------------------------------------------ Go values

const STRUCTS = new WeakSet<object>();
const POINTERS = new WeakSet<object>();

/** Marks an object as a Go struct: fields keep their order in JSON and print as `{v1 v2}`. */
export function goStruct<T extends object>(o: T): T {
  STRUCTS.add(o);
  return o;
}

/** Marks an object as a pointer to a Go struct (prints as an address when nested in a map or slice). */
export function goPtr<T extends object>(o: T): T {
  STRUCTS.add(o);
  POINTERS.add(o);
  return o;
}

export type NilKind = "slice" | "map" | "ptr" | "iface";

/** A typed Go nil: JSON `null`, printed as `[]`, `map[]`, `<nil>` or `<no value>`. */
export class GoNil {
  constructor(readonly kind: NilKind) {}
  toJSON(): null {
    return null;
  }
}

export const goNil = (kind: NilKind): GoNil => new GoNil(kind);

/** A value with its own JSON encoding (Go's json.Marshaler), e.g. the rows of `docker ps --format '{{json .}}'`. */
export const MARSHAL: unique symbol = Symbol("marshal");
export interface Marshaler {
  [MARSHAL](): string;
}
const isMarshaler = (v: unknown): v is Marshaler => typeof v === "object" && v !== null && MARSHAL in v;

const isStruct = (v: unknown): boolean => typeof v === "object" && v !== null && STRUCTS.has(v);
const isPtr = (v: unknown): boolean => typeof v === "object" && v !== null && POINTERS.has(v);
const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof GoNil) && !STRUCTS.has(v);

/** Go's `%v` of a float64 (numbers decoded from JSON): shortest digits, exponent form from 1e6 or below 1e-4. */
function goFloat(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? "+Inf" : n < 0 ? "-Inf" : "NaN";
  if (n === 0) return "0";
  const exp = Math.floor(Math.log10(Math.abs(n)));
  return exp < -4 || exp >= 6 ? expForm(n) : String(n);
}

function expForm(n: number): string {
  const [m, e] = n.toExponential().split("e") as [string, string];
  const sign = e.startsWith("-") ? "-" : "+";
  const abs = e.replace(/^[+-]/, "");
  return `${m}e${sign}${abs.padStart(2, "0")}`;
}

/** Whether numbers are Go ints (typed data) or float64 (data decoded from JSON). */
interface PrintMode {
  floats: boolean;
}

/** fmt's %v of a value nested inside another (pointers print as addresses). */
function fmtNested(v: unknown, mode: PrintMode): string {
  if (isPtr(v)) return "0xc000000000";
  return fmtValue(v, mode);
}

function fmtValue(v: unknown, mode: PrintMode): string {
  if (v === undefined) return "<no value>";
  if (v === null) return "<nil>";
  if (v instanceof GoNil) return v.kind === "slice" ? "[]" : v.kind === "map" ? "map[]" : v.kind === "ptr" ? "<nil>" : "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "number") return mode.floats ? goFloat(v) : Number.isInteger(v) ? String(v) : goFloat(v);
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => fmtNested(x, mode)).join(" ")}]`;
  if (isStruct(v)) {
    return `{${Object.values(v as object)
      .map((x) => fmtNested(x, mode))
      .join(" ")}}`;
  }
  if (isMap(v)) {
    const keys = Object.keys(v).sort(byteOrder);
    return `map[${keys.map((k) => `${k}:${fmtNested(v[k], mode)}`).join(" ")}]`;
  }
  return String(v);
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What text/template prints for the result of an action. */
export function printValue(v: unknown, floats = false): string {
  if (v === undefined || (v instanceof GoNil && v.kind === "iface")) return "<no value>";
  return fmtValue(v, { floats });
}

const ESCAPES: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\u0008", "\f": "\\u000c" };

function jsonString(s: string, escapeHtml: boolean): string {
  let out = '"';
  for (const ch of s) {
    const e = ESCAPES[ch];
    if (e) out += e;
    else if (ch < " ") out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
    else if (escapeHtml && (ch === "<" || ch === ">" || ch === "&")) out += `\\u00${ch.charCodeAt(0).toString(16)}`;
    else if (ch === "\u2028" || ch === "\u2029") out += `\\u${ch.charCodeAt(0).toString(16)}`;
    else out += ch;
  }
  return `${out}"`;
}

export interface JsonOptions {
  /** Go's json.Marshal escapes <, > and & (the daemon does; the CLI's `json` template function does not). */
  escapeHtml?: boolean;
  /** json.Indent with this unit ("    " for `docker inspect`); compact when absent. */
  indent?: string;
}

/**
 * Go's encoding/json: struct fields in order, map keys sorted, typed nils as null.
 * @example goJson({ b: 1, a: [] }) // '{"a":[],"b":1}'
 */
export function goJson(v: unknown, opts: JsonOptions = {}, depth = 0): string {
  const esc = opts.escapeHtml ?? false;
  const ind = opts.indent;
  if (v === undefined || v === null || v instanceof GoNil) return "null";
  if (typeof v === "string") return jsonString(v, esc);
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "null";
  if (typeof v === "boolean") return String(v);
  if (isMarshaler(v)) return v[MARSHAL]();
  const nl = (d: number) => (ind === undefined ? "" : `\n${ind.repeat(d)}`);
  const colon = ind === undefined ? ":" : ": ";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[${v.map((x) => `${nl(depth + 1)}${goJson(x, opts, depth + 1)}`).join(",")}${nl(depth)}]`;
  }
  const obj = v as Record<string, unknown>;
  const keys = isStruct(v) ? Object.keys(obj).filter((k) => obj[k] !== undefined) : Object.keys(obj).sort(byteOrder);
  if (keys.length === 0) return "{}";
  return `{${keys.map((k) => `${nl(depth + 1)}${jsonString(k, esc)}${colon}${goJson(obj[k], opts, depth + 1)}`).join(",")}${nl(depth)}}`;
}

// ------------------------------------------------------------------------------------------------ lexer/parser

/** A template error, with the text Go prints (`template: :1:2: executing "" at <.Foo>: ...`). */
export class TemplateError extends Error {
  constructor(
    message: string,
    /** True for parse errors, false for execution errors. */
    readonly parse: boolean,
  ) {
    super(message);
  }
}

type Arg =
  | { t: "field"; base: "dot" | "var" | "expr"; name?: string; expr?: Pipeline; path: string[]; pos: number; text: string }
  | { t: "str"; v: string }
  | { t: "num"; v: number }
  | { t: "bool"; v: boolean }
  | { t: "nil" }
  | { t: "ident"; name: string; pos: number };

interface Command {
  args: Arg[];
  pos: number;
}

interface Pipeline {
  decl: string[];
  assign: boolean;
  cmds: Command[];
  pos: number;
}

type Node =
  | { t: "text"; v: string }
  | { t: "action"; p: Pipeline }
  | { t: "if" | "with"; p: Pipeline; body: Node[]; els: Node[] | null }
  | { t: "range"; p: Pipeline; body: Node[]; els: Node[] | null }
  | { t: "break" | "continue" };

interface Action {
  pos: number;
  text: string;
}

function splitTemplate(src: string): (string | Action)[] {
  const out: (string | Action)[] = [];
  let i = 0;
  let text = "";
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    if (open < 0) {
      text += src.slice(i);
      break;
    }
    text += src.slice(i, open);
    let start = open + 2;
    if (src.startsWith("- ", start) || src.startsWith("-\t", start) || src.startsWith("-\n", start)) {
      text = text.replace(/[ \t\r\n]+$/, "");
      start += 1;
    }
    // find the closing braces outside of string literals
    let j = start;
    let close = -1;
    while (j < src.length) {
      const ch = src[j];
      if (ch === '"') {
        j++;
        while (j < src.length && src[j] !== '"') j += src[j] === "\\" ? 2 : 1;
        j++;
        continue;
      }
      if (ch === "`") {
        j = src.indexOf("`", j + 1) + 1;
        if (j === 0) break;
        continue;
      }
      if (src.startsWith("}}", j)) {
        close = j;
        break;
      }
      j++;
    }
    if (close < 0) throw new TemplateError(`template: :${lineOf(src, open)}: unclosed action`, true);
    let inner = src.slice(start, close);
    let next = close + 2;
    let trimRight = false;
    if (/[ \t\r\n]-$/.test(inner)) {
      inner = inner.slice(0, -1);
      trimRight = true;
    }
    if (text !== "") out.push(text);
    text = "";
    out.push({ pos: start, text: inner });
    if (trimRight) {
      while (next < src.length && /[ \t\r\n]/.test(src[next] as string)) next++;
    }
    i = next;
  }
  if (text !== "") out.push(text);
  return out;
}

function lineOf(src: string, pos: number): number {
  return src.slice(0, pos).split("\n").length;
}

type Tok = { k: "word" | "str" | "num" | "var" | "field" | "(" | ")" | "|" | ":=" | "=" | ","; v: string; pos: number };

function lex(text: string, base: number): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const pos = base + i;
    if (ch === '"') {
      let j = i + 1;
      let v = "";
      while (j < text.length && text[j] !== '"') {
        if (text[j] === "\\") {
          const e = text[j + 1] as string;
          v += e === "n" ? "\n" : e === "t" ? "\t" : e === "r" ? "\r" : e === "\\" ? "\\" : e === '"' ? '"' : e === "0" ? "\0" : e;
          j += 2;
        } else v += text[j++];
      }
      toks.push({ k: "str", v, pos });
      i = j + 1;
      continue;
    }
    if (ch === "`") {
      const j = text.indexOf("`", i + 1);
      toks.push({ k: "str", v: text.slice(i + 1, j), pos });
      i = j + 1;
      continue;
    }
    if (ch === "(" || ch === ")" || ch === "|" || ch === ",") {
      toks.push({ k: ch, v: ch, pos });
      i++;
      continue;
    }
    if (text.startsWith(":=", i)) {
      toks.push({ k: ":=", v: ":=", pos });
      i += 2;
      continue;
    }
    if (ch === "=") {
      toks.push({ k: "=", v: "=", pos });
      i++;
      continue;
    }
    const m = /^[^\s()|,=]+/.exec(text.slice(i));
    const word = m ? m[0] : ch;
    if (word.startsWith("$")) toks.push({ k: "var", v: word, pos });
    else if (word.startsWith(".")) toks.push({ k: "field", v: word, pos });
    else if (/^[-+]?\d/.test(word)) toks.push({ k: "num", v: word, pos });
    else toks.push({ k: "word", v: word, pos });
    i += word.length;
  }
  return toks;
}

class TokenStream {
  i = 0;
  constructor(
    readonly toks: Tok[],
    readonly src: string,
  ) {}
  peek(): Tok | undefined {
    return this.toks[this.i];
  }
  next(): Tok | undefined {
    return this.toks[this.i++];
  }
}

function parsePipeline(ts: TokenStream, pos: number, allowDecl: boolean): Pipeline {
  const decl: string[] = [];
  let assign = false;
  if (allowDecl) {
    // $x := ..., $k, $v := ...
    const save = ts.i;
    const names: string[] = [];
    while (ts.peek()?.k === "var") {
      names.push((ts.next() as Tok).v);
      if (ts.peek()?.k === ",") {
        ts.next();
        continue;
      }
      break;
    }
    const op = ts.peek();
    if (names.length > 0 && (op?.k === ":=" || op?.k === "=")) {
      ts.next();
      decl.push(...names);
      assign = op.k === "=";
    } else ts.i = save;
  }
  const cmds: Command[] = [];
  for (;;) {
    const cmd = parseCommand(ts);
    cmds.push(cmd);
    if (ts.peek()?.k === "|") {
      ts.next();
      continue;
    }
    break;
  }
  return { decl, assign, cmds, pos };
}

function parseCommand(ts: TokenStream): Command {
  const args: Arg[] = [];
  const pos = ts.peek()?.pos ?? 0;
  for (;;) {
    const t = ts.peek();
    if (!t || t.k === "|" || t.k === ")") break;
    args.push(parseOperand(ts));
  }
  if (args.length === 0) throw new TemplateError(`template: :1: missing value for command`, true);
  return { args, pos };
}

function splitPath(word: string): string[] {
  return word.split(".").filter((s) => s !== "");
}

function parseOperand(ts: TokenStream): Arg {
  const t = ts.next() as Tok;
  switch (t.k) {
    case "str":
      return { t: "str", v: t.v };
    case "num":
      return { t: "num", v: Number(t.v) };
    case "field":
      return { t: "field", base: "dot", path: splitPath(t.v), pos: t.pos, text: t.v };
    case "var": {
      const dot = t.v.indexOf(".");
      const name = dot < 0 ? t.v : t.v.slice(0, dot);
      return { t: "field", base: "var", name, path: dot < 0 ? [] : splitPath(t.v.slice(dot)), pos: t.pos, text: t.v };
    }
    case "(": {
      const inner = parsePipeline(ts, t.pos, false);
      const close = ts.next();
      if (close?.k !== ")") throw new TemplateError("template: :1: unclosed left paren", true);
      const after = ts.peek();
      let path: string[] = [];
      let text = "(...)";
      if (after && after.k === "field" && after.pos === close.pos + 1) {
        ts.next();
        path = splitPath(after.v);
        text = after.v;
      }
      return { t: "field", base: "expr", expr: inner, path, pos: t.pos, text };
    }
    case "word":
      if (t.v === "true" || t.v === "false") return { t: "bool", v: t.v === "true" };
      if (t.v === "nil") return { t: "nil" };
      return { t: "ident", name: t.v, pos: t.pos };
    default:
      throw new TemplateError(`template: :1: unexpected "${t.v}" in command`, true);
  }
}

const KEYWORDS = new Set(["if", "else", "end", "range", "with", "break", "continue", "define", "template", "block"]);

function parseNodes(parts: (string | Action)[], src: string): Node[] {
  let i = 0;
  const parseList = (stopAt: Set<string>): { nodes: Node[]; stop: string; rest: Action | null } => {
    const nodes: Node[] = [];
    while (i < parts.length) {
      const part = parts[i++] as string | Action;
      if (typeof part === "string") {
        nodes.push({ t: "text", v: part });
        continue;
      }
      const trimmed = part.text.trim();
      if (trimmed.startsWith("/*")) continue;
      const toks = lex(part.text, part.pos);
      const first = toks[0];
      if (!first) throw new TemplateError(`template: :${lineOf(src, part.pos)}: missing value for command`, true);
      const kw = first.k === "word" && KEYWORDS.has(first.v) ? first.v : null;
      if (kw === "end" || kw === "else") {
        if (!stopAt.has(kw)) throw new TemplateError(`template: :${lineOf(src, part.pos)}: unexpected {{${kw}}}`, true);
        return { nodes, stop: kw, rest: kw === "else" ? { pos: part.pos, text: part.text.replace(/^\s*else\s*/, "") } : null };
      }
      if (kw === "break" || kw === "continue") {
        nodes.push({ t: kw });
        continue;
      }
      if (kw === "if" || kw === "with" || kw === "range") {
        const ts = new TokenStream(toks.slice(1), src);
        const p = parsePipeline(ts, first.pos, true);
        nodes.push(parseBlock(kw, p));
        continue;
      }
      if (kw) throw new TemplateError(`template: :${lineOf(src, part.pos)}: unsupported action ${kw}`, true);
      const ts = new TokenStream(toks, src);
      const p = parsePipeline(ts, part.pos, true);
      if (ts.peek()) throw new TemplateError(`template: :${lineOf(src, part.pos)}: unexpected "${ts.peek()?.v}" in operand`, true);
      nodes.push({ t: "action", p });
    }
    if (stopAt.size > 0) throw new TemplateError(`template: :${lineOf(src, src.length)}: unexpected EOF`, true);
    return { nodes, stop: "", rest: null };
  };
  const parseBlock = (kw: "if" | "with" | "range", p: Pipeline): Node => {
    const body = parseList(new Set(["end", "else"]));
    let els: Node[] | null = null;
    if (body.stop === "else") {
      const rest = (body.rest as Action).text.trim();
      if (rest.startsWith("if ") || rest.startsWith("with ")) {
        // {{else if ...}} is an if nested in the else branch that shares the {{end}}
        const innerKw = rest.startsWith("if ") ? "if" : "with";
        const toks = lex((body.rest as Action).text.replace(/^\s*(if|with)\s*/, ""), (body.rest as Action).pos);
        const inner = parseBlock(innerKw, parsePipeline(new TokenStream(toks, src), (body.rest as Action).pos, true));
        els = [inner];
      } else {
        els = parseList(new Set(["end"])).nodes;
      }
    }
    return kw === "range" ? { t: "range", p, body: body.nodes, els } : { t: kw, p, body: body.nodes, els };
  };
  return parseList(new Set()).nodes;
}

// ------------------------------------------------------------------------------------------------ execution

export interface RenderOptions {
  /** `missingkey=error`: a missing map key is an error rather than `<no value>` (docker inspect's raw fallback). */
  missingKeyError?: boolean;
  /** Numbers are float64 (data decoded from JSON). */
  floats?: boolean;
  /** Go type name used in "can't evaluate field X in type T". */
  typeName?: string;
}

class Exec {
  vars: { name: string; value: unknown }[][] = [];
  out = "";
  constructor(
    readonly src: string,
    readonly opts: RenderOptions,
    root: unknown,
  ) {
    this.vars.push([{ name: "$", value: root }]);
  }

  fail(pos: number, at: string, message: string): never {
    const before = this.src.slice(0, pos);
    const line = before.split("\n").length;
    const col = pos - (before.lastIndexOf("\n") + 1);
    throw new TemplateError(`template: :${line}:${col}: executing "" at <${at}>: ${message}`, false);
  }

  lookupVar(name: string, pos: number): unknown {
    for (let s = this.vars.length - 1; s >= 0; s--) {
      const scope = this.vars[s] as { name: string; value: unknown }[];
      for (let k = scope.length - 1; k >= 0; k--) if ((scope[k] as { name: string }).name === name) return (scope[k] as { value: unknown }).value;
    }
    throw new TemplateError(`template: :${lineOf(this.src, pos)}: undefined variable: ${name}`, true);
  }

  setVar(name: string, value: unknown, declare: boolean): void {
    if (!declare) {
      for (let s = this.vars.length - 1; s >= 0; s--) {
        const hit = (this.vars[s] as { name: string; value: unknown }[]).find((x) => x.name === name);
        if (hit) {
          hit.value = value;
          return;
        }
      }
    }
    (this.vars[this.vars.length - 1] as { name: string; value: unknown }[]).push({ name, value });
  }

  field(recv: unknown, name: string, arg: Extract<Arg, { t: "field" }>): unknown {
    if (recv === undefined || recv === null || recv instanceof GoNil) {
      const type = recv instanceof GoNil && recv.kind === "ptr" ? "pointer" : "interface {}";
      this.fail(arg.pos, arg.text, `nil pointer evaluating ${type}.${name}`);
    }
    if (isStruct(recv)) {
      const o = recv as Record<string, unknown>;
      if (Object.hasOwn(o, name)) return o[name];
      this.fail(arg.pos, arg.text, `can't evaluate field ${name} in type ${this.opts.typeName ?? "interface {}"}`);
    }
    if (isMap(recv)) {
      if (Object.hasOwn(recv, name)) return recv[name];
      if (this.opts.missingKeyError) this.fail(arg.pos, arg.text, `map has no entry for key "${name}"`);
      return undefined;
    }
    this.fail(arg.pos, arg.text, `can't evaluate field ${name} in type ${goTypeName(recv)}`);
  }

  evalArg(a: Arg, dot: unknown, final: unknown[] | null): unknown {
    switch (a.t) {
      case "str":
        return a.v;
      case "num":
        return a.v;
      case "bool":
        return a.v;
      case "nil":
        return null;
      case "ident":
        return this.call(a.name, [], a.pos, final);
      case "field": {
        let v: unknown;
        if (a.base === "dot") v = dot;
        else if (a.base === "var") v = this.lookupVar(a.name as string, a.pos);
        else v = this.pipeline(a.expr as Pipeline, dot);
        for (const name of a.path) v = this.field(v, name, a);
        return v;
      }
    }
  }

  command(cmd: Command, dot: unknown, final: unknown[] | null): unknown {
    const [head, ...rest] = cmd.args as [Arg, ...Arg[]];
    if (head.t === "ident") {
      const args = rest.map((a) => this.evalArg(a, dot, null));
      return this.call(head.name, args, head.pos, final);
    }
    if (rest.length > 0 || final) {
      if (head.t === "field") this.fail(head.pos, head.text, `can't give argument to non-function ${head.text}`);
    }
    return this.evalArg(head, dot, null);
  }

  pipeline(p: Pipeline, dot: unknown): unknown {
    let value: unknown;
    let first = true;
    for (const cmd of p.cmds) {
      value = this.command(cmd, dot, first ? null : [value]);
      first = false;
    }
    if (p.decl.length === 1) this.setVar(p.decl[0] as string, value, !p.assign);
    return value;
  }

  call(name: string, args: unknown[], pos: number, final: unknown[] | null): unknown {
    const all = final ? [...args, ...final] : args;
    const fn = FUNCS[name];
    if (!fn) throw new TemplateError(`template: :${lineOf(this.src, pos)}: function "${name}" not defined`, true);
    try {
      return fn(all, this.opts);
    } catch (e) {
      if (e instanceof TemplateError) throw e;
      this.fail(pos, name, `error calling ${name}: ${(e as Error).message}`);
    }
  }

  run(nodes: Node[], dot: unknown): "break" | "continue" | undefined {
    for (const n of nodes) {
      switch (n.t) {
        case "text":
          this.out += n.v;
          break;
        case "action": {
          const v = this.pipeline(n.p, dot);
          if (n.p.decl.length === 0) this.out += printValue(v, this.opts.floats);
          break;
        }
        case "if":
        case "with": {
          this.vars.push([]);
          const v = this.pipeline(n.p, dot);
          let r: "break" | "continue" | undefined;
          if (truth(v)) r = this.run(n.body, n.t === "with" ? v : dot);
          else if (n.els) r = this.run(n.els, dot);
          this.vars.pop();
          if (r) return r;
          break;
        }
        case "range": {
          this.vars.push([]);
          const decl = n.p.decl;
          const v = this.pipeline({ ...n.p, decl: [] }, dot);
          const entries = rangeEntries(v);
          if (entries === null) this.fail(n.p.pos, "range", `range can't iterate over ${printValue(v)}`);
          if (entries.length === 0) {
            if (n.els) this.run(n.els, dot);
          } else {
            for (const [k, item] of entries) {
              this.vars.push([]);
              if (decl.length === 1) this.setVar(decl[0] as string, item, true);
              if (decl.length === 2) {
                this.setVar(decl[0] as string, k, true);
                this.setVar(decl[1] as string, item, true);
              }
              const r = this.run(n.body, item);
              this.vars.pop();
              if (r === "break") break;
            }
          }
          this.vars.pop();
          break;
        }
        case "break":
        case "continue":
          return n.t;
      }
    }
    return undefined;
  }
}

function goTypeName(v: unknown): string {
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "int";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "[]interface {}";
  return "interface {}";
}

function rangeEntries(v: unknown): [unknown, unknown][] | null {
  if (v === undefined || v === null || v instanceof GoNil) return [];
  if (Array.isArray(v)) return v.map((x, i) => [i, x]);
  if (isMap(v))
    return Object.keys(v)
      .sort(byteOrder)
      .map((k) => [k, v[k]]);
  if (typeof v === "number" && Number.isInteger(v)) return Array.from({ length: Math.max(0, v) }, (_, i) => [i, i] as [unknown, unknown]);
  return null;
}

function truth(v: unknown): boolean {
  if (v === undefined || v === null || v instanceof GoNil) return false;
  if (typeof v === "string") return v !== "";
  if (typeof v === "number") return v !== 0;
  if (typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

function sprint(args: unknown[], floats: boolean): string {
  // fmt.Sprint: spaces between operands when neither is a string
  let out = "";
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== "string" && typeof args[i - 1] !== "string") out += " ";
    out += fmtValue(a, { floats });
  });
  return out;
}

function sprintf(format: string, args: unknown[], floats: boolean): string {
  let i = 0;
  return format.replace(
    /%([-+ #0]*)(\d+)?(?:\.(\d+))?([vsdqtxXf%])/g,
    (_m, flags: string, width: string | undefined, prec: string | undefined, verb: string) => {
      if (verb === "%") return "%";
      const a = args[i++];
      if (a === undefined && i > args.length) return `%!${verb}(MISSING)`;
      let s: string;
      switch (verb) {
        case "q":
          s = JSON.stringify(fmtValue(a, { floats }));
          break;
        case "d":
          s = typeof a === "number" ? String(Math.trunc(a)) : `%!d(${goTypeName(a)}=${fmtValue(a, { floats })})`;
          break;
        case "x":
        case "X":
          s = typeof a === "number" ? a.toString(16) : [...new TextEncoder().encode(String(a))].map((b) => b.toString(16).padStart(2, "0")).join("");
          if (verb === "X") s = s.toUpperCase();
          break;
        case "f":
          s = typeof a === "number" ? a.toFixed(prec === undefined ? 6 : Number(prec)) : `%!f(${goTypeName(a)}=${fmtValue(a, { floats })})`;
          break;
        default:
          s = fmtValue(a, { floats });
          if (verb === "s" && prec !== undefined) s = s.slice(0, Number(prec));
      }
      if (width !== undefined) s = flags.includes("-") ? s.padEnd(Number(width)) : s.padStart(Number(width), flags.includes("0") ? "0" : " ");
      return s;
    },
  );
}

function cmpArgs(args: unknown[]): [unknown, unknown] {
  if (args.length < 2) throw new Error("missing argument for comparison");
  return [args[0], args[1]];
}

function indexInto(v: unknown, key: unknown): unknown {
  if (Array.isArray(v)) {
    const i = Number(key);
    if (!Number.isInteger(i) || i < 0 || i >= v.length) throw new Error(`index out of range: ${String(key)}`);
    return v[i];
  }
  if (isMap(v)) return Object.hasOwn(v, String(key)) ? v[String(key)] : undefined;
  if (isStruct(v)) return (v as Record<string, unknown>)[String(key)];
  if (v === undefined || v === null || v instanceof GoNil) throw new Error("index of untyped nil");
  throw new Error(`can't index item of type ${goTypeName(v)}`);
}

type Fn = (args: unknown[], opts: RenderOptions) => unknown;

const FUNCS: Record<string, Fn> = {
  json: ([v]) => goJson(v, { escapeHtml: false }),
  join: ([list, sep]) => (Array.isArray(list) ? list.map((x) => fmtValue(x, { floats: false })).join(String(sep ?? "")) : ""),
  split: ([s, sep]) => String(s).split(String(sep)),
  lower: ([s]) => String(s).toLowerCase(),
  upper: ([s]) => String(s).toUpperCase(),
  title: ([s]) => String(s).replace(/\b\w/g, (c) => c.toUpperCase()),
  pad: ([s, l, r]) => `${" ".repeat(Number(l))}${String(s)}${" ".repeat(Number(r))}`,
  truncate: ([s, n]) => [...String(s)].slice(0, Number(n)).join(""),
  index: ([v, ...keys]) => keys.reduce((acc, k) => indexInto(acc, k), v),
  len: ([v]) => {
    if (typeof v === "string") return new TextEncoder().encode(v).length;
    if (Array.isArray(v)) return v.length;
    if (isMap(v)) return Object.keys(v).length;
    if (v instanceof GoNil) return 0;
    throw new Error(`len of type ${goTypeName(v)}`);
  },
  print: (args, o) => sprint(args, o.floats ?? false),
  println: (args, o) => `${args.map((a) => fmtValue(a, { floats: o.floats ?? false })).join(" ")}\n`,
  printf: ([f, ...args], o) => sprintf(String(f), args, o.floats ?? false),
  eq: ([a, ...bs]) => bs.some((b) => a === b),
  ne: (args) => {
    const [a, b] = cmpArgs(args);
    return a !== b;
  },
  lt: (args) => {
    const [a, b] = cmpArgs(args);
    return (a as number) < (b as number);
  },
  le: (args) => {
    const [a, b] = cmpArgs(args);
    return (a as number) <= (b as number);
  },
  gt: (args) => {
    const [a, b] = cmpArgs(args);
    return (a as number) > (b as number);
  },
  ge: (args) => {
    const [a, b] = cmpArgs(args);
    return (a as number) >= (b as number);
  },
  not: ([a]) => !truth(a),
  and: (args) => args.find((a) => !truth(a)) ?? args[args.length - 1],
  or: (args) => args.find((a) => truth(a)) ?? args[args.length - 1],
};

/** A parsed template, reusable over many values (docker formats every row with the same one). */
export class Template {
  private readonly nodes: Node[];
  constructor(readonly src: string) {
    this.nodes = parseNodes(splitTemplate(src), src);
  }
  execute(data: unknown, opts: RenderOptions = {}): string {
    const ex = new Exec(this.src, opts, data);
    ex.run(this.nodes, data);
    return ex.out;
  }
}

/**
 * Renders a Go text/template the way the docker CLI does. Throws `TemplateError` with Go's message.
 * @example renderTemplate('{{range $k, $v := .N}}{{$k}}={{$v.IP}} {{end}}', { N: { a: { IP: "1.2.3.4" } } }) // "a=1.2.3.4 "
 */
export function renderTemplate(template: string, data: unknown, opts: RenderOptions = {}): string {
  return new Template(template).execute(data, opts);
}
