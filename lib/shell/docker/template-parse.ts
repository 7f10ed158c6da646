/**
 * Go text/template's syntax tree (pipelines, commands, if/with/range with else) built from the
 * lexer's actions and tokens.
 */
import { type Action, lex, lineOf, TemplateError, type Tok, TokenStream } from "./template-lex";
export type Arg =
  | { t: "field"; base: "dot" | "var" | "expr"; name?: string; expr?: Pipeline; path: string[]; pos: number; text: string }
  | { t: "str"; v: string }
  | { t: "num"; v: number }
  | { t: "bool"; v: boolean }
  | { t: "nil" }
  | { t: "ident"; name: string; pos: number };

export interface Command {
  args: Arg[];
  pos: number;
}

export interface Pipeline {
  decl: string[];
  assign: boolean;
  cmds: Command[];
  pos: number;
}

export type Node =
  | { t: "text"; v: string }
  | { t: "action"; p: Pipeline }
  | { t: "if" | "with"; p: Pipeline; body: Node[]; els: Node[] | null }
  | { t: "range"; p: Pipeline; body: Node[]; els: Node[] | null }
  | { t: "break" | "continue" };

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

export function parseNodes(parts: (string | Action)[], src: string): Node[] {
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
