/**
 * `docker run` / `docker create`: the CLI's own checks, then the daemon's (through the ops), printed
 * the way the docker CLI prints them.
 */
import { type Engine, type MainResult, planNetworks, type RunOutcome, runContainer } from "../../intents";
import { type Mount, parseIp } from "../../model";
import { type PortRequest, parsePortSpec } from "../../ops";
import { chunksOf, err, joined, type Output, ok, type ShellContext, written } from "../context";
import { all, argCountError, type CommandSpec, has, isOutput, last, type Parsed, parseFlags } from "./flags";
import { runMainProcess } from "./process";
import { pull } from "./pull";
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

const RUN_SPEC: CommandSpec = { path: "docker run", usage: "docker run [OPTIONS] IMAGE [COMMAND] [ARG...]", flags: RUN_FLAGS, stopAtPositional: true };
const CREATE_SPEC: CommandSpec = {
  path: "docker create",
  usage: "docker create [OPTIONS] IMAGE [COMMAND] [ARG...]",
  flags: RUN_FLAGS,
  stopAtPositional: true,
};

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
function parsePublish(spec: string): PortRequest[] | string {
  return parsePortSpec(spec, isHostIp);
}

function planFlags(ctx: ShellContext, spec: CommandSpec, p: Parsed, ip: string | undefined) {
  const requested = [...all(p, "network"), ...all(p, "net")];
  const aliases = [...all(p, "network-alias"), ...all(p, "net-alias")];
  const plan = planNetworks(ctx.resolved(), ctx.machineId, requested, aliases, ip);
  return "error" in plan ? cliError(spec, plan.error) : plan;
}

/** The shell's side of running a container: its pull (Docker Hub or a registry container) and the main process. */
export function shellEngine(ctx: ShellContext): Engine {
  return { pull: (ref) => pull(ctx, ref), main: (id) => runMainProcess(ctx, id) };
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
  const plan = planFlags(ctx, spec, p, last(p, "ip"));
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
  const froms = all(p, "volumes-from");
  if (froms.length > 0) runSpec.volumesFrom = froms;
  const r = runContainer(
    ctx,
    {
      image,
      name: last(p, "name"),
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
      createOnly: create,
    },
    shellEngine(ctx),
  );
  if (!r.ok && r.stage !== "start") return failure(spec, r);
  if (create) return withPull(r.pullLog, ok(`${r.id}\n`));
  const detach = has(p, "detach");
  const out = r.ok ? attached(r.id, r.main as MainResult, detach) : cliError(spec, `Error response from daemon: ${r.error}`, detach ? `${r.id}\n` : "");
  // The daemon accepts published ports in host mode and warns; the CLI prints the warning first.
  const warn = networkMode === "host" && ports.length > 0 ? "WARNING: Published ports are discarded when using host network mode\n" : "";
  return withPull(r.pullLog, joined([err(warn), out]));
}

/** What `docker run`/`create` print when the intent stopped before it created the container. */
function failure(spec: CommandSpec, r: Extract<RunOutcome, { ok: false }>): Output {
  if (r.stage === "image") return cliError(spec, r.error);
  const daemon = `Error response from daemon: ${r.error}`;
  // `docker create` reports a failed pull as the daemon words it; `docker run` wraps it and exits 125.
  if (r.stage === "pull" && spec === CREATE_SPEC) return err(`${r.pullLog}${daemon}\n`, 1);
  return withPull(r.pullLog, cliError(spec, daemon));
}

/** What the terminal shows of the started main process: its output, or the id with `-d`. */
function attached(id: string, main: MainResult, detach: boolean): Output {
  if (main.startError) return cliError(RUN_SPEC, `Error response from daemon: ${main.startError}`, detach ? `${id}\n` : "", 127);
  if (detach) return ok(`${id}\n`);
  return written(chunksOf(main), main.exitCode);
}

/** The pull's lines come first, as the CLI streams them before it creates the container. */
function withPull(pullLog: string, out: Output): Output {
  return joined([err(pullLog), out]);
}

/**
 * `--volumes-from CONTAINER[:ro|:rw]`: the other container's volumes and binds at the same places
 * (`ro` makes them read-only). A place the new container mounts itself keeps its own mount.
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
      // The copy keeps no mode text, and `:rw` cannot make a read-only mount writable.
      out.push({ type: m.type, source: m.source, target: m.target, readOnly: m.readOnly || mode === "ro", via: "volumes-from" });
    }
  }
  return out;
}
