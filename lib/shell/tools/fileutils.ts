/**
 * File programs over a container's file system: ls, mkdir, rm, rmdir, touch, cp, mv. BusyBox and GNU
 * coreutils word their errors differently; `bb` picks BusyBox's.
 */
import { type Chunk, err, type Output, written } from "../context";
import { basename, normalize } from "../fs/path";
import { ERRNO_TEXT, type Errno, type Node, type Vfs } from "../fs/vfs";
import { globRegex } from "../sh/expand";

export interface FileEnv {
  fs: Vfs;
  cwd: string;
  bb: boolean;
  now: number;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Single-letter options (bundled or not, up to `--`) and the operands. */
export function flagsOf(args: string[]): { flags: Set<string>; rest: string[] } {
  const flags = new Set<string>();
  const rest: string[] = [];
  let done = false;
  for (const a of args) {
    if (!done && a === "--") done = true;
    else if (!done && /^-[A-Za-z0-9]+$/.test(a)) for (const c of a.slice(1)) flags.add(c);
    else rest.push(a);
  }
  return { flags, rest };
}

export function modeText(n: Node): string {
  const type = n.t === "d" ? "d" : n.t === "l" ? "l" : "-";
  const mode = n.t === "l" ? 0o777 : n.mode;
  let s = "";
  for (let i = 8; i >= 0; i--) s += mode & (1 << i) ? "rwx"[(8 - i) % 3] : "-";
  if (mode & 0o1000) s = `${s.slice(0, 8)}${mode & 1 ? "t" : "T"}`;
  return type + s;
}

function sizeOf(n: Node): number {
  if (n.t === "f") return new TextEncoder().encode(n.data).length;
  if (n.t === "l") return n.target.length;
  return 4096;
}

function dateText(mtime: number, now: number): string {
  const d = new Date(mtime);
  const day = String(d.getUTCDate()).padStart(2, " ");
  const recent = now - mtime < 182 * 24 * 3600 * 1000 && mtime <= now + 3600 * 1000;
  const tail = recent ? `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}` : ` ${d.getUTCFullYear()}`;
  return `${MONTHS[d.getUTCMonth()]} ${day} ${tail}`;
}

function nlink(e: FileEnv, path: string, n: Node): number {
  if (n.t !== "d") return 1;
  const names = e.fs.list(path);
  return 2 + (Array.isArray(names) ? names.filter((x) => e.fs.lstat(normalize(x, path))?.t === "d").length : 0);
}

/** Names by id from /etc/passwd or /etc/group, as `ls -l` shows owners (an unknown id shows as its number). */
function idNames(e: FileEnv, file: string): Map<number, string> {
  const r = e.fs.read(file);
  const out = new Map<number, string>();
  if (typeof r === "string") return out;
  for (const line of r.text.split("\n")) {
    const [name, , id] = line.split(":");
    if (name && id !== undefined && /^\d+$/.test(id) && !out.has(Number(id))) out.set(Number(id), name);
  }
  return out;
}

function longRows(e: FileEnv, items: [string, string, Node][], numeric: boolean): string[] {
  const users = numeric ? new Map<number, string>() : idNames(e, "/etc/passwd");
  const groups = numeric ? new Map<number, string>() : idNames(e, "/etc/group");
  const rows = items.map(([name, path, n]) => ({
    mode: modeText(n),
    links: String(nlink(e, path, n)),
    owner: users.get(n.uid ?? 0) ?? String(n.uid ?? 0),
    group: groups.get(n.gid ?? 0) ?? String(n.gid ?? 0),
    size: String(sizeOf(n)),
    date: dateText("mtime" in n ? n.mtime : 0, e.now),
    name: n.t === "l" ? `${name} -> ${n.target}` : name,
  }));
  if (e.bb) return rows.map((r) => `${r.mode} ${r.links.padStart(4)} ${r.owner.padEnd(8)} ${r.group.padEnd(8)} ${r.size.padStart(9)} ${r.date} ${r.name}`);
  const width = (k: "links" | "owner" | "group" | "size") => Math.max(...rows.map((r) => r[k].length));
  const [lw, ow, gw, sw] = [width("links"), width("owner"), width("group"), width("size")];
  return rows.map((r) => `${r.mode} ${r.links.padStart(lw)} ${r.owner.padEnd(ow)} ${r.group.padEnd(gw)} ${r.size.padStart(sw)} ${r.date} ${r.name}`);
}

function blocks(items: [string, string, Node][]): number {
  return items.reduce((sum, [, , n]) => sum + (n.t === "l" ? 0 : Math.ceil(sizeOf(n) / 4096) * 4), 0);
}

/** `ls [-1laAd] [PATH...]`: names one per line (output is never a terminal here). */
export function ls(e: FileEnv, args: string[]): Output {
  const { flags, rest } = flagsOf(args);
  const targets = rest.length ? rest : ["."];
  // Missing operands are reported first, then the files, then each directory (or why it can't be opened).
  const out: Chunk[] = [];
  const say = (stream: Chunk["stream"], text: string) => out.push({ stream, text });
  const files: [string, string, Node][] = [];
  const dirs: [string, string][] = [];
  for (const t of targets) {
    const path = normalize(t, e.cwd);
    const n = e.fs.stat(path);
    const ln = e.fs.lstat(path);
    if (!n || !ln) {
      say("stderr", e.bb ? `ls: ${t}: No such file or directory\n` : `ls: cannot access '${t}': No such file or directory\n`);
      continue;
    }
    if (n.t === "d" && !flags.has("d")) dirs.push([t, path]);
    else files.push([t, path, flags.has("l") || flags.has("n") ? ln : n]);
  }
  // -n is -l with numeric owners.
  const long = flags.has("l") || flags.has("n");
  const show = (items: [string, string, Node][]) => (long ? longRows(e, items, flags.has("n")) : items.map(([name]) => name));
  if (files.length) say("stdout", `${show(files.sort((a, b) => (a[0] < b[0] ? -1 : 1))).join("\n")}\n`);
  for (const [i, [t, path]] of dirs.entries()) {
    const names = e.fs.list(path);
    if (!Array.isArray(names)) {
      say("stderr", e.bb ? `ls: can't open '${t}': ${errText(names)}\n` : `ls: cannot open directory '${t}': ${errText(names)}\n`);
      continue;
    }
    const all = flags.has("a") ? [".", "..", ...names] : flags.has("A") ? names : names.filter((n) => !n.startsWith("."));
    const items = all.map((name): [string, string, Node] => {
      const p = name === "." ? path : name === ".." ? normalize("..", path) : normalize(name, path);
      return [name, p, (e.fs.lstat(p) ?? e.fs.stat(path)) as Node];
    });
    if (targets.length > 1) say("stdout", `${files.length || i > 0 ? "\n" : ""}${t}:\n`);
    if (long) say("stdout", `total ${blocks(items)}\n`);
    if (items.length) say("stdout", `${show(items).join("\n")}\n`);
  }
  return written(out, out.some((c) => c.stream === "stderr") ? (e.bb ? 1 : 2) : 0);
}

function errText(e: Errno): string {
  return ERRNO_TEXT[e];
}

/** `mkdir [-p] DIR...` */
export function mkdir(e: FileEnv, args: string[]): Output {
  const { flags, rest } = flagsOf(args);
  let stderr = "";
  for (const d of rest) {
    const path = normalize(d, e.cwd);
    if (flags.has("p")) {
      let cur = "";
      for (const part of path.split("/").filter(Boolean)) {
        cur += `/${part}`;
        const n = e.fs.stat(cur);
        if (n?.t === "d") continue;
        const r = n ? "EEXIST" : e.fs.mkdir(cur);
        if (r) {
          stderr += e.bb ? `mkdir: can't create directory '${d}': ${errText(r)}\n` : `mkdir: cannot create directory '${d}': ${errText(r)}\n`;
          break;
        }
      }
      continue;
    }
    const r = e.fs.mkdir(path);
    if (r) stderr += e.bb ? `mkdir: can't create directory '${d}': ${errText(r)}\n` : `mkdir: cannot create directory '${d}': ${errText(r)}\n`;
  }
  if (rest.length === 0) return err(e.bb ? "mkdir: missing operand\n" : "mkdir: missing operand\nTry 'mkdir --help' for more information.\n", 1);
  return { stdout: "", stderr, exitCode: stderr ? 1 : 0 };
}

/** `rm [-rf] PATH...` */
export function rm(e: FileEnv, args: string[]): Output {
  const { flags, rest } = flagsOf(args);
  const recursive = flags.has("r") || flags.has("R");
  let stderr = "";
  for (const p of rest) {
    const path = normalize(p, e.cwd);
    const n = e.fs.lstat(path);
    if (!n) {
      if (!flags.has("f")) stderr += e.bb ? `rm: can't remove '${p}': No such file or directory\n` : `rm: cannot remove '${p}': No such file or directory\n`;
      continue;
    }
    if (n.t === "d" && !recursive) {
      stderr += e.bb ? `rm: '${p}' is a directory\n` : `rm: cannot remove '${p}': Is a directory\n`;
      continue;
    }
    const r = e.fs.remove(path, true);
    if (r) stderr += e.bb ? `rm: can't remove '${p}': ${errText(r)}\n` : `rm: cannot remove '${p}': ${errText(r)}\n`;
  }
  if (rest.length === 0 && !flags.has("f")) return err(e.bb ? "rm: missing operand\n" : "rm: missing operand\nTry 'rm --help' for more information.\n", 1);
  return { stdout: "", stderr, exitCode: stderr ? 1 : 0 };
}

/** `rmdir DIR...` */
export function rmdir(e: FileEnv, args: string[]): Output {
  let stderr = "";
  for (const p of flagsOf(args).rest) {
    const path = normalize(p, e.cwd);
    const n = e.fs.lstat(path);
    const r: Errno | null = !n ? "ENOENT" : n.t !== "d" ? "ENOTDIR" : e.fs.remove(path, false);
    if (r) stderr += e.bb ? `rmdir: '${p}': ${errText(r)}\n` : `rmdir: failed to remove '${p}': ${errText(r)}\n`;
  }
  return { stdout: "", stderr, exitCode: stderr ? 1 : 0 };
}

/** `touch FILE...`: creates missing files, gives existing ones a new time. */
export function touch(e: FileEnv, args: string[]): Output {
  let stderr = "";
  for (const p of flagsOf(args).rest) {
    const path = normalize(p, e.cwd);
    const n = e.fs.stat(path);
    const r = n?.t === "d" ? null : e.fs.write(path, "", true);
    if (r) stderr += e.bb ? `touch: ${p}: ${errText(r)}\n` : `touch: cannot touch '${p}': ${errText(r)}\n`;
  }
  return { stdout: "", stderr, exitCode: stderr ? 1 : 0 };
}

function copyTree(e: FileEnv, from: string, to: string): Errno | null {
  const n = e.fs.stat(from);
  if (!n) return "ENOENT";
  if (n.t === "f") return e.fs.write(to, n.data);
  if (n.t !== "d") return null;
  const made = e.fs.stat(to) ? null : e.fs.mkdir(to, n.mode);
  if (made) return made;
  const names = e.fs.list(from);
  if (!Array.isArray(names)) return names;
  for (const name of names) {
    const r = copyTree(e, `${from === "/" ? "" : from}/${name}`, `${to}/${name}`);
    if (r) return r;
  }
  return null;
}

/** `cp [-r] SRC... DEST` and `mv SRC... DEST`. */
export function cpOrMv(e: FileEnv, args: string[], move: boolean): Output {
  const prog = move ? "mv" : "cp";
  const { flags, rest } = flagsOf(args);
  if (rest.length < 2) return err(e.bb ? `${prog}: missing file operand\n` : `${prog}: missing file operand\nTry '${prog} --help' for more information.\n`, 1);
  const dest = normalize(rest[rest.length - 1] as string, e.cwd);
  const intoDir = e.fs.stat(dest)?.t === "d";
  let stderr = "";
  for (const s of rest.slice(0, -1)) {
    const src = normalize(s, e.cwd);
    const n = e.fs.stat(src);
    const to = intoDir ? normalize(basename(src), dest) : dest;
    if (!n) {
      if (move) stderr += e.bb ? `mv: can't rename '${s}': No such file or directory\n` : `mv: cannot stat '${s}': No such file or directory\n`;
      else stderr += e.bb ? `cp: can't stat '${s}': No such file or directory\n` : `cp: cannot stat '${s}': No such file or directory\n`;
      continue;
    }
    if (n.t === "d" && !move && !flags.has("r") && !flags.has("R") && !flags.has("a")) {
      stderr += e.bb ? `cp: omitting directory '${s}'\n` : `cp: -r not specified; omitting directory '${s}'\n`;
      continue;
    }
    const r = copyTree(e, src, to) ?? (move ? e.fs.remove(src, true) : null);
    // mv renames: a refused rename is reported against the source, as BusyBox and GNU mv do.
    if (r && move && (r === "EACCES" || r === "EPERM"))
      stderr += e.bb ? `mv: can't rename '${s}': ${errText(r)}\n` : `mv: cannot move '${s}' to '${to}': ${errText(r)}\n`;
    else if (r) stderr += `${prog}: can't create '${to}': ${errText(r)}\n`;
  }
  return { stdout: "", stderr, exitCode: stderr ? 1 : 0 };
}

/** `cat [-n] [FILE...]` */
export function catFiles(e: FileEnv, args: string[], stdin: string): Output {
  const { flags, rest } = flagsOf(args);
  // -n numbers the lines of all the files as one stream: a line a file leaves open goes on in the next.
  let n = 0;
  let fresh = true;
  const number = (text: string) =>
    text.replace(/[^\n]*\n|[^\n]+$/g, (line) => {
      const prefix = fresh ? `${String(++n).padStart(6)}\t` : "";
      fresh = line.endsWith("\n");
      return prefix + line;
    });
  // BusyBox's -n reads whole lines (a last line without its newline gets one) and words errors as perror does.
  const bbLines = e.bb && flags.has("n");
  const out: Chunk[] = [];
  for (const f of rest.length ? rest : ["-"]) {
    const text = f === "-" ? { text: stdin } : e.fs.read(normalize(f, e.cwd));
    if (typeof text !== "string")
      out.push({ stream: "stdout", text: flags.has("n") ? number(bbLines ? text.text.replace(/([^\n])$/, "$1\n") : text.text) : text.text });
    else if (e.bb && !bbLines)
      out.push({ stream: "stderr", text: text === "EISDIR" ? `cat: read error: Is a directory\n` : `cat: can't open '${f}': ${errText(text)}\n` });
    else out.push({ stream: "stderr", text: `cat: ${f}: ${errText(text)}\n` });
  }
  return written(out, out.some((c) => c.stream === "stderr") ? 1 : 0);
}

/** `find [PATH...] [-name PAT] [-type f|d|l] [-maxdepth N] [-mindepth N]`, in name order. */
export function find(e: FileEnv, args: string[]): Output {
  const roots: string[] = [];
  let i = 0;
  for (; i < args.length && !(args[i] as string).startsWith("-"); i++) roots.push(args[i] as string);
  const tests: ((path: string, n: Node) => boolean)[] = [];
  let maxDepth = Number.POSITIVE_INFINITY;
  let minDepth = 0;
  for (; i < args.length; i++) {
    const a = args[i] as string;
    const v = args[i + 1];
    if ((a === "-name" || a === "-iname") && v !== undefined) {
      const re = globRegex([[v, false]]);
      const ci = new RegExp(re.source, "i");
      tests.push((p) => (a === "-iname" ? ci : re).test(basename(p)));
      i++;
    } else if (a === "-type" && v !== undefined) {
      tests.push((_, n) => n.t === v);
      i++;
    } else if (a === "-maxdepth" && v !== undefined) {
      maxDepth = Number(v);
      i++;
    } else if (a === "-mindepth" && v !== undefined) {
      minDepth = Number(v);
      i++;
    } else if (a !== "-print" && a !== "-xdev") return err(e.bb ? `find: unrecognized: ${a}\n` : `find: unknown predicate '${a}'\n`, 1);
  }
  let stdout = "";
  let stderr = "";
  let found = 0;
  const walk = (shown: string, path: string, depth: number) => {
    if (++found > 20_000) return;
    const n = e.fs.lstat(path);
    if (!n) return;
    if (depth >= minDepth && tests.every((t) => t(path, n))) stdout += `${shown}\n`;
    if (n.t !== "d" || depth >= maxDepth) return;
    const names = e.fs.list(path);
    if (!Array.isArray(names)) {
      stderr += e.bb ? `find: ${shown}: ${errText(names)}\n` : `find: '${shown}': ${errText(names)}\n`;
      return;
    }
    for (const name of names) walk(shown.endsWith("/") ? `${shown}${name}` : `${shown}/${name}`, normalize(name, path), depth + 1);
  };
  for (const r of roots.length ? roots : ["."]) {
    const path = normalize(r, e.cwd);
    if (!e.fs.lstat(path)) {
      stderr += e.bb ? `find: ${r}: No such file or directory\n` : `find: '${r}': No such file or directory\n`;
      continue;
    }
    walk(r, path, 0);
  }
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
}

/** `chmod MODE FILE...`: octal modes and `[ugoa][+-=][rwx]` changes. */
export function chmod(e: FileEnv, args: string[]): Output {
  const [mode, ...files] = args.filter((a) => a !== "-R");
  if (mode === undefined || files.length === 0)
    return err(e.bb ? "chmod: missing operand\n" : "chmod: missing operand\nTry 'chmod --help' for more information.\n", 1);
  let stderr = "";
  for (const f of files) {
    const path = normalize(f, e.cwd);
    const n = e.fs.stat(path);
    if (!n || n.t === "l") {
      stderr += e.bb ? `chmod: ${f}: No such file or directory\n` : `chmod: cannot access '${f}': No such file or directory\n`;
      continue;
    }
    let next = n.mode;
    if (/^[0-7]{1,4}$/.test(mode)) next = Number.parseInt(mode, 8);
    else {
      for (const part of mode.split(",")) {
        const m = /^([ugoa]*)([-+=])([rwx]*)$/.exec(part);
        if (!m) return err(`chmod: invalid mode '${mode}'\n`, 1);
        const who = m[1] || "a";
        let bits = 0;
        for (const p of m[3] ?? "") bits |= p === "r" ? 4 : p === "w" ? 2 : 1;
        let mask = 0;
        if (/[ua]/.test(who)) mask |= bits << 6;
        if (/[ga]/.test(who)) mask |= bits << 3;
        if (/[oa]/.test(who)) mask |= bits;
        next = m[2] === "+" ? next | mask : m[2] === "-" ? next & ~mask : (next & ~0o777) | mask;
      }
    }
    const r = e.fs.chmod(path, next);
    if (r) stderr += `chmod: ${f}: ${errText(r)}\n`;
  }
  return { stdout: "", stderr, exitCode: stderr ? 1 : 0 };
}

/** `ln -s TARGET LINK` (a hard link `ln A B` is a copy here). */
export function ln(e: FileEnv, args: string[]): Output {
  const { flags, rest } = flagsOf(args);
  const [target, link] = rest;
  if (target === undefined || link === undefined) return err(e.bb ? "ln: missing operand\n" : "ln: missing file operand\n", 1);
  const at = e.fs.stat(normalize(link, e.cwd))?.t === "d" ? normalize(basename(target), normalize(link, e.cwd)) : normalize(link, e.cwd);
  if (flags.has("f")) e.fs.remove(at, false);
  if (!flags.has("s")) return cpOrMv(e, [target, link], false);
  const r = e.fs.symlink(target, at);
  if (r) return err(e.bb ? `ln: ${link}: ${errText(r)}\n` : `ln: failed to create symbolic link '${link}': ${errText(r)}\n`, 1);
  return { stdout: "", stderr: "", exitCode: 0 };
}
