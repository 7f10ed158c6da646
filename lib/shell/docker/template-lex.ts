/**
 * Go text/template's first pass: the text between actions, each `{{ ... }}` action, and its tokens.
 * A mistake here is a parse error with Go's wording and position.
 */
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

export interface Action {
  pos: number;
  text: string;
}

export function splitTemplate(src: string): (string | Action)[] {
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

export function lineOf(src: string, pos: number): number {
  return src.slice(0, pos).split("\n").length;
}

export type Tok = { k: "word" | "str" | "num" | "var" | "field" | "(" | ")" | "|" | ":=" | "=" | ","; v: string; pos: number };

export function lex(text: string, base: number): Tok[] {
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

export class TokenStream {
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
