/** `sed` for what tutorials write: s///[gpI], p, d, q with line, `$` and /regex/ addresses and ranges, -n -e -E -i. */
import { err, type Output } from "../context";
import { inputs, join, lines, type TextTool } from "./coreutils";
import { posixRegex } from "./grep";

const BUSYBOX_USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: sed [-i[SFX]] [-nrE] [-f FILE]... [-e CMD]... [FILE]...
or: sed [-i[SFX]] [-nrE] CMD [FILE]...

\t-e CMD\tAdd CMD to sed commands to be executed
\t-f FILE\tAdd FILE contents to sed commands to be executed
\t-i[SFX]\tEdit files in-place (otherwise write to stdout)
\t\tOptionally back files up, appending SFX
\t-n\tSuppress automatic printing of pattern space
\t-r,-E\tUse extended regex syntax

If no -e or -f, the first non-option argument is the sed command string.
Remaining arguments are input files (stdin if none).
`;

type Addr = { kind: "line"; n: number } | { kind: "last" } | { kind: "re"; re: RegExp };
interface Cmd {
  from?: Addr;
  to?: Addr;
  op: "s" | "p" | "d" | "q";
  re?: RegExp;
  rep?: string;
  global?: boolean;
  print?: boolean;
  inRange?: boolean;
}

class SedError extends Error {}

/** Reads a delimited piece starting after the delimiter at `i`; returns it and the index after the closing one. */
function delimited(s: string, i: number, delim: string): [string, number] {
  let out = "";
  for (let j = i; j < s.length; j++) {
    if (s[j] === "\\" && s[j + 1] === delim) {
      out += delim;
      j++;
    } else if (s[j] === "\\") {
      out += s.slice(j, j + 2);
      j++;
    } else if (s[j] === delim) return [out, j + 1];
    else out += s[j];
  }
  throw new SedError("unterminated `s' command");
}

function parseScript(script: string, extended: boolean): Cmd[] {
  const cmds: Cmd[] = [];
  let i = 0;
  const addr = (): Addr | undefined => {
    if (script[i] === "$") {
      i++;
      return { kind: "last" };
    }
    const m = /^\d+/.exec(script.slice(i));
    if (m) {
      i += m[0].length;
      return { kind: "line", n: Number(m[0]) };
    }
    if (script[i] === "/") {
      const [re, next] = delimited(script, i + 1, "/");
      i = next;
      return { kind: "re", re: new RegExp(posixRegex(re, extended)) };
    }
    return undefined;
  };
  while (i < script.length) {
    while (/[\s;]/.test(script[i] ?? "")) i++;
    if (i >= script.length) break;
    const cmd: Partial<Cmd> = { from: addr() };
    if (script[i] === ",") {
      i++;
      cmd.to = addr();
    }
    const op = script[i++];
    if (op === "s") {
      const delim = script[i] as string;
      const [re, a] = delimited(script, i + 1, delim);
      const [rep, b] = delimited(script, a, delim);
      i = b;
      let flags = "";
      while (/[gpI0-9]/.test(script[i] ?? "")) flags += script[i++];
      cmd.op = "s";
      cmd.re = new RegExp(posixRegex(re, extended), `${flags.includes("g") ? "g" : ""}${flags.includes("I") ? "i" : ""}`);
      cmd.rep = rep;
      cmd.print = flags.includes("p");
    } else if (op === "p" || op === "d" || op === "q") cmd.op = op;
    else throw new SedError(`unsupported command ${op ?? ""}`);
    cmds.push(cmd as Cmd);
  }
  return cmds;
}

function matches(a: Addr, n: number, last: boolean, line: string): boolean {
  if (a.kind === "line") return a.n === n;
  if (a.kind === "last") return last;
  return a.re.test(line);
}

/** `\1`, `&` and escapes of a replacement, for String.replace. */
function replacement(rep: string): string {
  return rep.replace(/\$/g, "$$$$").replace(/\\(\d)|\\n|\\&|&|\\(.)/g, (m, d: string | undefined, c: string | undefined) => {
    if (d) return `$${d}`;
    if (m === "\\n") return "\n";
    if (m === "\\&") return "&";
    if (m === "&") return "$&";
    return c ?? "";
  });
}

function run(cmds: Cmd[], text: string, quiet: boolean): string {
  const all = lines(text);
  const out: string[] = [];
  for (const [k, original] of all.entries()) {
    let line = original;
    let deleted = false;
    let quit = false;
    const n = k + 1;
    const last = k === all.length - 1;
    for (const c of cmds) {
      let hit = true;
      if (c.from && c.to) {
        if (c.inRange) {
          hit = true;
          if (matches(c.to, n, last, line) || (c.to.kind === "line" && n >= c.to.n)) c.inRange = false;
        } else if (matches(c.from, n, last, line)) {
          hit = true;
          c.inRange = !(c.to.kind === "line" && c.to.n <= n);
        } else hit = false;
      } else if (c.from) hit = matches(c.from, n, last, line);
      if (!hit) continue;
      if (c.op === "d") {
        deleted = true;
        break;
      }
      if (c.op === "p") out.push(line);
      if (c.op === "q") {
        quit = true;
        break;
      }
      if (c.op === "s" && c.re) {
        c.re.lastIndex = 0;
        if (c.re.test(line)) {
          c.re.lastIndex = 0;
          line = line.replace(c.re, replacement(c.rep ?? ""));
          if (c.print) out.push(line);
        }
      }
    }
    if (!deleted && !quiet) out.push(line);
    if (quit) break;
  }
  return join(out);
}

/**
 * @example sed(["s/a/X/g"], "banana\n", io).stdout // "bXnXnX\n"
 */
export const sed: TextTool = (args, stdin, io): Output => {
  const scripts: string[] = [];
  const files: string[] = [];
  let quiet = false;
  let extended = false;
  let inPlace = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "-e") scripts.push(args[++i] ?? "");
    else if (/^-[nrEi]+$/.test(a)) {
      quiet ||= a.includes("n");
      extended ||= /[rE]/.test(a);
      inPlace ||= a.includes("i");
    } else files.push(a);
  }
  if (scripts.length === 0) {
    const s = files.shift();
    if (s === undefined) return err(io.bb ? BUSYBOX_USAGE : "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n", 1);
    scripts.push(s);
  }
  let cmds: Cmd[];
  try {
    cmds = parseScript(scripts.join("\n"), extended);
  } catch (e) {
    return err(`sed: ${(e as Error).message}\n`, 1);
  }
  if (inPlace) {
    let stderr = "";
    for (const f of files) {
      const r = io.read(f);
      if (!("text" in r)) stderr += `sed: ${f}: ${r.error}\n`;
      else {
        const failed = io.write?.(f, run(cmds, r.text, quiet), false) ?? "Read-only file system";
        if (failed) stderr += `sed: ${f}: ${failed}\n`;
      }
    }
    return { stdout: "", stderr, exitCode: stderr ? 1 : 0 };
  }
  const r = inputs("sed", files, stdin, io);
  return { stdout: run(cmds, r.text, quiet), stderr: r.stderr, exitCode: r.stderr ? 2 : 0 };
};
