/**
 * Word expansion: parameters (`${x:-d}`, `${x%% *}`, `${#x}`), command substitution, arithmetic,
 * field splitting and pathname expansion (globbing over the shell's file system).
 */
import type { Part, Word } from "./parse";

/** One field being built: its pieces, each quoted (literal) or not (may glob). */
type Piece = [text: string, quoted: boolean];

export interface Expander {
  param(name: string): string | undefined;
  setVar(name: string, value: string): void;
  /** `$@` as separate fields. */
  positional(): string[];
  substitute(src: string): string;
  /** Names in directory `dir` (absolute or relative to the working directory); null when it can't be read. */
  list(dir: string): string[] | null;
  error(message: string): never;
}

/**
 * A glob pattern as a regular expression (`*`, `?`, `[...]`, `[!...]`); quoted characters are literal.
 * @example globRegex([["*.conf", false]]).test("resolv.conf") // true
 */
export function globRegex(pieces: Piece[], anchored = true): RegExp {
  let src = "";
  for (const [text, quoted] of pieces) {
    if (quoted) {
      src += text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
      continue;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (c === "*") src += "[^]*";
      else if (c === "?") src += "[^]";
      else if (c === "[") {
        const end = text.indexOf("]", i + 2);
        if (end < 0) src += "\\[";
        else {
          let set = text.slice(i + 1, end);
          if (set.startsWith("!")) set = `^${set.slice(1)}`;
          src += `[${set.replace(/\\/g, "\\\\")}]`;
          i = end;
        }
      } else src += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    }
  }
  return new RegExp(anchored ? `^${src}$` : src);
}

