/**
 * `docker port` and the port lists `docker ps` and `docker inspect` print, all derived from the same
 * `NetworkSettings.Ports` map the daemon keeps for a running container.
 */
import type { ContainerView } from "../../sim";
import { hostPortOf } from "../../sim/ports";
import { err, type Output, ok, type ShellContext } from "../context";
import { type CommandSpec, isOutput, parseFlags } from "./flags";

interface HostBinding {
  HostIp: string;
  HostPort: string;
}

/** One row of the daemon's port list (what `docker ps` formats). */
interface PortEntry {
  ip: string;
  privatePort: number;
  publicPort: number;
  type: string;
}

function portKey(e: string): { port: number; proto: string } | null {
  const [p, proto = "tcp"] = e.split("/");
  const port = Number(p);
  return Number.isInteger(port) && port > 0 ? { port, proto } : null;
}

/**
 * `NetworkSettings.Ports` of a container: every exposed port, with its host bindings while it runs
 * on a network that has a way out (host, none and container modes, internal networks and stopped
 * containers have an empty map). A binding on every address shows as 0.0.0.0 and ::.
 * @example portMap(view) // { "80/tcp": [{ HostIp: "0.0.0.0", HostPort: "8080" }, { HostIp: "::", HostPort: "8080" }] }
 */
export function portMap(v: ContainerView): Record<string, HostBinding[] | null> {
  const out: Record<string, HostBinding[] | null> = {};
  if (!v.running || v.mode !== "bridge" || !v.gateway) return out;
  const inForce = v.published.length > 0 || v.c.ports.length === 0;
  for (const e of [...v.image.exposes, ...v.c.expose]) {
    const k = portKey(e);
    if (k) out[`${k.port}/${k.proto}`] = null;
  }
  for (const b of v.c.ports) {
    const key = `${b.containerPort}/${b.proto}`;
    const port = hostPortOf(b);
    if (!inForce || port === null) {
      if (!(key in out)) out[key] = null;
      continue;
    }
    const list = out[key] ?? [];
    const hostPort = String(port);
    if (b.hostIp === "" || b.hostIp === "::" || b.hostIp === "[::]") {
      if (b.hostIp === "") list.push({ HostIp: "0.0.0.0", HostPort: hostPort });
      list.push({ HostIp: "::", HostPort: hostPort });
    } else list.push({ HostIp: b.hostIp, HostPort: hostPort });
    out[key] = list;
  }
  return out;
}

/** The daemon's port list for `docker ps`: one row per binding, one bare row per unbound exposed port. */
export function portEntries(v: ContainerView): PortEntry[] {
  const out: PortEntry[] = [];
  for (const [key, bindings] of Object.entries(portMap(v))) {
    const k = portKey(key);
    if (!k) continue;
    if (!bindings || bindings.length === 0) {
      out.push({ ip: "", privatePort: k.port, publicPort: 0, type: k.proto });
      continue;
    }
    for (const b of bindings) out.push({ ip: b.HostIp, privatePort: k.port, publicPort: Number(b.HostPort), type: k.proto });
  }
  return out;
}

