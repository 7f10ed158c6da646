/**
 * `docker volume create|ls|rm|inspect|prune`, and the `-v` / `--mount` values of `docker run`, as an
 * Engine 20.10 daemon and the docker 28 CLI answer them.
 */
import { byOrder, type Mount, type Volume } from "../../model";
import { volumeNamed, volumeUsers } from "../../ops";
import { err, type Output, ok, type ShellContext } from "../context";
import { all, argCountError, type CommandSpec, has, isOutput, last, parseFlags } from "./flags";
import { goNil, goStruct } from "./go-value";
import { type InspectEntry, inspectOutput, renderRows, rfc3339Nano } from "./networkread";

const VOLUMES_ROOT = "/var/lib/docker/volumes";

/**
 * Parses one `-v` value: `/path` (anonymous volume), `name:/path[:mode]`, `/host:/path[:mode]`.
 * Anonymous volumes get their 64-hex name from `newName`, as the daemon names them.
 * @example parseVolumeFlag("data:/data:ro", () => "x") // { type: "volume", source: "data", target: "/data", readOnly: true, via: "bind-flag", mode: "ro" }
 */
export function parseVolumeFlag(spec: string, newName: () => string): Mount | string {
  const parts = spec.split(":");
  if (parts.length > 3 || parts.some((p) => p === "")) return `Error response from daemon: invalid volume specification: '${spec}'`;
  if (parts.length === 1) {
    if (!spec.startsWith("/"))
      return `Error response from daemon: invalid volume specification: '${spec}': invalid mount config for type "volume": invalid mount path: '${spec}' mount path must be absolute`;
    return { type: "volume", source: newName(), target: spec, readOnly: false, via: "bind-flag", mode: "" };
  }
  const [source = "", target = "", mode = ""] = parts;
  const bind = source.startsWith("/");
  if (!target.startsWith("/"))
    return `Error response from daemon: invalid volume specification: '${spec}': invalid mount config for type "${bind ? "bind" : "volume"}": invalid mount path: '${target}' mount path must be absolute`;
  const modes = mode === "" ? [] : mode.split(",");
  const known = ["ro", "rw", "z", "Z", "nocopy", "shared", "rshared", "slave", "rslave", "private", "rprivate", "consistent", "cached", "delegated"];
  if (modes.some((m) => !known.includes(m))) return `Error response from daemon: invalid mode: ${mode}`;
  // The daemon reports "z" as the mode of a named volume given without one.
  return { type: bind ? "bind" : "volume", source, target, readOnly: modes.includes("ro"), via: "bind-flag", mode: mode === "" && !bind ? "z" : mode };
}

/**
 * Parses one `--mount` value (`type=volume,source=data,target=/data,readonly`), or returns the error text.
 * @example parseMountFlag("type=bind,src=/etc,dst=/e", () => "x") // { type: "bind", source: "/etc", target: "/e", readOnly: false, via: "mount-flag" }
 */
export function parseMountFlag(spec: string, newName: () => string): Mount | string {
  const fields: Record<string, string> = {};
  for (const part of spec.split(",")) {
    const eq = part.indexOf("=");
    const key = (eq < 0 ? part : part.slice(0, eq)).toLowerCase();
    fields[key] = eq < 0 ? "" : part.slice(eq + 1);
  }
  const bad = (why: string) => `invalid argument "${spec}" for "--mount" flag: ${why}`;
  const type = fields.type ?? "volume";
  const source = fields.source ?? fields.src ?? "";
  const target = fields.target ?? fields.destination ?? fields.dst ?? "";
  const ro = fields.readonly ?? fields.ro;
  if (ro !== undefined && !["", "true", "1", "false", "0"].includes(ro)) return bad(`invalid value for readonly: ${ro}`);
  if (target === "") return bad("target is required");
  if (type !== "volume" && type !== "bind" && type !== "tmpfs")
    return `Error response from daemon: invalid mount config for type "${type}": mount type unknown`;
  if (type === "bind" && source === "") return `Error response from daemon: invalid mount config for type "bind": field Source must not be empty`;
  const readOnly = ro === "" || ro === "true" || ro === "1";
  return { type, source: type === "volume" && source === "" ? newName() : source, target, readOnly, via: "mount-flag" };
}

