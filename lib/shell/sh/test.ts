/** `test` and `[`: file tests over the shell's file system, string and integer comparisons. */
import type { Output } from "../context";

/** What `test` needs from its shell: the error prefix and file status. */
export interface TestShell {
  prefix(): string;
  stat(path: string, nofollow?: boolean): { t: "f" | "d" | "l"; mode: number; size: number } | null;
}

const done = (ok: boolean): Output => ({ stdout: "", stderr: "", exitCode: ok ? 0 : 1 });

function fileTest(sh: TestShell, op: string, path: string): boolean {
  const st = sh.stat(path, op === "-L" || op === "-h");
  switch (op) {
    case "-e":
      return st !== null;
    case "-f":
      return st?.t === "f";
    case "-d":
      return st?.t === "d";
    case "-L":
    case "-h":
      return st?.t === "l";
    case "-s":
      return (st?.size ?? 0) > 0;
    case "-x":
      return st !== null && (st.mode & 0o111) !== 0;
    default:
      return st !== null;
  }
}

const BINARY = ["=", "==", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge"];

/** An error the shells print without the command's name (`sh: -lt: argument expected`). */
class Bare extends Error {}

const UNARY = new Set(["-e", "-f", "-d", "-L", "-h", "-s", "-x", "-r", "-w", "-n", "-z"]);

/**
 * Evaluates a `test` expression; exit 2 with the shell's message when it can't be read.
 * @example testCommand(sh, ["-d", "/tmp"], false).exitCode // 0
 */
export function testCommand(sh: TestShell, argv: string[], bracket: boolean): Output {
  let args = argv;
  if (bracket) {
    if (args[args.length - 1] !== "]") return { stdout: "", stderr: `${sh.prefix()}[: missing ]\n`, exitCode: 2 };
    args = args.slice(0, -1);
  }
  let i = 0;
  const bad = (msg: string): never => {
    throw new Error(msg);
  };
  const primary = (): boolean => {
    const a = args[i];
    if (a === undefined) return bad("argument expected");
    if (a === "!") {
      i++;
      return !primary();
    }
    if (a === "(") {
      i++;
      const v = or();
      if (args[i++] !== ")") bad("closing paren expected");
      return v;
    }
    const op = args[i + 1];
    if (op !== undefined && BINARY.includes(op) && args[i + 2] === undefined) throw new Bare(`${op}: argument expected`);
    if (op !== undefined && ["=", "==", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge"].includes(op) && args[i + 2] !== undefined) {
      const b = args[i + 2] as string;
      i += 3;
      if (op === "=" || op === "==") return a === b;
      if (op === "!=") return a !== b;
      const x = Number(a);
      const y = Number(b);
      if (!/^\s*-?\d+\s*$/.test(a)) bad(`${a}: bad number`);
      if (!/^\s*-?\d+\s*$/.test(b)) bad(`${b}: bad number`);
      return { "-eq": x === y, "-ne": x !== y, "-lt": x < y, "-le": x <= y, "-gt": x > y, "-ge": x >= y }[op] as boolean;
    }
    if (UNARY.has(a) && args[i + 1] !== undefined) {
      const v = args[i + 1] as string;
      i += 2;
      if (a === "-n") return v !== "";
      if (a === "-z") return v === "";
      return fileTest(sh, a, v);
    }
    i++;
    return a !== "";
  };
  const and = (): boolean => {
    let v = primary();
    while (args[i] === "-a") {
      i++;
      v = primary() && v;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (args[i] === "-o") {
      i++;
      v = and() || v;
    }
    return v;
  };
  try {
    if (args.length === 0) return done(false);
    const v = or();
    if (i < args.length) bad(`${args[i]}: unknown operand`);
    return done(v);
  } catch (e) {
    const name = e instanceof Bare ? "" : `${bracket ? "[" : "test"}: `;
    return { stdout: "", stderr: `${sh.prefix()}${name}${(e as Error).message}\n`, exitCode: 2 };
  }
}
