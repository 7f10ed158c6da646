/**
 * `docker top CONTAINER [ps OPTIONS]`: the container's processes as the machine's `ps -ef` sees them
 * (host PIDs, the shim as parent), in the CLI's columns.
 */
import type { Container } from "../../model";
import { err, type Output, ok, type ShellContext } from "../context";
import { containerProcesses, type Proc } from "../tools/ps";
import { argCountError, type CommandSpec } from "./flags";

const SPEC: CommandSpec = { path: "docker top", usage: "docker top CONTAINER [ps OPTIONS]", flags: [] };

/** The PID the machine gives the container's PID 1 (inspect's State.Pid). */
export function hostPid(c: Container): number {
  return 1000 + (Number.parseInt(c.id.slice(0, 6), 16) % 60000);
}

function hhmm(at: number): string {
  const d = new Date(at);
  return `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
}

/** The CLI's tabwriter: columns at least 20 wide, 3 spaces past the longest cell; the last unpadded. */
function table(rows: string[][]): string {
  const n = rows[0]?.length ?? 0;
  const widths = Array.from({ length: n }, (_, i) => Math.max(20, ...rows.map((r) => (r[i] ?? "").length + 3)));
  return rows.map((r) => `${r.map((cell, i) => (i === n - 1 ? cell : cell.padEnd(widths[i] as number))).join("")}\n`).join("");
}

const COLUMNS: Readonly<Record<string, { head: string; value: (p: Proc, host: number, c: Container) => string }>> = {
  uid: { head: "UID", value: (p) => p.user },
  user: { head: "USER", value: (p) => p.user },
  pid: { head: "PID", value: (p, host) => String(host + p.pid - 1) },
  ppid: { head: "PPID", value: (p, host) => String(p.ppid === 0 ? host - 21 : host + p.ppid - 1) },
  c: { head: "C", value: () => "0" },
  stime: { head: "STIME", value: (_p, _h, c) => hhmm(c.startedAt) },
  tty: { head: "TTY", value: (_p, _h, c) => (c.tty ? "pts/0" : "?") },
  time: { head: "TIME", value: () => "00:00:00" },
  comm: { head: "COMMAND", value: (p) => p.comm },
  cmd: { head: "CMD", value: (p) => p.args },
  args: { head: "COMMAND", value: (p) => p.args },
};

export function dockerTop(ctx: ShellContext, argv: string[]): Output {
  if (argv.length === 0) return argCountError(SPEC, "requires at least 1 argument", true);
  const [name, ...opts] = argv as [string, ...string[]];
  const v = ctx.container(name);
  if (!v) return err(`Error response from daemon: No such container: ${name}\n`, 1);
  if (v.c.state !== "running") return err(`Error response from daemon: Container ${v.c.id} is not running\n`, 1);
  let fields = ["uid", "pid", "ppid", "c", "stime", "tty", "time", "cmd"];
  if (opts.length > 0) {
    const o = opts.indexOf("-o");
    if (o < 0 || opts[o + 1] === undefined) {
      if (!opts.every((a) => a === "-ef" || a === "-e" || a === "-f"))
        return err(`Error response from daemon: ps: unsupported options: ${opts.join(" ")}\n`, 1);
    } else fields = (opts[o + 1] as string).split(",");
  }
  const bad = fields.find((f) => !COLUMNS[f]);
  // The daemon finds each process's container by its PID column.
  if (!bad && !fields.includes("pid")) return err("Error response from daemon: Couldn't find PID field in ps output\n", 1);
  if (bad) return err(`Error response from daemon: ps: error: unknown user-defined format specifier "${bad}"\n`, 1);
  const host = hostPid(v.c);
  const cols = fields.map((f) => COLUMNS[f] as (typeof COLUMNS)[string]);
  const procs = containerProcesses(v.c);
  return ok(table([cols.map((col) => col.head), ...procs.map((p) => cols.map((col) => col.value(p, host, v.c)))]));
}