const hasMeta = (pieces: Piece[]) => pieces.some(([t, q]) => !q && /[*?[]/.test(t));

/** Removes the shortest or longest prefix/suffix matching `pattern`. */
function trim(value: string, pattern: string, op: string): string {
  const re = globRegex([[pattern, false]]);
  const n = value.length;
  if (op === "#" || op === "##") {
    const ends = op === "#" ? [...Array(n + 1).keys()] : [...Array(n + 1).keys()].reverse();
    for (const e of ends) if (re.test(value.slice(0, e))) return value.slice(e);
  } else {
    const starts = op === "%" ? [...Array(n + 1).keys()].reverse() : [...Array(n + 1).keys()];
    for (const s of starts) if (re.test(value.slice(s))) return value.slice(0, s);
  }
  return value;
}

export class Expansion {
  constructor(readonly x: Expander) {}

  /** A parameter's value after its operator. */
  private param(p: Extract<Part, { t: "param" }>): string {
    const v = this.x.param(p.name);
    const arg = () => (p.arg ? this.string(p.arg) : "");
    switch (p.op) {
      case undefined:
        return v ?? "";
      case "len":
        return String((v ?? "").length);
      case ":-":
        return v ? v : arg();
      case "-":
        return v !== undefined ? v : arg();
      case ":=":
      case "=": {
        if (p.op === ":=" ? v : v !== undefined) return v as string;
        const a = arg();
        this.x.setVar(p.name, a);
        return a;
      }
      case ":+":
        return v ? arg() : "";
      case "+":
        return v !== undefined ? arg() : "";
      case ":?":
      case "?":
        if (p.op === ":?" ? v : v !== undefined) return v as string;
        return this.x.error(`${p.name}: ${arg() || "parameter not set"}`);
      default:
        return trim(v ?? "", arg(), p.op);
    }
  }

  private partText(p: Part): string {
    if (p.t === "lit") return p.v;
    if (p.t === "param") return this.param(p);
    if (p.t === "cmd") return this.x.substitute(p.src);
    return String(arith(this.string(wordFromText(p.src)), this.x));
  }

  /** A word as one string, no splitting or globbing (assignments, redirection targets, here-documents). */
  string(word: Word): string {
    let s = "";
    for (const p of word) s += p.t === "param" && (p.name === "@" || p.name === "*") && !p.op ? this.x.positional().join(" ") : this.partText(p);
    return s;
  }

  /** A word as fields: unquoted expansions split on IFS whitespace, then globbed. */
  fields(word: Word, glob = true): string[] {
    const out: Piece[][] = [];
    let cur: Piece[] = [];
    let has = false;
    const push = () => {
      if (has) out.push(cur);
      cur = [];
      has = false;
    };
    for (const p of word) {
      if (p.t === "lit") {
        cur.push([p.v, p.q]);
        has = has || p.q || p.v !== "";
        continue;
      }
      if (p.t === "param" && p.name === "@" && !p.op) {
        const all = this.x.positional();
        all.forEach((a, i) => {
          if (i > 0) push();
          cur.push([a, true]);
          has = true;
        });
        continue;
      }
      const text = p.t === "param" && p.name === "*" && !p.op ? this.x.positional().join(" ") : this.partText(p);
      if (p.q) {
        cur.push([text, true]);
        has = true;
        continue;
      }
      text.split(/[ \t\n]+/).forEach((piece, i) => {
        if (i > 0) push();
        cur.push([piece, false]);
        has = has || piece !== "";
      });
    }
    push();
    return out.flatMap((pieces) => (glob && hasMeta(pieces) ? this.glob(pieces) : [pieces.map(([t]) => t).join("")]));
  }

  /** Pathname expansion; a pattern that matches nothing stays as written. */
  private glob(pieces: Piece[]): string[] {
    const literal = pieces.map(([t]) => t).join("");
    // Split the pattern into path components, keeping each character's quoting.
    const comps: Piece[][] = [[]];
    for (const [text, q] of pieces) {
      text.split("/").forEach((seg, i) => {
        if (i > 0) comps.push([]);
        (comps[comps.length - 1] as Piece[]).push([seg, q]);
      });
    }
    const absolute = literal.startsWith("/");
    let paths = [absolute ? "/" : ""];
    for (const [i, comp] of comps.entries()) {
      const text = comp.map(([t]) => t).join("");
      if (text === "" && (i === 0 || i === comps.length - 1)) continue;
      const next: string[] = [];
      for (const base of paths) {
        const join = (name: string) => (base === "" ? name : base.endsWith("/") ? `${base}${name}` : `${base}/${name}`);
        if (!hasMeta(comp)) {
          next.push(join(text));
          continue;
        }
        const names = this.x.list(base === "" ? "." : base) ?? [];
        const re = globRegex(comp);
        for (const n of names) if (re.test(n) && (!n.startsWith(".") || text.startsWith("."))) next.push(join(n));
      }
      paths = next;
    }
    // A pattern's final fixed components must exist: `list` of the parent tells.
    const found = paths.filter((p) => {
      const slash = p.lastIndexOf("/");
      const dir = slash < 0 ? "." : slash === 0 ? "/" : p.slice(0, slash);
      return (this.x.list(dir) ?? []).includes(p.slice(slash + 1));
    });
    return found.length > 0 ? found.sort() : [literal];
  }

  /** Whether `value` matches a case pattern word. */
  matches(value: string, pattern: Word): boolean {
    const pieces: Piece[] = pattern.map((p) => [p.t === "lit" ? p.v : this.partText(p), p.q]);
    return globRegex(pieces).test(value);
  }
}

function wordFromText(src: string): Word {
  // Arithmetic text expands `$x` and `$(...)` first; bare names are read by `arith`.
  const out: Word = [];
  const re = /\$\{?([A-Za-z_][A-Za-z0-9_]*|[0-9?#$])\}?/g;
  let last = 0;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    out.push({ t: "lit", v: src.slice(last, m.index), q: true }, { t: "param", name: m[1] as string, q: true });
    last = m.index + m[0].length;
  }
  out.push({ t: "lit", v: src.slice(last), q: true });
  return out;
}

/**
 * Shell arithmetic on integers: + - * / % ** comparisons, && || ! ~, parentheses, variables by name.
 * @example arith("1 + 2 * 3", expander) // 7
 */
export function arith(src: string, x: Pick<Expander, "param" | "error" | "setVar">): number {
  const toks = src.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*|<=|>=|==|!=|&&|\|\||<<|>>|[-+*/%()<>!~^&|=]|\S/g) ?? [];
  let i = 0;
  const bad = (): never => x.error(`arithmetic syntax error`);
  const value = (name: string) => {
    const v = x.param(name) ?? "0";
    const n = Number.parseInt(v || "0", 10);
    return Number.isNaN(n) ? 0 : n;
  };
  const BIN: [string[], (a: number, b: number) => number][] = [
    [["||"], (a, b) => Number(a !== 0 || b !== 0)],
    [["&&"], (a, b) => Number(a !== 0 && b !== 0)],
    [["|"], (a, b) => a | b],
    [["^"], (a, b) => a ^ b],
    [["&"], (a, b) => a & b],
    [["==", "!="], () => 0],
    [["<", ">", "<=", ">="], () => 0],
    [["<<", ">>"], () => 0],
    [["+", "-"], () => 0],
    [["*", "/", "%"], () => 0],
  ];
  const op2 = (op: string, a: number, b: number): number => {
    switch (op) {
      case "==":
        return Number(a === b);
      case "!=":
        return Number(a !== b);
      case "<":
        return Number(a < b);
      case ">":
        return Number(a > b);
      case "<=":
        return Number(a <= b);
      case ">=":
        return Number(a >= b);
      case "<<":
        return a << b;
      case ">>":
        return a >> b;
      case "+":
        return (a + b) | 0;
      case "-":
        return (a - b) | 0;
      case "*":
        return Math.imul(a, b);
      case "/":
      case "%":
        if (b === 0) return x.error("divide by zero");
        return op === "/" ? Math.trunc(a / b) : a % b;
      default:
        return (BIN.find(([ops]) => ops.includes(op))?.[1] ?? bad)(a, b);
    }
  };
  const unary = (): number => {
    const t = toks[i++];
    if (t === undefined) return bad();
    if (t === "(") {
      const v = level(0);
      if (toks[i++] !== ")") bad();
      return v;
    }
    if (t === "-") return -unary() | 0;
    if (t === "+") return unary();
    if (t === "!") return Number(unary() === 0);
    if (t === "~") return ~unary();
    if (/^\d+$/.test(t)) return Number.parseInt(t, 10) | 0;
    if (/^[A-Za-z_]/.test(t)) {
      if (toks[i] === "=" && toks[i + 1] !== "=") {
        i++;
        const v = level(0);
        x.setVar(t, String(v));
        return v;
      }
      return value(t);
    }
    return bad();
  };
  const level = (n: number): number => {
    if (n >= BIN.length) {
      const base = unary();
      if (toks[i] === "**") {
        i++;
        return (base ** level(n)) | 0;
      }
      return base;
    }
    let a = level(n + 1);
    while (toks[i] !== undefined && (BIN[n]?.[0] ?? []).includes(toks[i] as string)) {
      const op = toks[i++] as string;
      a = op2(op, a, level(n + 1));
    }
    return a;
  };
  if (toks.length === 0) return 0;
  const v = level(0);
  if (i < toks.length) bad();
  return v;
}