function joinHostPort(ip: string, port: number | string): string {
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * The PORTS column of `docker ps` (the CLI's DisplayablePorts): sorted, equal host/container ports
 * grouped into ranges, other mappings listed after them.
 * @example displayablePorts([{ ip: "0.0.0.0", privatePort: 80, publicPort: 8080, type: "tcp" }]) // "0.0.0.0:8080->80/tcp"
 */
export function displayablePorts(ports: PortEntry[]): string {
  const sorted = [...ports].sort((a, b) => {
    if (a.privatePort !== b.privatePort) return a.privatePort - b.privatePort;
    if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
    if (a.publicPort !== b.publicPort) return a.publicPort - b.publicPort;
    return a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
  });
  const groups = new Map<string, { first: number; last: number }>();
  const result: string[] = [];
  const hostMappings: string[] = [];
  const formGroup = (key: string, first: number, last: number) => {
    const slash = key.lastIndexOf("/");
    const ip = slash >= 0 ? key.slice(0, slash) : "";
    const type = slash >= 0 ? key.slice(slash + 1) : key;
    let group = first === last ? String(first) : `${first}-${last}`;
    if (ip !== "") group = `${joinHostPort(ip, group)}->${group}`;
    return `${group}/${type}`;
  };
  for (const p of sorted) {
    let key = p.type;
    if (p.ip !== "") {
      if (p.publicPort !== p.privatePort) {
        hostMappings.push(`${joinHostPort(p.ip, p.publicPort)}->${p.privatePort}/${p.type}`);
        continue;
      }
      key = `${p.ip}/${p.type}`;
    }
    const g = groups.get(key);
    if (!g) {
      groups.set(key, { first: p.privatePort, last: p.privatePort });
      continue;
    }
    if (p.privatePort === g.last + 1) {
      g.last = p.privatePort;
      continue;
    }
    result.push(formGroup(key, g.first, g.last));
    // Go's map re-insert keeps the key's original place among the keys printed at the end
    groups.set(key, { first: p.privatePort, last: p.privatePort });
  }
  for (const [key, g] of groups) result.push(formGroup(key, g.first, g.last));
  return [...result, ...hostMappings].join(", ");
}

/** sortorder.NaturalLess: digit runs compare as numbers. */
export function naturalCompare(a: string, b: string): number {
  const re = /(\d+|\D+)/g;
  const xa = a.match(re) ?? [];
  const xb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(xa.length, xb.length); i++) {
    const pa = xa[i] as string;
    const pb = xb[i] as string;
    if (pa === pb) continue;
    const da = /^\d/.test(pa);
    const db = /^\d/.test(pb);
    if (da && db) {
      const d = Number(pa) - Number(pb);
      if (d !== 0) return d;
      return pa.length - pb.length;
    }
    return pa < pb ? -1 : 1;
  }
  return xa.length - xb.length;
}

const PORT_SPEC: CommandSpec = {
  path: "docker port",
  usage: "docker port CONTAINER [PRIVATE_PORT[/PROTO]]",
  flags: [{ long: "help", value: false }],
};

/**
 * `docker port CONTAINER [PRIVATE_PORT[/PROTO]]`.
 * @example dockerPort(ctx, ["web"]).stdout // "80/tcp -> 0.0.0.0:8080\n80/tcp -> [::]:8080\n"
 */
export function dockerPort(ctx: ShellContext, args: string[]): Output {
  const p = parseFlags(PORT_SPEC, args);
  if (isOutput(p)) return p;
  if (p.flags.has("help")) return ok(`Usage:  ${PORT_SPEC.usage}\n\nList port mappings or a specific mapping for the container\n`);
  if (p.args.length < 1 || p.args.length > 2) {
    return err(
      `docker: '${PORT_SPEC.path}' requires at least 1 and at most 2 arguments\n\nUsage:  ${PORT_SPEC.usage}\n\nRun '${PORT_SPEC.path} --help' for more information\n`,
      1,
    );
  }
  const [name, wanted] = p.args as [string, string | undefined];
  const v = ctx.container(name);
  if (!v) return err(`Error response from daemon: No such container: ${name}\n`, 1);
  const ports = portMap(v);
  if (wanted !== undefined) {
    const [port = "", proto = "tcp"] = wanted.split("/");
    const bindings = ports[`${port}/${proto}`];
    if (!bindings || bindings.length === 0) return err(`Error: No public port '${wanted}' published for ${name}\n`, 1);
    return ok(bindings.map((b) => `${joinHostPort(b.HostIp, b.HostPort)}\n`).join(""));
  }
  const lines: string[] = [];
  for (const [key, bindings] of Object.entries(ports)) {
    for (const b of bindings ?? []) lines.push(`${key} -> ${joinHostPort(b.HostIp, b.HostPort)}`);
  }
  lines.sort(naturalCompare);
  return ok(lines.map((l) => `${l}\n`).join(""));
}
