/**
 * The programs of the headless shell: which ones a container's image ships, and which ones the
 * host has. `docker exec` goes through `execInContainer`, host command lines through `runOnHost`.
 */
import type { Tool as CatalogTool } from "../../model";
import { err, joined, type Output, type Tool, type ToolEnv } from "../context";
import { commitFs, containerFs } from "../fs/container";
import { normalize } from "../fs/path";
import { ERRNO_TEXT, type Vfs } from "../fs/vfs";
import { type Dialect, newState, Runner, type ShellHost } from "../sh/run";
import { awk } from "./awk";
import { date, TEXT_TOOLS, type TextIo, type TextTool } from "./coreutils";
import { curl } from "./curl";
import { readFile } from "./etc";
import { cat, envTool, getent, hostname } from "./files";
import { catFiles, chmod, cpOrMv, type FileEnv, find, ln, ls, mkdir, rm, rmdir, touch } from "./fileutils";
import { gnuWget } from "./gnu-wget";
import { grep } from "./grep";
import { ip } from "./ip";
import { nc, telnet } from "./nc";
import { nslookup } from "./nslookup";
import { apk, aptGet } from "./packages";
import { ping } from "./ping";
import { ps } from "./ps";
import { readlink } from "./readlink";
import { sed } from "./sed";
import { tar } from "./tar";
import { uname } from "./uname";
import { execUser } from "./users";
import { wget } from "./wget";

export { ip };

/** A program with the stdin a pipe gives it. */
type Program = (env: ToolEnv, args: string[], stdin: string) => Output;

/**
 * What a program needs in the image: a catalog tool, "busybox" for BusyBox-only applets (images whose
 * tools include nslookup are BusyBox-based), "debian" for what only Debian-based images have, or
 * "own-file" for programs found only by their file (package managers, which the image tree places).
 */
type Need = CatalogTool | "busybox" | "debian" | "own-file";

interface Entry {
  run: Program;
  need: Need;
}

/** Where text programs read and write FILE operands: the container's files, or the session's on a machine. */
function textIo(env: ToolEnv): TextIo {
  const fs = env.fs;
  if (fs) {
    const at = (path: string) => normalize(path, env.cwd ?? "/");
    return {
      bb: isBusybox(env),
      ...(env.user ? { user: env.user } : {}),
      cwd: env.cwd ?? "/",
      read: (path) => {
        const r = fs.read(at(path));
        return typeof r === "string" ? { error: ERRNO_TEXT[r] } : r;
      },
      write: (path, text, append) => {
        const r = fs.write(at(path), text, append);
        return r ? ERRNO_TEXT[r] : null;
      },
    };
  }
  return {
    bb: false,
    read: (path) => {
      const text = readFile(env, path);
      return text === null ? { error: "No such file or directory" } : { text };
    },
    write: (path, text, append) => env.ctx.writeFile(path, text, append),
  };
}

const TEXT: ReadonlyMap<string, TextTool> = new Map([...TEXT_TOOLS, ["grep", grep], ["sed", sed], ["awk", awk]]);

const text = (name: string): Program => {
  const t = TEXT.get(name);
  if (!t) throw new Error(`no text tool ${name}`);
  return (env, args, stdin) => t(args, stdin, textIo(env));
};

/** `xargs [-n N] [COMMAND [ARG...]]`: runs COMMAND (echo) with the words of stdin as more arguments. */
function xargs(env: ToolEnv, args: string[], stdin: string): Output {
  let per = Number.POSITIVE_INFINITY;
  let i = 0;
  for (; i < args.length && (args[i] as string).startsWith("-"); i++) {
    const a = args[i] as string;
    if (a === "-n") per = Number(args[++i]) || 1;
    else if (a.startsWith("-n")) per = Number(a.slice(2)) || 1;
  }
  const cmd = args.length > i ? args.slice(i) : ["echo"];
  const words = stdin.split(/\s+/).filter(Boolean);
  const runs: Output[] = [];
  let exitCode = 0;
  for (let k = 0; k === 0 || k < words.length; k += Number.isFinite(per) ? per : words.length || 1) {
    const r = containerRunner(env)([...cmd, ...words.slice(k, Number.isFinite(per) ? k + per : undefined)], "");
    if (!r) return joined([...runs, err(`xargs: ${cmd[0]}: No such file or directory\n`)], 127);
    runs.push(r);
    if (r.exitCode !== 0) exitCode = 123;
    if (words.length === 0) break;
  }
  return joined(runs, exitCode);
}

/** The container's files as the file programs see them. */
function fileEnv(env: ToolEnv): FileEnv | null {
  if (!env.fs) return null;
  return { fs: env.fs, cwd: env.cwd ?? "/", bb: isBusybox(env), now: env.ctx.now };
}

