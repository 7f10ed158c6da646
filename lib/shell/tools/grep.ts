/** `grep` as BusyBox and GNU grep answer it: -E -F -i -v -c -l -n -o -q -w -x -h -H -e, several files. */
import { err, type Output } from "../context";
import { inputs, inTurn, lines, type TextIo, type TextTool } from "./coreutils";

const BUSYBOX_USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: grep [-HhnlLoqvsrRiwFEz] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...

Search for PATTERN in FILEs (or stdin)

\t-H\tAdd 'filename:' prefix
\t-h\tDo not add 'filename:' prefix
\t-n\tAdd 'line_no:' prefix
\t-l\tShow only names of files that match
\t-L\tShow only names of files that don't match
\t-c\tShow only count of matching lines
\t-o\tShow only the matching part of line
\t-q\tQuiet. Return 0 if PATTERN is found, 1 otherwise
\t-v\tSelect non-matching lines
\t-s\tSuppress open and read errors
\t-r\tRecurse
\t-R\tRecurse and dereference symlinks
\t-i\tIgnore case
\t-w\tMatch whole words only
\t-x\tMatch whole lines only
\t-F\tPATTERN is a literal (not regexp)
\t-E\tPATTERN is an extended regexp
\t-z\tNUL terminated input
\t-m N\tMatch up to N times per file
\t-A N\tPrint N lines of trailing context
\t-B N\tPrint N lines of leading context
\t-C N\tSame as '-A N -B N'
\t-e PTRN\tPattern to match
\t-f FILE\tRead pattern from file
`;

/** A POSIX basic or extended regular expression as a JavaScript one. */
export function posixRegex(pattern: string, extended: boolean): string {
  const classes: Record<string, string> = {
    "[:digit:]": "0-9",
    "[:alpha:]": "A-Za-z",
    "[:alnum:]": "A-Za-z0-9",
    "[:upper:]": "A-Z",
    "[:lower:]": "a-z",
    "[:space:]": "\\s",
  };
  let p = pattern.replace(/\[:[a-z]+:\]/g, (c) => classes[c] ?? c);
  if (!extended) {
    // In a basic expression \( \) \{ \} \| \+ \? are the operators and the bare characters literal.
    p = p.replace(/\\([(){}|+?])|([(){}|+?])/g, (_, op: string | undefined, lit: string | undefined) => (op ? op : `\\${lit}`));
  }
  return p;
}

function parse(args: string[]): { flags: Set<string>; patterns: string[]; files: string[] } | null {
  const flags = new Set<string>();
  const patterns: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "-e") patterns.push(args[++i] ?? "");
    else if (a.startsWith("-") && a.length > 1 && !/^-\d/.test(a)) for (const c of a.slice(1)) flags.add(c);
    else files.push(a);
  }
  if (patterns.length === 0) {
    const first = files.shift();
    if (first === undefined) return null;
    patterns.push(first);
  }
  return { flags, patterns, files };
}

/**
 * @example grep(["-o", "[0-9]*"], "a 10\n", io).stdout // "10\n"
 */
export const grep: TextTool = (args: string[], stdin: string, io: TextIo): Output => {
  const p = parse(args);
  if (!p) return err(io.bb ? BUSYBOX_USAGE : "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2);
  const { flags } = p;
  let re: RegExp;
  try {
    const source = p.patterns
      .map((pat) => (flags.has("F") ? pat.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : posixRegex(pat, flags.has("E"))))
      .map((s) => (flags.has("w") ? `(?<![A-Za-z0-9_])(?:${s})(?![A-Za-z0-9_])` : flags.has("x") ? `^(?:${s})$` : s))
      .join("|");
    re = new RegExp(source, flags.has("i") ? "gi" : "g");
  } catch {
    return err(io.bb ? `grep: bad regex '${p.patterns[0]}'\n` : `grep: Unmatched ( or \\(\n`, 2);
  }
  const r = inputs("grep", p.files, stdin, io);
  const named = (p.files.length > 1 || flags.has("H")) && !flags.has("h");
  const outs: string[] = [];
  let matched = false;
  for (const [name, text] of r.each) {
    let stdout = "";
    let n = 0;
    for (const [i, line] of lines(text).entries()) {
      re.lastIndex = 0;
      const hit = re.test(line) !== flags.has("v");
      if (!hit) continue;
      n++;
      matched = true;
      if (flags.has("q") || flags.has("c") || flags.has("l")) continue;
      const prefix = `${named ? `${name}:` : ""}${flags.has("n") ? `${i + 1}:` : ""}`;
      if (flags.has("o") && !flags.has("v")) {
        re.lastIndex = 0;
        for (const m of line.matchAll(re)) if (m[0] !== "") stdout += `${prefix}${m[0]}\n`;
      } else stdout += `${prefix}${line}\n`;
    }
    if (flags.has("c")) stdout += `${named ? `${name}:` : ""}${n}\n`;
    if (flags.has("l") && n > 0) stdout += `${name || "(standard input)"}\n`;
    outs.push(stdout);
  }
  if (flags.has("q")) return { stdout: "", stderr: matched ? "" : r.stderr, exitCode: matched ? 0 : r.stderr ? 2 : 1 };
  const code = r.stderr ? 2 : matched ? 0 : 1;
  return inTurn(flags.has("s") ? { ...r, failed: [] } : r, outs, code);
};
