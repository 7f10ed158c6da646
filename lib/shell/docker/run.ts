/**
 * `docker run` / `docker create`: the CLI's own checks, then the daemon's (through the ops), printed
 * the way the docker CLI prints them.
 */
import { type Mount, parseIp, type Resources } from "../../model";
import { checkResources, type NetworkRequest, OpError, type PortRequest, parsePortSpec } from "../../ops";
import { err, type Output, ok, type ShellContext } from "../context";
import { all, argCountError, type CommandSpec, has, isOutput, last, type Parsed, parseFlags } from "./flags";
import { generateName } from "./names";
import { runMainProcess } from "./process";
import { imageForRun } from "./pull";
import { parseRunSpec } from "./runspec";
import { parseMountFlag, parseVolumeFlag } from "./volume";

const V = (long: string, short?: string) => ({ long, short, value: true });
const B = (long: string, short?: string) => ({ long, short, value: false });

const RUN_FLAGS = [
  B("detach", "d"),
  B("interactive", "i"),
  B("tty", "t"),
  V("name"),
  V("network"),
  V("net"),
  V("network-alias"),
  V("net-alias"),
  V("ip"),
  V("hostname", "h"),
  V("publish", "p"),
  B("publish-all", "P"),
  V("expose"),
  V("link"),
  B("rm"),
  V("env", "e"),
  V("env-file"),
  V("volume", "v"),
  V("volumes-from"),
  V("workdir", "w"),
  V("user", "u"),
  V("entrypoint"),
  V("restart"),
  V("label", "l"),
  V("dns"),
  V("add-host"),
  V("memory", "m"),
  V("memory-swap"),
  V("cpus"),
  V("cpu-shares", "c"),
  V("pids-limit"),
  V("dns-search"),
  V("tmpfs"),
  V("pid"),
  V("platform"),
  V("pull"),
  V("mount"),
  V("cap-add"),
  V("cap-drop"),
  B("privileged"),
  B("init"),
  B("read-only"),
  V("stop-timeout"),
  B("help"),
] as const;

export const RUN_SPEC: CommandSpec = { path: "docker run", usage: "docker run [OPTIONS] IMAGE [COMMAND] [ARG...]", flags: RUN_FLAGS, stopAtPositional: true };
export const CREATE_SPEC: CommandSpec = {
  path: "docker create",
  usage: "docker create [OPTIONS] IMAGE [COMMAND] [ARG...]",
  flags: RUN_FLAGS,
  stopAtPositional: true,
};

function resourceError(resources: Resources | undefined): string | null {
  if (!resources) return null;
  try {
    checkResources(resources);
    return null;
  } catch (e) {
    if (e instanceof OpError) return e.message;
    throw e;
  }
}

function cliError(spec: CommandSpec, message: string, stdout = "", exitCode = 125): Output {
  return err(`docker: ${message}\n\nRun '${spec.path} --help' for more information\n`, exitCode, stdout);
}

/** Host addresses `-p` accepts: IPv4, and the IPv6 any/loopback addresses. */
function isHostIp(text: string): boolean {
  return parseIp(text) !== null || text === "::" || text === "::1";
}

/**
 * Parses one `-p` value into bindings, or returns the CLI's error text.
 * @example parsePublish("127.0.0.1:8080:80/udp") // [{ hostIp: "127.0.0.1", hostPort: "8080", containerPort: 80, proto: "udp" }]
 */
export function parsePublish(spec: string): PortRequest[] | string {
  return parsePortSpec(spec, isHostIp);
}

interface Plan {
  name: string;
  networkMode: string;
  networks: NetworkRequest[];
}

