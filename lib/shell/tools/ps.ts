/**
 * The processes of a container: its main process is PID 1 of its own PID namespace (`--pid host`
 * shares the machine's), servers add their workers, and a program run by `docker exec` is the next PID.
 * `ps` (BusyBox's, in the images that ship it) and `docker top` both read this table.
 */
import { type Container, imageKey, runsImageCommand } from "../../model";
import { mainProgram } from "../../sim";
import { err, type Output, ok, type ToolEnv } from "../context";

export interface Proc {
  pid: number;
  ppid: number;
  user: string;
  /** The command line as `ps` shows it in COMMAND/CMD. */
  args: string;
  /** The program name (`ps -o comm`). */
  comm: string;
}

const SHELLS = new Set(["sh", "ash", "bash", "dash"]);

/** What PID 1 runs: a shell given one command line with a last long-running command execs it. */
function pid1(c: Container): string[] {
  const argv = mainProgram(c);
  const prog = (argv[0] ?? "").split("/").pop() ?? "";
  if (SHELLS.has(prog) && argv[1] === "-c" && argv[2] !== undefined) {
    const script = argv[2];
    if (!/\b(while|for|until|if)\b|[|&]$/.test(script)) {
      const last = script.split(/;|&&/).pop()?.trim() ?? "";
      if (/^(sleep|tail|top|httpd|nc)\b/.test(last)) return last.split(/\s+/);
    }
  }
  return argv;
}

/**
 * The container's processes, in PID order (PIDs of its own namespace).
 * @example containerProcesses(c)[0] // { pid: 1, user: "root", args: "sleep 1d", comm: "sleep", ppid: 0 }
 */
export function containerProcesses(c: Container): Proc[] {
  const argv = pid1(c);
  const comm = (argv[0] ?? "").split("/").pop() ?? "";
  const key = imageKey(c.image);
  if (key === "nginx" && runsImageCommand(c)) {
    return [
      { pid: 1, ppid: 0, user: "root", args: "nginx: master process nginx -g daemon off;", comm: "nginx" },
      { pid: 29, ppid: 1, user: "101", args: "nginx: worker process", comm: "nginx" },
      { pid: 30, ppid: 1, user: "101", args: "nginx: worker process", comm: "nginx" },
    ];
  }
  return [{ pid: 1, ppid: 0, user: "root", args: argv.join(" "), comm }];
}

/** The PID a `docker exec` program gets: after the main process and its children. */
function nextPid(c: Container): number {
  return Math.max(...containerProcesses(c).map((p) => p.pid)) + 6;
}

function column(p: Proc, field: string): string | null {
  switch (field) {
    case "pid":
      return String(p.pid);
    case "ppid":
      return String(p.ppid);
    case "user":
      return p.user;
    case "comm":
      return p.comm;
    case "args":
      return p.args;
    default:
      return null;
  }
}

const HEADS: Readonly<Record<string, string>> = { pid: "PID", ppid: "PPID", user: "USER", comm: "COMMAND", args: "COMMAND" };

/**
 * BusyBox `ps` inside a container: PID 1 is the main process, `ps` itself the newest one.
 * @example ps(env, ["-o", "comm"]).stdout // "COMMAND\nsleep\nps\n"
 */
export function ps(env: ToolEnv, args: string[]): Output {
  const c = env.view?.c;
  if (!c) return err("ps: no processes\n", 1);
  const own: Proc = { pid: nextPid(c), ppid: 0, user: "root", args: ["ps", ...args].join(" "), comm: "ps" };
  const procs = [...containerProcesses(c), own];
  const o = args.indexOf("-o");
  if (o < 0) {
    if (args.length > 0 && !args.every((a) => /^-?[aefwlx]+$/.test(a))) return err(`ps: invalid option -- '${args[0]?.replace(/^-/, "")[0] ?? ""}'\n`, 1);
    return ok(`PID   USER     COMMAND\n${procs.map((p) => `${String(p.pid).padStart(5)} ${p.user.padEnd(8).slice(0, 8)} ${p.args}\n`).join("")}`);
  }
  const fields = (args[o + 1] ?? "").split(",");
  const bad = fields.find((f) => column(own, f) === null);
  if (bad !== undefined) return err(`ps: bad -o argument '${bad}', supported arguments: user,group,comm,args,pid,ppid,pgid,tty,vsz,sid,stat,rss\n`, 1);
  const widths: Record<string, number> = { pid: 5, ppid: 5, user: 8, comm: 16 };
  const cell = (f: string, text: string, lastCol: boolean) => {
    const w = widths[f];
    if (lastCol || w === undefined) return text;
    return f === "user" || f === "comm" ? text.padEnd(w) : text.padStart(w);
  };
  const row = (values: string[]) => values.map((v, i) => cell(fields[i] as string, v, i === fields.length - 1)).join(" ");
  // Headings are left-aligned in their columns, numbers right-aligned.
  const head = fields.map((f, i) => (i === fields.length - 1 ? HEADS[f] : (HEADS[f] as string).padEnd(widths[f] ?? 0))).join(" ");
  return ok(`${head}\n${procs.map((p) => `${row(fields.map((f) => column(p, f) as string))}\n`).join("")}`);
}
