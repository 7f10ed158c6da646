/**
 * The programs of the headless shell: which ones a container's image ships, and which ones the
 * host has. `docker exec` goes through `execInContainer`, host command lines through `runOnHost`.
 */
import type { Tool as CatalogTool } from "../../model";
import type { Output, Tool, ToolEnv } from "../context";
import { TEXT_TOOLS } from "./coreutils";
import { curl } from "./curl";
import { cat, envTool, getent, hostname } from "./files";
import { gnuWget } from "./gnu-wget";
import { ip } from "./ip";
import { nc, telnet } from "./nc";
import { nslookup } from "./nslookup";
import { ping } from "./ping";
import { runScript } from "./sh";
import { uname } from "./uname";
import { wget } from "./wget";

export { runScript } from "./sh";
export { cat, curl, envTool as env, getent, gnuWget, hostname, ip, nc, nslookup, ping, telnet, wget };

/** A program with the stdin a pipe gives it. */
type Program = (env: ToolEnv, args: string[], stdin: string) => Output;

/**
 * What a program needs in the image: a catalog tool, "busybox" for BusyBox-only applets (images whose
 * tools include nslookup are BusyBox-based), or "debian" for what only Debian-based images have.
 */
type Need = CatalogTool | "busybox" | "debian";

interface Entry {
  run: Program;
  need: Need;
}

const text = (name: string): Program => {
  const t = TEXT_TOOLS.get(name);
  if (!t) throw new Error(`no text tool ${name}`);
  return (_env, args, stdin) => t(args, stdin);
};

function shell(name: string, runner: (env: ToolEnv) => (argv: string[], stdin: string) => Output | null): Program {
  return (env, args) => {
    const c = args.indexOf("-c");
    // Without -c a non-interactive shell reads the (empty) stdin of docker exec and exits at once.
    if (c < 0) return { stdout: "", stderr: "", exitCode: 0 };
    const script = args[c + 1];
    if (script === undefined) return { stdout: "", stderr: `${name}: -c requires an argument\n`, exitCode: 2 };
    return runScript(script, runner(env), name);
  };
}

const CONTAINER: ReadonlyMap<string, Entry> = new Map<string, Entry>([
  ["sh", { run: shell("sh", containerRunner), need: "sh" }],
  ["ash", { run: shell("sh", containerRunner), need: "busybox" }],
  ["bash", { run: shell("bash", containerRunner), need: "debian" }],
  ["ping", { run: (e, a) => ping(e, a), need: "ping" }],
  ["nslookup", { run: (e, a) => nslookup(e, a), need: "nslookup" }],
  ["wget", { run: (e, a) => wget(e, a), need: "wget" }],
  ["curl", { run: (e, a) => curl(e, a), need: "curl" }],
  ["ip", { run: (e, a) => ip(e, a), need: "ip" }],
  ["getent", { run: (e, a) => getent(e, a), need: "getent" }],
  ["hostname", { run: (e, a) => hostname(e, a, isBusybox(e)), need: "hostname" }],
  ["cat", { run: (e, a, s) => cat(e, a, s, isBusybox(e)), need: "cat" }],
  ["nc", { run: nc, need: "busybox" }],
  ["telnet", { run: telnet, need: "busybox" }],
  ["env", { run: (e, a) => envTool(e, a), need: "sh" }],
  ["uname", { run: (e, a) => uname(e, a), need: "sh" }],
  ...[...TEXT_TOOLS.keys()].map((name): [string, Entry] => [name, { run: text(name), need: "sh" }]),
]);

const HOST: ReadonlyMap<string, Program> = new Map<string, Program>([
  ["sh", shell("sh", hostRunner)],
  ["bash", shell("bash", hostRunner)],
  ["curl", (e, a) => curl(e, a)],
  ["wget", (e, a) => gnuWget(e, a)],
  // The recorded host has no iputils: `ping` there is BusyBox's.
  ["ping", (e, a) => ping(e, a)],
  ["ip", (e, a) => ip(e, a)],
  ["hostname", (e, a) => hostname(e, a)],
  ["getent", (e, a) => getent(e, a)],
  ["cat", (e, a, s) => cat(e, a, s, false)],
  ["uname", (e, a) => uname(e, a)],
  ...[...TEXT_TOOLS.keys()].map((name): [string, Program] => [name, text(name)]),
]);

function isBusybox(env: ToolEnv): boolean {
  return env.view?.image.tools.includes("nslookup") ?? false;
}

function ships(env: ToolEnv, need: Need): boolean {
  const tools = env.view?.image.tools ?? [];
  if (need === "busybox") return tools.includes("nslookup");
  if (need === "debian") return !tools.includes("nslookup") && tools.includes("sh");
  return tools.includes(need);
}

function programName(arg0: string): string {
  return arg0.split("/").pop() ?? arg0;
}

function containerRunner(env: ToolEnv) {
  return (argv: string[], stdin: string): Output | null => {
    const entry = CONTAINER.get(programName(argv[0] ?? ""));
    if (!entry || !ships(env, entry.need)) return null;
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
export function execInContainer(env: ToolEnv, argv: string[]): Output {
  const arg0 = argv[0] ?? "";
  const out = containerRunner(env)(argv, "");
  if (out) return out;
  const why = arg0.includes("/") ? `stat ${arg0}: no such file or directory` : "executable file not found in $PATH";
  return { stdout: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${arg0}": ${why}: unknown\r\n`, stderr: "", exitCode: 126 };
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
