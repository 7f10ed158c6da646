/**
 * `systemctl reload|restart docker` on a machine: the daemon reads /etc/docker/daemon.json (the
 * machine's own stored file) again. A reload (SIGHUP) keeps the containers running and, when the file
 * does not parse, keeps the old configuration (the daemon only logs the error); a restart stops and
 * restores the containers, and refuses to start on a broken file as systemd reports it.
 */
import { err, type Output, ok, type ShellContext } from "./context";

const DAEMON_JSON = "/etc/docker/daemon.json";

const FAILED =
  'Job for docker.service failed because the control process exited with error code.\nSee "systemctl status docker.service" and "journalctl -xeu docker.service" for details.\n';
const VERBS = ["start", "stop", "status", "enable", "disable", "is-active", "daemon-reload", "reload", "restart", "try-restart", "reload-or-restart"];

/** The insecure registries daemon.json lists, or null when the file does not parse as the daemon needs. */
function readDaemonJson(ctx: ShellContext): string[] | null {
  const text = ctx.machineFile(DAEMON_JSON);
  if (text === null) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
  const list = (parsed as Record<string, unknown>)["insecure-registries"];
  if (list === undefined) return [];
  if (!Array.isArray(list) || list.length > 32 || list.some((e) => typeof e !== "string" || e === "" || e.length > 255)) return null;
  return list as string[];
}

/** `systemctl reload|restart|start|stop|status docker[.service]`: only the engine's unit is modelled. */
export function systemctl(ctx: ShellContext, args: string[]): Output {
  const [verb = "", unit = ""] = args.filter((a) => !a.startsWith("-"));
  if (!VERBS.includes(verb)) return err(`Unknown command verb '${verb}'.\n`, 1);
  if (!["reload", "restart", "try-restart", "reload-or-restart"].includes(verb)) {
    return err(`systemctl ${verb}: Dockside models only reload and restart of docker\n`, 1);
  }
  if (unit !== "docker" && unit !== "docker.service") return err(`Failed to ${verb} ${unit}.service: Unit ${unit}.service not found.\n`, 5);
  if (!ctx.doc.machines[ctx.machineId]?.engine) return err(`Failed to ${verb} docker.service: Unit docker.service not found.\n`, 5);
  const restart = verb !== "reload";
  const registries = readDaemonJson(ctx);
  if (registries === null) return restart ? err(FAILED, 1) : ok();
  const r = ctx.apply({ type: "engine.configure", machineId: ctx.machineId, insecureRegistries: registries, restart, at: ctx.now });
  return r.ok ? ok() : err(`Failed to ${verb} docker.service: ${r.error}\n`, 1);
}

/**
 * `service NAME VERB` (Ubuntu's SysV front end, which hands the engine's unit to systemd).
 * @example service(ctx, ["docker", "restart"]) // as systemctl restart docker
 */
export function service(ctx: ShellContext, args: string[]): Output {
  const [name, verb] = args;
  if (name === undefined) return err("Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n", 1);
  if ((name !== "docker" && name !== "docker.service") || !ctx.doc.machines[ctx.machineId]?.engine) return err(`${name}: unrecognized service\n`, 1);
  return systemctl(ctx, [verb ?? "", name]);
}
