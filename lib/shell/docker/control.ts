/** `docker pause|unpause|wait|update` and `docker container prune`, with the CLI's per-container errors. */
import { NO_LIMITS } from "../../ops";
import { err, type Output, ok, type ShellContext } from "../context";
import { argCountError, type CommandSpec, has, isOutput, last, parseFlags } from "./flags";
import { parseResources, parseRestart } from "./runspec";

const spec = (name: string, usage: string, flags: CommandSpec["flags"] = []): CommandSpec => ({ path: `docker ${name}`, usage, flags });

const PAUSE = spec("pause", "docker pause CONTAINER [CONTAINER...]");
const UNPAUSE = spec("unpause", "docker unpause CONTAINER [CONTAINER...]");
const WAIT = spec("wait", "docker wait CONTAINER [CONTAINER...]");
const UPDATE = spec("update", "docker update [OPTIONS] CONTAINER [CONTAINER...]", [
  { long: "memory", short: "m", value: true },
  { long: "memory-swap", value: true },
  { long: "memory-reservation", value: true },
  { long: "cpus", value: true },
  { long: "cpu-shares", short: "c", value: true },
  { long: "pids-limit", value: true },
  { long: "restart", value: true },
]);
const PRUNE = spec("container prune", "docker container prune [OPTIONS]", [
  { long: "force", short: "f", value: false },
  { long: "filter", value: true },
]);

/** Runs `act` on each named container: names of those it worked on on stdout, errors on stderr. */
function each(ctx: ShellContext, s: CommandSpec, argv: string[], act: (id: string) => string | null): Output {
  const p = parseFlags(s, argv);
  if (isOutput(p)) return p;
  if (p.args.length === 0) return argCountError(s, "requires at least 1 argument", true);
  let stdout = "";
  let stderr = "";
  for (const name of p.args) {
    const v = ctx.container(name);
    const problem = v ? act(v.c.id) : `No such container: ${name}`;
    if (problem) stderr += `Error response from daemon: ${problem}\n`;
    else stdout += `${name}\n`;
  }
  return { stdout, stderr, exitCode: stderr === "" ? 0 : 1 };
}

const outcome = (r: { ok: true } | { ok: false; error: string }) => (r.ok ? null : r.error);

export function dockerPause(ctx: ShellContext, argv: string[]): Output {
  return each(ctx, PAUSE, argv, (id) => outcome(ctx.apply({ type: "container.pause", containerId: id })));
}

export function dockerUnpause(ctx: ShellContext, argv: string[]): Output {
  return each(ctx, UNPAUSE, argv, (id) => outcome(ctx.apply({ type: "container.unpause", containerId: id })));
}

/**
 * `docker wait`: the exit code of each container. A process that keeps running would keep the
 * terminal waiting for ever; the terminal says so instead of hanging.
 */
export function dockerWait(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(WAIT, argv);
  if (isOutput(p)) return p;
  if (p.args.length === 0) return argCountError(WAIT, "requires at least 1 argument", true);
  let stdout = "";
  let stderr = "";
  for (const name of p.args) {
    const v = ctx.container(name);
    if (!v) stderr += `Error response from daemon: No such container: ${name}\n`;
    else if (v.c.state === "running" || v.c.restarting) {
      return {
        stdout,
        stderr: `${stderr}dockside: ${name} is still running; docker wait blocks until it exits (stop it from another terminal)\n`,
        exitCode: 130,
      };
    } else stdout += `${v.c.exitCode}\n`;
  }
  return { stdout, stderr, exitCode: stderr === "" ? 0 : 1 };
}

/** `docker update`: new cgroup limits and restart policy for running or stopped containers. */
export function dockerUpdate(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(UPDATE, argv);
  if (isOutput(p)) return p;
  if (p.args.length === 0) return argCountError(UPDATE, "requires at least 1 argument", true);
  if (p.flags.size === 0) return err("you must provide one or more flags when using this command\n", 1);
  const limits = parseResources(p);
  if ("flag" in limits) return err(`${limits.message}\n\nUsage:  ${UPDATE.usage}\n\nRun 'docker update --help' for more information\n`, 125);
  const restartText = last(p, "restart");
  const restart = restartText === undefined ? undefined : parseRestart(restartText);
  if (restart && "cli" in restart) return err(`${restart.cli}\n`, 1);
  if (restart && "daemon" in restart) return err(`Error response from daemon: ${restart.daemon}\n`, 1);
  const given = (flag: string) => last(p, flag) !== undefined;
  return each(ctx, UPDATE, argv, (id) => {
    const c = ctx.doc.containers[id];
    const before = c?.spec?.resources ?? NO_LIMITS;
    const asked = limits.resources;
    const resources = asked
      ? {
          memory: given("memory") ? asked.memory : before.memory,
          memorySwap: given("memory-swap") ? asked.memorySwap : before.memorySwap,
          nanoCpus: given("cpus") ? asked.nanoCpus : before.nanoCpus,
          cpuShares: given("cpu-shares") ? asked.cpuShares : before.cpuShares,
          pidsLimit: given("pids-limit") ? asked.pidsLimit : before.pidsLimit,
        }
      : undefined;
    return outcome(ctx.apply({ type: "container.update", containerId: id, ...(resources ? { resources } : {}), ...(restart ? { restart } : {}) }));
  });
}

/** `docker container prune -f`: removes every container that is not running. */
export function dockerContainerPrune(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(PRUNE, argv);
  if (isOutput(p)) return p;
  if (!has(p, "force")) {
    return ok("WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] Total reclaimed space: 0B\n");
  }
  const gone = Object.values(ctx.doc.containers)
    .filter((c) => c.machineId === ctx.machineId && c.state !== "running" && !c.restarting)
    .sort((a, b) => b.order - a.order);
  const removed: string[] = [];
  for (const c of gone) if (ctx.apply({ type: "container.remove", containerId: c.id, force: false }).ok) removed.push(c.id);
  const list = removed.length > 0 ? `Deleted Containers:\n${removed.map((id) => `${id}\n`).join("")}\n` : "";
  return ok(`${list}Total reclaimed space: 0B\n`);
}
