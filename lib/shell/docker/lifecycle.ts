/** start, stop, restart, kill, rm, rename and exec, with the CLI's per-container error handling. */

import type { MainResult } from "../../intents";
import { chunksOf, err, type Output, ok, onTerminal, type ShellContext, written } from "../context";
import { execInContainer } from "../tools";
import { argCountError, type CommandSpec, has, isOutput, last, parseFlags } from "./flags";
import { runMainProcess } from "./process";

const spec = (name: string, usage: string, flags: CommandSpec["flags"] = []): CommandSpec => ({ path: `docker ${name}`, usage, flags });

const START = spec("start", "docker start [OPTIONS] CONTAINER [CONTAINER...]", [
  { long: "attach", short: "a", value: false },
  { long: "interactive", short: "i", value: false },
]);
const STOP = spec("stop", "docker stop [OPTIONS] CONTAINER [CONTAINER...]", [
  { long: "time", short: "t", value: true },
  { long: "timeout", value: true },
  { long: "signal", short: "s", value: true },
]);
const RESTART = spec("restart", "docker restart [OPTIONS] CONTAINER [CONTAINER...]", STOP.flags);
const KILL = spec("kill", "docker kill [OPTIONS] CONTAINER [CONTAINER...]", [{ long: "signal", short: "s", value: true }]);
const RM = spec("rm", "docker rm [OPTIONS] CONTAINER [CONTAINER...]", [
  { long: "force", short: "f", value: false },
  { long: "volumes", short: "v", value: false },
  { long: "link", short: "l", value: false },
]);
const EXEC: CommandSpec = {
  path: "docker exec",
  usage: "docker exec [OPTIONS] CONTAINER COMMAND [ARG...]",
  stopAtPositional: true,
  flags: [
    { long: "interactive", short: "i", value: false },
    { long: "tty", short: "t", value: false },
    { long: "detach", short: "d", value: false },
    { long: "env", short: "e", value: true },
    { long: "user", short: "u", value: true },
    { long: "workdir", short: "w", value: true },
    { long: "privileged", value: false },
  ],
};

function each(ctx: ShellContext, s: CommandSpec, argv: string[], act: (id: string, name: string) => string | null, startLike = false): Output {
  const p = parseFlags(s, argv);
  if (isOutput(p)) return p;
  if (p.args.length === 0) return argCountError(s, "requires at least 1 argument", true);
  let stdout = "";
  let stderr = "";
  const failed: string[] = [];
  for (const name of p.args) {
    const v = ctx.container(name);
    if (!v) {
      stderr += `Error response from daemon: No such container: ${name}\n`;
      failed.push(name);
      continue;
    }
    const problem = act(v.c.id, name);
    if (problem) {
      stderr += `Error response from daemon: ${problem}\n`;
      failed.push(name);
    } else stdout += `${name}\n`;
  }
  if (failed.length > 0 && startLike) stderr += `Error: failed to start containers: ${failed.join(", ")}\n`;
  return { stdout, stderr, exitCode: failed.length > 0 ? 1 : 0 };
}

function result(r: { ok: true } | { ok: false; error: string }): string | null {
  return r.ok ? null : r.error;
}

/** Starts the container and runs its main process; a program missing from the image is the start's error. */
function startOne(ctx: ShellContext, id: string): { problem: string | null; main: MainResult } {
  const before = ctx.doc.containers[id];
  if (before?.state === "running") return { problem: null, main: ok() };
  const started = ctx.apply({ type: "container.start", containerId: id, at: ctx.now, foreground: true });
  if (!started.ok) return { problem: started.error, main: ok() };
  const main = runMainProcess(ctx, id);
  return { problem: main.startError ?? null, main };
}

export function dockerStart(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(START, argv);
  if (isOutput(p)) return p;
  if (has(p, "attach") && p.args.length > 1) return err("you cannot start and attach multiple containers at once\n", 1);
  if (has(p, "attach") && p.args.length === 1) {
    const v = ctx.container(p.args[0] as string);
    if (!v) return err(`Error response from daemon: No such container: ${p.args[0]}\n`, 1);
    // Attached, the terminal shows the process's output and ends with its exit code, not the name.
    const { problem, main } = startOne(ctx, v.c.id);
    if (problem) return err(`Error response from daemon: ${problem}\n`, 1);
    return written(chunksOf(main), main.exitCode);
  }
  return each(ctx, START, argv, (id) => startOne(ctx, id).problem, true);
}

/**
 * `docker stop`: the image's STOPSIGNAL, then KILL. The CLI drops `-s` when it talks to this daemon
 * (API 1.41 has no signal parameter for stop), so the daemon's choice stands.
 */
export function dockerStop(ctx: ShellContext, argv: string[]): Output {
  return each(ctx, STOP, argv, (id) => result(ctx.apply({ type: "container.stop", containerId: id, at: ctx.now })));
}

export function dockerRestart(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(RESTART, argv);
  if (isOutput(p)) return p;
  return each(ctx, RESTART, argv, (id) => {
    const stopped = ctx.apply({ type: "container.stop", containerId: id, at: ctx.now });
    if (!stopped.ok) return stopped.error;
    return startOne(ctx, id).problem;
  });
}

export function dockerKill(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(KILL, argv);
  if (isOutput(p)) return p;
  const signal = last(p, "signal");
  return each(ctx, KILL, argv, (id) => result(ctx.apply({ type: "container.kill", containerId: id, at: ctx.now, ...(signal ? { signal } : {}) })));
}

export function dockerRm(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(RM, argv);
  if (isOutput(p)) return p;
  const force = has(p, "force");
  const volumes = has(p, "volumes");
  const out = each(ctx, RM, argv, (id) => result(ctx.apply({ type: "container.remove", containerId: id, force, ...(volumes ? { volumes } : {}) })));
  // `rm -f` of a missing container reports it but succeeds.
  if (force && out.exitCode !== 0 && !/Error response from daemon: (?!No such container)/.test(out.stderr)) return { ...out, exitCode: 0 };
  return out;
}

export function dockerRename(ctx: ShellContext, argv: string[]): Output {
  const s = spec("rename", "docker rename CONTAINER NEW_NAME");
  const p = parseFlags(s, argv);
  if (isOutput(p)) return p;
  if (p.args.length !== 2) return argCountError(s, "requires 2 arguments");
  const [from, to] = p.args as [string, string];
  const failed = (why: string) => err(`Error response from daemon: ${why}\nError: failed to rename container named ${from}\n`);
  const v = ctx.container(from);
  if (!v) return failed(`No such container: ${from}`);
  if (v.c.name === to.replace(/^\//, "")) return failed("Renaming a container with the same name as its current name");
  const r = ctx.apply({ type: "container.rename", containerId: v.c.id, name: to });
  return r.ok ? ok() : failed(r.error);
}

export function dockerExec(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(EXEC, argv);
  if (isOutput(p)) return p;
  if (p.args.length < 2) return argCountError(EXEC, "requires at least 2 arguments", true);
  const [name, ...command] = p.args as [string, ...string[]];
  const v = ctx.container(name);
  if (!v) return err(`Error response from daemon: No such container: ${name}\n`);
  if (v.c.state !== "running") return err(`Error response from daemon: Container ${v.c.id} is not running\n`);
  if (v.c.paused) return err(`Error response from daemon: Container ${name} is paused, unpause the container before exec\n`);
  const as = { user: last(p, "user"), workdir: last(p, "workdir") };
  const out = execInContainer({ ctx, source: { kind: "container", id: v.c.id }, view: v }, command, as);
  if (has(p, "detach")) return ok();
  return has(p, "tty") ? onTerminal(out) : out;
}
