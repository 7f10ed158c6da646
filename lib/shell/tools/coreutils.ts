/** Small text programs for `sh -c` pipelines (echo, printf, grep, head, tail, tr, sort, wc, uniq). */
import { err, type Output, ok } from "../context";

/** Runs one of the text programs on `stdin`, or returns null for a name this file doesn't know. */
export type TextTool = (args: string[], stdin: string) => Output;

function unescapeText(text: string): string {
  return text.replace(/\\(n|r|t|\\|0[0-7]{0,3}|e)/g, (_, c: string) => {
    if (c === "n") return "\n";
    if (c === "r") return "\r";
    if (c === "t") return "\t";
    if (c === "\\") return "\\";
    if (c === "e") return "\x1b";
    return String.fromCharCode(Number.parseInt(c.slice(1) || "0", 8));
  });
}

function lines(text: string): string[] {
  const all = text.split("\n");
  if (all[all.length - 1] === "") all.pop();
  return all;
}

const join = (ls: string[]) => (ls.length ? `${ls.join("\n")}\n` : "");

export const echo: TextTool = (args) => {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i] as string); i++) {
    if ((args[i] as string).includes("n")) newline = false;
    if ((args[i] as string).includes("e")) escapes = true;
  }
  const text = args.slice(i).join(" ");
  return ok((escapes ? unescapeText(text) : text) + (newline ? "\n" : ""));
};

export const printf: TextTool = (args) => {
  const [format, ...rest] = args;
  if (format === undefined) return err("printf: usage: printf FORMAT [ARGUMENT...]\n", 1);
  let k = 0;
  let out = "";
  do {
    out += unescapeText(format).replace(/%([sdc%])/g, (_, c: string) => (c === "%" ? "%" : (rest[k++] ?? (c === "d" ? "0" : ""))));
  } while (k > 0 && k < rest.length);
  return ok(out);
};

export const grep: TextTool = (args, stdin) => {
  const flags = args.filter((a) => /^-[vicqE]+$/.test(a)).join("");
  const pattern = args.find((a) => !/^-[vicqE]+$/.test(a));
  if (pattern === undefined)
    return err(
      "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n",
      2,
    );
  let re: RegExp;
  try {
    re = new RegExp(pattern, flags.includes("i") ? "i" : "");
  } catch {
    return err(`grep: bad regex '${pattern}'\n`, 2);
  }
  const hits = lines(stdin).filter((l) => re.test(l) !== flags.includes("v"));
  if (flags.includes("q")) return { stdout: "", stderr: "", exitCode: hits.length ? 0 : 1 };
  return { stdout: flags.includes("c") ? `${hits.length}\n` : join(hits), stderr: "", exitCode: hits.length ? 0 : 1 };
};

function count(args: string[], fallback: number): string {
  const i = args.indexOf("-n");
  if (i >= 0) return args[i + 1] ?? String(fallback);
  const short = args.find((a) => /^-\d+$/.test(a));
  return short ? short.slice(1) : String(fallback);
}

export const head: TextTool = (args, stdin) => ok(join(lines(stdin).slice(0, Number(count(args, 10)))));

export const tail: TextTool = (args, stdin) => {
  const n = count(args, 10);
  const all = lines(stdin);
  return ok(join(n.startsWith("+") ? all.slice(Number(n.slice(1)) - 1) : all.slice(-Number(n))));
};

export const tr: TextTool = (args, stdin) => {
  const [from, to] = args.filter((a) => !a.startsWith("-")).map(unescape);
  if (from === undefined) return err("tr: missing operand\n", 1);
  const del = args.includes("-d");
  let out = "";
  for (const ch of stdin) {
    const i = from.indexOf(ch);
    if (i < 0) out += ch;
    else if (!del) out += to?.[Math.min(i, to.length - 1)] ?? "";
  }
  return ok(out);
};

export const sort: TextTool = (args, stdin) => {
  const sorted = lines(stdin).sort();
  if (args.includes("-r")) sorted.reverse();
  return ok(join(args.includes("-u") ? [...new Set(sorted)] : sorted));
};

export const uniq: TextTool = (_args, stdin) => ok(join(lines(stdin).filter((l, i, all) => i === 0 || all[i - 1] !== l)));

export const wc: TextTool = (args, stdin) => {
  const ls = lines(stdin).length;
  const words = stdin.split(/\s+/).filter(Boolean).length;
  const bytes = new TextEncoder().encode(stdin).length;
  if (args.includes("-l")) return ok(`${ls}\n`);
  if (args.includes("-w")) return ok(`${words}\n`);
  if (args.includes("-c")) return ok(`${bytes}\n`);
  return ok(`${String(ls).padStart(7)} ${String(words).padStart(7)} ${String(bytes).padStart(7)}\n`);
};

export const TEXT_TOOLS: ReadonlyMap<string, TextTool> = new Map([
  ["echo", echo],
  ["printf", printf],
  ["grep", grep],
  ["head", head],
  ["tail", tail],
  ["tr", tr],
  ["sort", sort],
  ["uniq", uniq],
  ["wc", wc],
  ["true", () => ok()],
  ["false", () => ({ stdout: "", stderr: "", exitCode: 1 })],
  ["whoami", () => ok("root\n")],
  ["pwd", () => ok("/\n")],
  ["sleep", () => ok()],
]);