function volumeData(v: Volume): Record<string, unknown> {
  return {
    CreatedAt: rfc3339Nano(Math.floor(v.createdAt / 1000) * 1000),
    Driver: v.driver,
    Labels: Object.keys(v.labels).length > 0 ? v.labels : null,
    Mountpoint: `${VOLUMES_ROOT}/${v.name}/_data`,
    Name: v.name,
    Options: null,
    Scope: "local",
  };
}

function volumes(ctx: ShellContext): Volume[] {
  return byOrder(ctx.doc.volumes ?? {}).filter((v) => v.machineId === ctx.machineId);
}

const spec = (cmd: string, usage: string, flags: CommandSpec["flags"]): CommandSpec => ({
  path: `docker volume ${cmd}`,
  usage: `docker volume ${usage}`,
  flags: [...flags, { long: "help", value: false }],
});

const CREATE = spec("create", "create [OPTIONS] [VOLUME]", [
  { long: "driver", short: "d", value: true },
  { long: "label", value: true },
  { long: "name", value: true },
  { long: "opt", short: "o", value: true },
]);
const LS = spec("ls", "ls [OPTIONS]", [
  { long: "quiet", short: "q", value: false },
  { long: "format", value: true },
  { long: "filter", short: "f", value: true },
]);
const RM = spec("rm", "rm [OPTIONS] VOLUME [VOLUME...]", [{ long: "force", short: "f", value: false }]);
const INSPECT = spec("inspect", "inspect [OPTIONS] VOLUME [VOLUME...]", [{ long: "format", short: "f", value: true }]);
const PRUNE = spec("prune", "prune [OPTIONS]", [
  { long: "force", short: "f", value: false },
  { long: "all", short: "a", value: false },
  { long: "filter", value: true },
]);

function create(ctx: ShellContext, args: string[]): Output {
  const p = parseFlags(CREATE, args);
  if (isOutput(p)) return p;
  if (p.args.length > 1) return argCountError(CREATE, "requires at most 1 argument", true);
  const name = p.args[0] ?? last(p, "name") ?? ctx.ids.hex64();
  const labels: Record<string, string> = {};
  for (const l of all(p, "label")) {
    const eq = l.indexOf("=");
    labels[eq < 0 ? l : l.slice(0, eq)] = eq < 0 ? "" : l.slice(eq + 1);
  }
  const r = ctx.apply({
    type: "volume.create",
    id: ctx.ids.hex64(),
    machineId: ctx.machineId,
    name,
    driver: last(p, "driver") ?? "local",
    labels,
    anonymous: false,
    at: ctx.now,
  });
  return r.ok ? ok(`${name}\n`) : err(`Error response from daemon: ${r.error}\n`);
}

function ls(ctx: ShellContext, args: string[]): Output {
  const p = parseFlags(LS, args);
  if (isOutput(p)) return p;
  let list = volumes(ctx);
  for (const f of all(p, "filter")) {
    const [key = "", value = ""] = f.split(/=(.*)/s);
    if (key === "dangling") list = list.filter((v) => (volumeUsers(ctx.doc, v).length === 0) === (value === "true" || value === "1"));
    else if (key === "name") list = list.filter((v) => v.name.includes(value));
    else if (key === "label")
      list = list.filter((v) => (value.includes("=") ? v.labels[value.split("=")[0] as string] === value.split(/=(.*)/s)[1] : value in v.labels));
    else if (key === "driver") list = list.filter((v) => v.driver === value);
    else return err(`Error response from daemon: Invalid filter '${key}'\n`, 1);
  }
  list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let format = last(p, "format") ?? "";
  if (has(p, "quiet") && format === "") format = "{{.Name}}";
  if (format === "" || format === "table") format = "table {{.Driver}}\t{{.Name}}";
  if (format === "json") format = "{{json .}}";
  const rows = list.map((v) =>
    goStruct({
      Driver: v.driver,
      Name: v.name,
      Scope: "local",
      Mountpoint: `${VOLUMES_ROOT}/${v.name}/_data`,
      Labels: Object.entries(v.labels)
        .map(([k, x]) => `${k}=${x}`)
        .join(","),
      Links: "N/A",
      Size: "N/A",
      Availability: "N/A",
      Group: "",
    }),
  );
  const headers = { Driver: "DRIVER", Name: "VOLUME NAME", Scope: "SCOPE", Mountpoint: "MOUNTPOINT", Labels: "LABELS", Links: "LINKS", Size: "SIZE" };
  return renderRows(format, headers, rows, "*formatter.volumeContext");
}