/** A file program; without a file system (on a machine) it does not exist. */
function fileProgram(run: (e: FileEnv, args: string[], stdin: string) => Output): Program {
  return (env, args, stdin) => {
    const e = fileEnv(env);
    return e ? run(e, args, stdin) : { stdout: "", stderr: "", exitCode: 127 };
  };
}

/** What a shell inside a container reaches: the image's programs and the container's files. */
function containerHost(env: ToolEnv, fs: Vfs): ShellHost {
  const at = (path: string, cwd: string) => normalize(path, cwd);
  return {
    run: (argv, stdin, cwd) => containerRunner({ ...env, cwd })(argv, stdin),
    read: (path, cwd) => {
      const r = fs.read(at(path, cwd));
      return typeof r === "string" ? { error: ERRNO_TEXT[r] } : r.text;
    },
    write: (path, text, append, cwd) => {
      const r = fs.write(at(path, cwd), text, append);
      return r ? { error: ERRNO_TEXT[r] } : null;
    },
    isDir: (path, cwd) => fs.stat(at(path, cwd))?.t === "d",
    list: (dir, cwd) => {
      const r = fs.list(at(dir, cwd));
      return Array.isArray(r) ? r : null;
    },
    stat: (path, cwd, nofollow) => {
      const n = nofollow ? fs.lstat(at(path, cwd)) : fs.stat(at(path, cwd));
      return n ? { t: n.t, mode: n.t === "l" ? 0o777 : n.mode, size: n.t === "f" ? n.data.length : 4096 } : null;
    },
  };
}

/** A script file the shell can't read, in each shell's words. */
function cannotOpen(name: "sh" | "bash", ash: boolean, file: string): Output {
  if (name === "bash") return { stdout: "", stderr: `bash: ${file}: No such file or directory\n`, exitCode: 127 };
  if (ash) return { stdout: "", stderr: `sh: can't open '${file}': No such file or directory\n`, exitCode: 2 };
  return { stdout: "", stderr: `sh: 0: cannot open ${file}: No such file\n`, exitCode: 2 };
}

/** `sh -c SCRIPT [NAME ARGS...]`, `bash -c ...`: BusyBox ash, dash or bash over the container's files. */
function shell(name: "sh" | "bash"): Program {
  return (env, args, stdin) => {
    const c = args.indexOf("-c");
    const dialect: Dialect = { name, ash: name === "sh" && isBusybox(env) };
    const file = c < 0 ? args.find((a) => !a.startsWith("-")) : undefined;
    let script = c < 0 ? stdin : args[c + 1];
    if (script === undefined) return { stdout: "", stderr: `${name}: -c requires an argument\n`, exitCode: 2 };
    if (file !== undefined) {
      const text = env.fs?.read(normalize(file, env.cwd ?? "/"));
      if (!text || typeof text === "string") return cannotOpen(name, dialect.ash, file);
      script = text.text;
    }
    const fs = env.fs;
    const host: ShellHost = fs ? containerHost(env, fs) : { run: (argv, input) => hostRunner(env)(argv, input) };
    const vars = new Map([
      ["HOME", "/root"],
      ["PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
      ["HOSTNAME", env.view?.hostname ?? ""],
      ["PWD", env.cwd ?? "/"],
      // `docker run -e NAME=value`: the container's own variables.
      ...(env.view?.c.spec?.env ?? []).map((e): [string, string] => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]),
    ]);
    const state = newState(vars, env.cwd ?? "/");
    if (c >= 0) {
      state.positional = args.slice(c + 3);
      if (args[c + 2] !== undefined) state.arg0 = args[c + 2];
    } else if (file !== undefined) {
      state.positional = args.slice(args.indexOf(file) + 1);
      state.arg0 = file;
    }
    return new Runner(state, host, dialect).script(script);
  };
}