function planNetworks(ctx: ShellContext, spec: CommandSpec, p: Parsed, ip: string | undefined): Plan | Output {
  const requested = [...all(p, "network"), ...all(p, "net")];
  const aliases = [...all(p, "network-alias"), ...all(p, "net-alias")];
  const r = ctx.resolved();
  const builtin = (n: string) => n === "host" || n === "none" || n === "bridge" || n === "default" || n.startsWith("container:");
  if (requested.length > 1 && requested.some(builtin)) {
    if (requested.every(builtin))
      return cliError(spec, `Error response from daemon: Container cannot be connected to network endpoints: ${requested.join(", ")}`);
    return cliError(spec, "conflicting options: cannot attach both user-defined and non-user-defined network-modes");
  }
  const first = requested[0] ?? "default";
  if (aliases.length > 0 && (first === "default" || first === "bridge" || first === "none" || first === "host")) {
    return cliError(spec, "network-scoped aliases are only supported for user-defined networks");
  }
  if (first.startsWith("container:")) {
    const target = ctx.container(first.slice(10));
    return { name: "", networkMode: `container:${target?.c.id ?? first.slice(10)}`, networks: [] };
  }
  const networks: NetworkRequest[] = [];
  for (const name of requested.length > 0 ? requested : ["bridge"]) {
    const n = r.networkByName(ctx.machineId, name === "default" ? "bridge" : name);
    if (!n) return cliError(spec, `Error response from daemon: network ${name} not found`);
    networks.push({ networkId: n.id, aliases: networks.length === 0 ? aliases : [], ipv4Address: networks.length === 0 ? (ip ?? null) : null });
  }
  const mode = requested.length === 0 ? "default" : first;
  return { name: "", networkMode: mode, networks };
}

/** `docker run` (and `docker create` with `create: true`). */
export function dockerRun(ctx: ShellContext, argv: string[], create = false): Output {
  const spec = create ? CREATE_SPEC : RUN_SPEC;
  const p = parseFlags(spec, argv);
  if (isOutput(p)) return p;
  if (has(p, "help")) return ok(`Usage:  ${spec.usage}\n\n${create ? "Create a new container" : "Create and run a new container from an image"}\n`);
  if (p.args.length === 0) return argCountError(spec, "requires at least 1 argument", true);
  const [image, ...command] = p.args as [string, ...string[]];
  const ports: PortRequest[] = [];
  for (const value of all(p, "publish")) {
    const parsed = parsePublish(value);
    if (typeof parsed === "string") return cliError(spec, parsed);
    ports.push(...parsed);
  }
  const expose = all(p, "expose").map((e) => (e.includes("/") ? e : `${e}/tcp`));
  const plan = planNetworks(ctx, spec, p, last(p, "ip"));
  if ("exitCode" in plan) return plan;
  const { networkMode, networks } = plan;
  if (networkMode.startsWith("container:")) {
    if (all(p, "dns").length > 0) return cliError(spec, "Error response from daemon: conflicting options: dns and the network mode");
  }
  const links: { target: string; alias: string }[] = [];
  for (const l of all(p, "link")) {
    const [target = "", alias = target] = l.split(":");
    const found = ctx.container(target);
    if (networkMode === "host")
      return cliError(
        spec,
        "Error response from daemon: conflicting options: host type networking can't be used with links. This would result in undefined behavior",
      );
    if (!found) return cliError(spec, `Error response from daemon: could not get container for ${target}: No such container: ${target}`);
    links.push({ target: found.c.id, alias });
  }
  const mounts: Mount[] = [];
  const newName = () => ctx.ids.hex64();
  for (const value of all(p, "volume")) {
    const m = parseVolumeFlag(value, newName);
    if (typeof m === "string") return cliError(spec, m);
    mounts.push(m);
  }
  for (const value of all(p, "mount")) {
    const m = parseMountFlag(value, newName);
    if (typeof m === "string") return m.startsWith("invalid argument") ? cliError(spec, m) : cliError(spec, m);
    mounts.push(m);
  }
  const inherited = volumesFrom(ctx, all(p, "volumes-from"), mounts);
  if (typeof inherited === "string") return cliError(spec, `Error response from daemon: ${inherited}`);
  mounts.push(...inherited);
  const runSpec = parseRunSpec(
    spec,
    p,
    (m) => cliError(spec, `Error response from daemon: ${m}`),
    (m) => cliError(spec, m),
  );
  if ("exitCode" in runSpec) return runSpec;
  // The daemon checks the limits before it looks for the image, so a bad limit pulls nothing.
  const limits = resourceError(runSpec.resources);
  if (limits) return cliError(spec, `Error response from daemon: ${limits}`);
  const found = imageForRun(ctx, image, spec.path);
  if ("exitCode" in found) return found;
  const pulled = found.log;
  const id = ctx.ids.hex64();
  // Each VOLUME of the image that no mount covers gets an anonymous volume, named after the container's id.
  for (const target of found.image?.config.Volumes ?? []) {
    if (!mounts.some((m) => m.target === target)) mounts.push({ type: "volume", source: ctx.ids.hex64(), target, readOnly: false });
  }
  const name = last(p, "name") ?? generateName(ctx, id);
  const at = ctx.now;
  const created = ctx.apply({
    type: "container.create",
    id,
    machineId: ctx.machineId,
    name,
    image,
    command,
    interactive: has(p, "interactive"),
    tty: has(p, "tty"),
    hostname: last(p, "hostname") ?? null,
    networkMode,
    networks,
    ports,
    publishAll: has(p, "publish-all"),
    expose,
    links,
    listens: null,
    autoRemove: has(p, "rm"),
    ...(mounts.length > 0 ? { mounts } : {}),
    ...(Object.keys(runSpec).length > 0 ? { spec: runSpec } : {}),
    at,
  });
  if (!created.ok) return withPull(pulled, cliError(spec, `Error response from daemon: ${created.error}`));
  const detach = has(p, "detach");
  if (create) return withPull(pulled, ok(`${id}\n`));
  if (networkMode === "host" && ports.length > 0) {
    // The daemon accepts and warns; the CLI prints the warning first.
    const result = startAndRun(ctx, id, detach);
    return withPull(pulled, { ...result, stderr: `WARNING: Published ports are discarded when using host network mode\n${result.stderr}` });
  }
  return withPull(pulled, startAndRun(ctx, id, detach));
}

