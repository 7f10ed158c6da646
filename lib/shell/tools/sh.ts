/**
 * `sh -c '...'` for the simple scripts people type: `;`, `&&`, `||`, pipes, `exit N`. Loops and
 * variables are out of scope and say so with the shell's own syntax error.
 */
import { err, type Output, ok } from "../context";
import { splitWords } from "../words";

/** Runs one command with stdin; null when the program doesn't exist in this file system. */
export type Runner = (argv: string[], stdin: string) => Output | null;

type Token = { kind: "word"; text: string } | { kind: "op"; op: ";" | "&&" | "||" | "|" };

/** Splits a script at unquoted operators, keeping each command's text for word splitting. */
function tokenize(script: string): Token[] {
  const out: Token[] = [];
  let cur = "";
  let quote: string | null = null;
  const flush = () => {
    if (cur.trim() !== "") out.push({ kind: "word", text: cur });
    cur = "";
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i] as string;
    if (quote) {
      cur += c;
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"' && i + 1 < script.length) cur += script[++i];
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      cur += c;
    } else if (c === "\\" && i + 1 < script.length) {
      cur += c + script[++i];
    } else if (c === ";" || c === "\n") {
      flush();
      out.push({ kind: "op", op: ";" });
    } else if (c === "&" && script[i + 1] === "&") {
      flush();
      out.push({ kind: "op", op: "&&" });
      i++;
    } else if (c === "|" && script[i + 1] === "|") {
      flush();
      out.push({ kind: "op", op: "||" });
      i++;
    } else if (c === "|") {
      flush();
      out.push({ kind: "op", op: "|" });
    } else cur += c;
  }
  if (quote) throw new Error(`unterminated quoted string`);
  flush();
  return out;
}

const KEYWORDS = new Set(["for", "while", "until", "if", "case", "do", "done", "then", "fi", "function"]);

/**
 * Runs a script; each command goes to `run` (or is a builtin: exit, cd, export, :).
 * @example runScript("printf 'PING\\r\\n' | nc red 6379", run) // { stdout: "+PONG\r\n", ... }
 */
export function runScript(script: string, run: Runner, shell = "sh"): Output {
  let tokens: Token[];
  try {
    tokens = tokenize(script);
  } catch (e) {
    return err(`${shell}: syntax error: ${(e as Error).message}\n`, 2);
  }
  let stdout = "";
  let stderr = "";
  let status = 0;
  let skip = false;
  let pipeInput: string | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === "op") {
      if (t.op === "&&") skip = status !== 0;
      else if (t.op === "||") skip = status === 0;
      else if (t.op === ";") skip = false;
      continue;
    }
    const next = tokens[i + 1];
    const piped = next?.kind === "op" && next.op === "|";
    if (skip) {
      if (!piped) pipeInput = null;
      continue;
    }
    let argv: string[];
    try {
      argv = splitWords(t.text);
    } catch (e) {
      return { stdout, stderr: `${stderr}${shell}: syntax error: ${(e as Error).message}\n`, exitCode: 2 };
    }
    const [prog, ...args] = argv;
    if (prog === undefined) continue;
    if (KEYWORDS.has(prog)) return { stdout, stderr: `${stderr}${shell}: syntax error: unexpected "${prog}"\n`, exitCode: 2 };
    if (prog === "exit") {
      const code = args[0] === undefined ? status : Number(args[0]);
      return { stdout, stderr, exitCode: Number.isInteger(code) ? code & 255 : 2 };
    }
    let out: Output;
    if (prog === "cd" || prog === "export" || prog === ":") out = ok();
    else out = run(argv, pipeInput ?? "") ?? err(`${shell}: ${prog}: not found\n`, 127);
    stderr += out.stderr;
    status = out.exitCode;
    if (piped) pipeInput = out.stdout;
    else {
      stdout += out.stdout;
      pipeInput = null;
    }
  }
  return { stdout, stderr, exitCode: status };
}