function rm(ctx: ShellContext, args: string[]): Output {
  const p = parseFlags(RM, args);
  if (isOutput(p)) return p;
  if (p.args.length === 0) return argCountError(RM, "requires at least 1 argument", true);
  let stdout = "";
  let stderr = "";
  for (const name of p.args) {
    const v = volumeNamed(ctx.doc, ctx.machineId, name);
    if (!v) {
      if (!has(p, "force")) stderr += `Error response from daemon: get ${name}: no such volume\n`;
      continue;
    }
    const r = ctx.apply({ type: "volume.remove", volumeId: v.id, force: has(p, "force") });
    if (r.ok) stdout += `${name}\n`;
    else stderr += `Error response from daemon: ${r.error}\n`;
  }
  return { stdout, stderr, exitCode: stderr === "" ? 0 : 1 };
}

function inspect(ctx: ShellContext, args: string[]): Output {
  const p = parseFlags(INSPECT, args);
  if (isOutput(p)) return p;
  if (p.args.length === 0) return argCountError(INSPECT, "requires at least 1 argument", true);
  const entries: InspectEntry[] = p.args.map((name) => {
    const v = volumeNamed(ctx.doc, ctx.machineId, name);
    if (!v) return { error: `Error response from daemon: get ${name}: no such volume` };
    const raw = volumeData(v);
    // The CLI's typed struct has maps where the daemon's JSON has null: templates print them as map[].
    const typed = goStruct({ ...raw, Labels: raw.Labels ?? goNil("map"), Options: goNil("map") });
    return { typed, raw: goStruct(raw) };
  });
  return inspectOutput(entries, last(p, "format"));
}

/** Engine 20.10 prunes every unused volume (later engines keep named ones unless `--all`). */
function prune(ctx: ShellContext, args: string[]): Output {
  const p = parseFlags(PRUNE, args);
  if (isOutput(p)) return p;
  if (!has(p, "force"))
    return err("WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ", 1);
  const gone: string[] = [];
  for (const v of volumes(ctx)) {
    if (volumeUsers(ctx.doc, v).length > 0) continue;
    if (ctx.apply({ type: "volume.remove", volumeId: v.id, force: false }).ok) gone.push(v.name);
  }
  const list = gone.length > 0 ? `Deleted Volumes:\n${gone.map((n) => `${n}\n`).join("")}\n` : "";
  return ok(`${list}Total reclaimed space: 0B\n`);
}

const USAGE = `Usage:  docker volume COMMAND

Manage volumes

Commands:
  create      Create a volume
  inspect     Display detailed information on one or more volumes
  ls          List volumes
  prune       Remove unused local volumes
  rm          Remove one or more volumes

Run 'docker volume COMMAND --help' for more information on a command.
`;

const COMMANDS: Record<string, (ctx: ShellContext, args: string[]) => Output> = { create, ls, list: ls, rm, remove: rm, inspect, prune };

/**
 * `docker volume ...`.
 * @example dockerVolume(ctx, ["create", "data"]).stdout // "data\n"
 */
export function dockerVolume(ctx: ShellContext, argv: string[]): Output {
  const [cmd, ...args] = argv;
  if (cmd === undefined) return err(USAGE, 0);
  const h = COMMANDS[cmd];
  if (!h) return err(`docker: unknown command: docker volume ${cmd}\n\nUsage:  docker volume\n\nRun 'docker volume --help' for more information\n`, 1);
  return h(ctx, args);
}

/** `Mounts` of `docker inspect`: what the daemon reports for each mount. */
export function mountsData(c: { mounts?: Mount[] }): object[] {
  return (c.mounts ?? []).map((m) => {
    if (m.type === "volume")
      return goStruct({
        Type: "volume",
        Name: m.source,
        Source: `${VOLUMES_ROOT}/${m.source}/_data`,
        Destination: m.target,
        Driver: "local",
        Mode: m.mode ?? (m.via === "mount-flag" ? "z" : ""),
        RW: !m.readOnly,
        Propagation: "",
      });
    if (m.type === "bind")
      return goStruct({ Type: "bind", Source: m.source, Destination: m.target, Mode: m.mode ?? "", RW: !m.readOnly, Propagation: "rprivate" });
    return goStruct({ Type: "tmpfs", Source: "", Destination: m.target, Mode: "", RW: !m.readOnly, Propagation: "" });
  });
}