const CONTAINER: ReadonlyMap<string, Entry> = new Map<string, Entry>([
  ["sh", { run: shell("sh"), need: "sh" }],
  ["ash", { run: shell("sh"), need: "busybox" }],
  ["bash", { run: shell("bash"), need: "debian" }],
  ["ping", { run: (e, a) => ping(e, a), need: "ping" }],
  ["nslookup", { run: (e, a) => nslookup(e, a), need: "nslookup" }],
  ["wget", { run: (e, a) => wget(e, a), need: "wget" }],
  ["curl", { run: (e, a) => curl(e, a), need: "curl" }],
  ["ip", { run: (e, a) => ip(e, a), need: "ip" }],
  ["getent", { run: (e, a) => getent(e, a), need: "getent" }],
  ["hostname", { run: (e, a) => hostname(e, a, isBusybox(e)), need: "hostname" }],
  ["cat", { run: (e, a, s) => (e.fs ? fileProgram(catFiles)(e, a, s) : cat(e, a, s, isBusybox(e))), need: "cat" }],
  ["ls", { run: fileProgram(ls), need: "sh" }],
  ["mkdir", { run: fileProgram(mkdir), need: "sh" }],
  ["rm", { run: fileProgram(rm), need: "sh" }],
  ["rmdir", { run: fileProgram(rmdir), need: "sh" }],
  ["touch", { run: fileProgram(touch), need: "sh" }],
  ["cp", { run: fileProgram((e, a) => cpOrMv(e, a, false)), need: "sh" }],
  ["mv", { run: fileProgram((e, a) => cpOrMv(e, a, true)), need: "sh" }],
  ["find", { run: fileProgram(find), need: "sh" }],
  ["chmod", { run: fileProgram(chmod), need: "sh" }],
  ["ln", { run: fileProgram(ln), need: "sh" }],
  ["readlink", { run: fileProgram(readlink), need: "sh" }],
  ["which", { run: which, need: "sh" }],
  ["xargs", { run: xargs, need: "sh" }],
  ["apk", { run: (e, a) => apk(e, a), need: "own-file" }],
  ["apt-get", { run: (e, a) => aptGet(e, a), need: "own-file" }],
  ["apt", { run: (e, a) => aptGet(e, a), need: "own-file" }],
  ["date", { run: (e, a) => date(a, e.ctx.now), need: "sh" }],
  ["nc", { run: nc, need: "busybox" }],
  ["telnet", { run: telnet, need: "busybox" }],
  ["env", { run: (e, a) => envTool(e, a), need: "sh" }],
  ["uname", { run: (e, a) => uname(e, a), need: "sh" }],
  ["ps", { run: (e, a) => ps(e, a), need: "busybox" }],
  ["tar", { run: (e, a, s) => tar(a, s, textIo(e)), need: "sh" }],
  ...[...TEXT.keys()].map((name): [string, Entry] => [name, { run: text(name), need: "sh" }]),
]);

const HOST: ReadonlyMap<string, Program> = new Map<string, Program>([
  ["sh", shell("sh")],
  ["bash", shell("bash")],
  ["curl", (e, a) => curl(e, a)],
  ["wget", (e, a) => gnuWget(e, a)],
  // The recorded host has no iputils: `ping` there is BusyBox's.
  ["ping", (e, a) => ping(e, a)],
  ["ip", (e, a) => ip(e, a)],
  ["hostname", (e, a) => hostname(e, a)],
  ["getent", (e, a) => getent(e, a)],
  ["cat", (e, a, s) => cat(e, a, s, false)],
  ["uname", (e, a) => uname(e, a)],
  ["tar", (e, a, s) => tar(a, s, textIo(e))],
  ...[...TEXT.keys()].map((name): [string, Program] => [name, text(name)]),
]);

function isBusybox(env: ToolEnv): boolean {
  return env.view?.image.tools.includes("nslookup") ?? false;
}

function ships(env: ToolEnv, need: Need): boolean {
  return shipsWith(env.view?.image.tools ?? [], need);
}

function shipsWith(tools: readonly string[], need: Need): boolean {
  if (need === "own-file") return false;
  if (need === "busybox") return tools.includes("nslookup");
  if (need === "debian") return !tools.includes("nslookup") && tools.includes("sh");
  return tools.includes(need);
}

function programName(arg0: string): string {
  return arg0.split("/").pop() ?? arg0;
}

/** `which NAME...`: where PATH finds each program. */
function which(env: ToolEnv, args: string[]): Output {
  let stdout = "";
  let missing = false;
  for (const name of args) {
    const path = env.fs ? PATH_DIRS.map((d) => `${d}/${name}`).find((p) => env.fs?.stat(p)?.t === "f") : undefined;
    if (path) stdout += `${path}\n`;
    else missing = true;
  }
  return { stdout, stderr: "", exitCode: missing ? 1 : 0 };
}

const PATH_DIRS = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/** The names of the programs an image ships (its tools): what its /bin holds. */
export function programsOf(env: ToolEnv): string[] {
  return imagePrograms(env.view?.image.tools ?? []);
}

/** The programs of an image with these catalog tools. */
export function imagePrograms(tools: readonly string[]): string[] {
  return [...CONTAINER.entries()].filter(([, e]) => shipsWith(tools, e.need)).map(([name]) => name);
}