/** Starts the new container and runs its main process; without `-d` the terminal shows what it prints. */
function startAndRun(ctx: ShellContext, id: string, detach: boolean): Output {
  const started = ctx.apply({ type: "container.start", containerId: id, at: ctx.now, foreground: true });
  if (!started.ok) return cliError(RUN_SPEC, `Error response from daemon: ${started.error}`, detach ? `${id}\n` : "");
  const main = runMainProcess(ctx, id);
  if (main.startError) return cliError(RUN_SPEC, `Error response from daemon: ${main.startError}`, detach ? `${id}\n` : "", 127);
  if (detach) return ok(`${id}\n`);
  return { stdout: main.stdout, stderr: main.stderr, exitCode: main.exitCode };
}

function withPull(pullLog: string, out: Output): Output {
  return pullLog === "" ? out : { ...out, stderr: pullLog + out.stderr };
}

/**
 * `--volumes-from CONTAINER[:ro|:rw]`: the other container's volumes and binds at the same places
 * (`ro`/`rw` override their mode). A place the new container mounts itself keeps its own mount.
 */
function volumesFrom(ctx: ShellContext, values: string[], own: readonly Mount[]): Mount[] | string {
  const out: Mount[] = [];
  for (const value of values) {
    const [source = "", mode] = value.split(":", 2);
    if (mode !== undefined && mode !== "ro" && mode !== "rw") return `invalid mode: ${mode}`;
    const found = ctx.container(source);
    if (!found) return `No such container: ${source}`;
    for (const m of found.c.mounts ?? []) {
      if (m.type === "tmpfs" || [...own, ...out].some((o) => o.target === m.target)) continue;
      out.push({ ...m, readOnly: mode === undefined ? m.readOnly : mode === "ro" });
    }
  }
  return out;
}
