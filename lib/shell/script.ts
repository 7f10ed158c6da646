/**
 * The terminal's own shell (dash, Ubuntu's /bin/sh) on a machine: the command line goes through the
 * one shell interpreter (lib/shell/sh), with the machine's programs and the session's files.
 * Variables, the working directory and functions live across lines, as in an interactive shell.
 */
import type { Output } from "./context";
import { newState, Runner, type ShellHost, type ShellState } from "./sh/run";

interface ScriptOptions {
  /** Runs a command that reads stdin (after `|` or `<`); without it stdin is ignored. */
  execWithInput?: (words: string[], stdin: string, tty: boolean) => Output;
  /** The working directory's files, for `> FILE`, `>> FILE` and `< FILE`; without it they are refused. */
  files?: { read(path: string): string | null; write(path: string, text: string, append: boolean): string | null };
  /** The working directory (`$PWD`) the session starts in. */
  cwd?: string;
  /** The line's stdout is a terminal (the terminal's own lines; not ssh's remote command). */
  tty?: boolean;
}

/** Each session's shell state beyond its variables, found through its variable map. */
const states = new WeakMap<Map<string, string>, ShellState>();

/**
 * Parses and runs a command line; `exec` runs one program (already expanded into words).
 * Never throws.
 * @example runScript('N=web; docker ps -q --filter name=$N && echo "found $N"', env, exec)
 */
export function runScript(line: string, env: Map<string, string>, exec: (words: string[], tty: boolean) => Output, opts: ScriptOptions = {}): Output {
  let state = states.get(env);
  if (!state) {
    state = newState(env, opts.cwd ?? "/");
    if (!env.has("PWD")) env.set("PWD", state.cwd);
    states.set(env, state);
  }
  const files = opts.files;
  const host: ShellHost = {
    run: (argv, stdin, _cwd, tty) => (stdin !== "" && opts.execWithInput ? opts.execWithInput(argv, stdin, tty) : exec(argv, tty)),
    ...(files
      ? {
          read: (path: string) => files.read(path) ?? { error: "No such file or directory" },
          write: (path: string, text: string, append: boolean) => {
            const failed = files.write(path, text, append);
            return failed ? { error: failed } : null;
          },
        }
      : {}),
  };
  const runner = new Runner(state, host, { name: "sh", ash: false });
  runner.status = Number(env.get("?") ?? 0) || 0;
  runner.tty = opts.tty ?? false;
  const out = runner.script(line);
  env.set("?", String(out.exitCode));
  return out;
}