/** Finds argv[0] as the container's shell would: a path, or a name searched in PATH. */
function lookup(env: ToolEnv, arg0: string): Entry | undefined {
  const fs = env.fs;
  if (!fs) {
    const entry = CONTAINER.get(programName(arg0));
    return entry && ships(env, entry.need) ? entry : undefined;
  }
  const candidates = arg0.includes("/") ? [normalize(arg0, env.cwd ?? "/")] : PATH_DIRS.map((d) => `${d}/${arg0}`);
  for (const path of candidates) {
    const n = fs.stat(path);
    if (n?.t !== "f" || !(n.mode & 0o111)) continue;
    // A script runs under the interpreter its first line names.
    const interp = /^#!\s*(\S+)/.exec(n.data)?.[1];
    const shell = interp ? CONTAINER.get(programName(interp)) : undefined;
    if (shell) return { run: (e, a, s) => shell.run(e, [path, ...a], s), need: "sh" };
    return CONTAINER.get(programName(arg0));
  }
  return undefined;
}

function containerRunner(env: ToolEnv) {
  return (argv: string[], stdin: string): Output | null => {
    const entry = lookup(env, argv[0] ?? "");
    if (!entry) return null;
    return entry.run(env, argv.slice(1), stdin);
  };
}

function hostRunner(env: ToolEnv) {
  return (argv: string[], stdin: string): Output | null => {
    const run = HOST.get(programName(argv[0] ?? ""));
    return run ? run(env, argv.slice(1), stdin) : null;
  };
}

/**
 * Runs argv inside a running container (`docker exec`, or the command of `docker run`). A program the
 * image doesn't ship gets the runtime's error, which Docker prints on stdout, with exit code 126.
 * @example execInContainer(env, ["curl", "http://web/"]).stdout // 'OCI runtime exec failed: ... exec: "curl": executable file not found in $PATH: unknown\r\n'
 */
export function execInContainer(env: ToolEnv, argv: string[], as: ExecAs = {}): Output {
  const arg0 = argv[0] ?? "";
  const fs = env.fs ?? (env.view ? containerFs(env.ctx, env.view, programsOf(env), (p) => readFile(env, p)) : undefined);
  const inside: ToolEnv = { ...env, fs, cwd: env.cwd ?? env.view?.c.spec?.workdir ?? "/" };
  const refused = fs ? runAs(inside, fs, as) : null;
  if (refused) return { stdout: refused, stderr: "", exitCode: 126 };
  const out = containerRunner(inside)(argv, "");
  if (fs && !env.fs) {
    const refused = commitFs(env.ctx, fs);
    if (refused && out) return joined([out, err(`${arg0}: ${refused}\n`)], out.exitCode || 1);
  }
  if (out) return out;
  const why = arg0.includes("/") ? `stat ${arg0}: no such file or directory` : "executable file not found in $PATH";
  return { stdout: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${arg0}": ${why}: unknown\r\n`, stderr: "", exitCode: 126 };
}

/** `docker exec -u USER[:GROUP] -w DIR`; absent: the container's own user and working directory. */
interface ExecAs {
  user?: string;
  workdir?: string;
}

/**
 * Sets who runs the command and where, as the daemon (user) and runc (working directory) check them;
 * returns their refusal, printed on stdout as the CLI prints an exec's start error.
 */
function runAs(env: ToolEnv, fs: Vfs, as: ExecAs): string | null {
  const spec = as.user ?? env.view?.c.spec?.user;
  if (spec) {
    const text = (path: string) => {
      const r = fs.read(path);
      return typeof r === "string" ? null : r.text;
    };
    const u = execUser(spec, text("/etc/passwd"), text("/etc/group"));
    if ("error" in u) return `${u.error}\r\n`;
    env.user = u;
    // What it writes is owned by that user, and the files' modes are checked against it.
    fs.user = { uid: u.uid, gid: u.gid };
  }
  if (as.workdir !== undefined) {
    const runc = "OCI runtime exec failed: exec failed:";
    if (!as.workdir.startsWith("/")) return `${runc} Cwd must be an absolute path: unknown\r\n`;
    if (fs.stat(as.workdir)?.t !== "d") {
      return `${runc} unable to start container process: chdir to cwd ("${as.workdir}") set in config.json failed: no such file or directory: unknown\r\n`;
    }
    env.cwd = as.workdir;
  }
  return null;
}

/**
 * Runs argv on the machine itself; null when the host has no such program (the caller prints the
 * shell's "not found").
 * @example runOnHost(hostEnv, ["curl", "-s", "localhost:8080"])?.stdout // the nginx page
 */
export function runOnHost(env: ToolEnv, argv: string[], stdin = ""): Output | null {
  return hostRunner(env)(argv, stdin);
}

/** Every program name a container or the host may have, for completion in the terminal. */
export const PROGRAM_NAMES: readonly string[] = [...new Set([...CONTAINER.keys(), ...HOST.keys()])].sort();

export type { Tool };
