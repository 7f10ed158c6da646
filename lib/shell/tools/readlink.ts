/**
 * `readlink [-fnv] FILE`: a symbolic link's target, as BusyBox (one FILE) and GNU coreutils (several,
 * plus -e and -m) print it. Learners use it on the links images ship (nginx's logs point at the
 * container's output) and the ones they make with `ln -s`.
 */
import { err, type Output } from "../context";
import { basename, dirname, normalize } from "../fs/path";
import { type FileEnv, flagsOf } from "./fileutils";

const BUSYBOX_USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: readlink [-fnv] FILE

Display the value of a symlink

\t-f\tCanonicalize by following all symlinks
\t-n\tDon't add newline
\t-v\tVerbose
`;

type Mode = "f" | "e" | "m";

/**
 * The canonical path: every link followed. `mode` says what may be missing: f all but the last part,
 * e nothing, m anything. A dangling link's target is taken from the link's directory (GNU); BusyBox
 * takes a relative one from the working directory, as the real applet does.
 */
function canonical(e: FileEnv, path: string, mode: Mode): string | null {
  const at = normalize(path, e.cwd);
  const real = existing(e, at);
  if (real !== undefined) return real;
  if (mode === "e") return null;
  const parent = existing(e, dirname(at));
  if (parent === undefined) return mode === "m" ? at : null;
  const last = normalize(basename(at), parent);
  const n = e.fs.lstat(last);
  if (n?.t !== "l") return last;
  // A dangling link: its target, resolved once more where it points (or given up on).
  const target = normalize(n.target, e.bb ? e.cwd : parent);
  return existing(e, dirname(target)) === undefined && mode !== "m" ? null : target;
}

/** The path with every link followed, if everything on the way exists. */
function existing(e: FileEnv, path: string): string | undefined {
  const real = e.fs.realpath(path);
  return real !== undefined && e.fs.lstat(real) !== undefined ? real : undefined;
}

/** The last part of `path` itself (not followed), its directory's links followed. */
function entryAt(e: FileEnv, path: string) {
  const at = normalize(path, e.cwd);
  const dir = existing(e, dirname(at));
  return dir === undefined ? undefined : e.fs.lstat(normalize(basename(at), dir));
}

export function readlink(e: FileEnv, args: string[]): Output {
  const { flags, rest: files } = flagsOf(args);
  if (e.bb && (files.length !== 1 || [...flags].some((f) => !"fnv".includes(f)))) return err(BUSYBOX_USAGE, 1);
  if (files.length === 0) return err("readlink: missing operand\nTry 'readlink --help' for more information.\n", 1);
  const mode: Mode | null = flags.has("f") ? "f" : flags.has("e") ? "e" : flags.has("m") ? "m" : null;
  const end = flags.has("n") && files.length === 1 ? "" : "\n";
  let stdout = "";
  let stderr = "";
  let failed = false;
  if (flags.has("n") && files.length > 1) stderr += "readlink: ignoring --no-newline with multiple arguments\n";
  for (const f of files) {
    const entry = mode ? undefined : entryAt(e, f);
    const out = mode ? canonical(e, f, mode) : entry?.t === "l" ? entry.target : null;
    if (out !== null) {
      stdout += out + end;
      continue;
    }
    failed = true;
    if (!flags.has("v")) continue;
    const why = mode || entry === undefined ? "No such file or directory" : "Invalid argument";
    stderr += e.bb ? `readlink: ${f}: cannot read link: ${why}\n` : `readlink: ${f}: ${why}\n`;
  }
  return { stdout, stderr, exitCode: failed ? 1 : 0 };
}
