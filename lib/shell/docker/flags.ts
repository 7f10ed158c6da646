/**
 * Flag parsing the way the docker CLI (cobra + pflag) does it, with its error texts: `--name x`,
 * `--name=x`, `-dit`, `-p80:80`, repeatable flags, and (for run/exec) the first positional argument
 * ending the flags.
 */
import { err, type Output } from "../context";

interface FlagSpec {
  long: string;
  short?: string;
  value: boolean;
}

export interface CommandSpec {
  /** e.g. "docker run" */
  path: string;
  usage: string;
  flags: readonly FlagSpec[];
  /** Flags end at the first positional argument (run, create, exec). */
  stopAtPositional?: boolean;
  /** Exit code of a flag error: the CLI gives 125 for most commands. */
}

export interface Parsed {
  flags: Map<string, string[]>;
  args: string[];
}

export function flagError(spec: CommandSpec, message: string): Output {
  return err(`${message}\n\nUsage:  ${spec.usage}\n\nRun '${spec.path} --help' for more information\n`, 125);
}

/** Parses argv (after the sub-command) or returns the CLI's error output. */
export function parseFlags(spec: CommandSpec, argv: readonly string[]): Parsed | Output {
  const flags = new Map<string, string[]>();
  const args: string[] = [];
  const put = (f: FlagSpec, v: string) => {
    const list = flags.get(f.long);
    if (list) list.push(v);
    else flags.set(f.long, [v]);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const f = spec.flags.find((x) => x.long === name);
      if (!f) return flagError(spec, `unknown flag: --${name}`);
      if (f.value) {
        if (eq >= 0) put(f, a.slice(eq + 1));
        else {
          const v = argv[i + 1];
          if (v === undefined) return flagError(spec, `flag needs an argument: --${name}`);
          put(f, v);
          i++;
        }
      } else put(f, eq >= 0 ? a.slice(eq + 1) : "true");
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j] as string;
        const f = spec.flags.find((x) => x.short === ch);
        if (!f) return flagError(spec, `unknown shorthand flag: '${ch}' in ${a}`);
        if (!f.value) {
          put(f, "true");
          continue;
        }
        const rest = a.slice(j + 1);
        if (rest !== "") put(f, rest.startsWith("=") ? rest.slice(1) : rest);
        else {
          const v = argv[i + 1];
          if (v === undefined) return flagError(spec, `flag needs an argument: '${ch}' in -${ch}`);
          put(f, v);
          i++;
        }
        break;
      }
      continue;
    }
    if (spec.stopAtPositional) {
      args.push(...argv.slice(i));
      break;
    }
    args.push(a);
  }
  return { flags, args };
}

export function isOutput(x: Parsed | Output): x is Output {
  return (x as Output).exitCode !== undefined;
}

export const has = (p: Parsed, name: string): boolean => (p.flags.get(name)?.at(-1) ?? "false") !== "false";
export const last = (p: Parsed, name: string): string | undefined => p.flags.get(name)?.at(-1);
export const all = (p: Parsed, name: string): string[] => p.flags.get(name) ?? [];

/** "requires at least N argument(s)" in the CLI's wording (with its See/Run inconsistency). */
export function argCountError(spec: CommandSpec, requirement: string, see = false): Output {
  return err(`docker: '${spec.path}' ${requirement}\n\nUsage:  ${spec.usage}\n\n${see ? "See" : "Run"} '${spec.path} --help' for more information\n`, 1);
}
