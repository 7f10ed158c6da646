/** `docker compose down`, `ps` and `config` over a document. */
import { stringify } from "yaml";
import { byOrder, type Container, containerImage, type Doc, type Network } from "../model";
import { containerStatus } from "../model/status";
import { humanDuration } from "../model/units";
import { apply, type Op } from "../ops";
import { type ContainerView, commandLine, resolve } from "../sim";
import { type ComposeProject, containerName, type MountSpec } from "./types";

interface ProjectContainer {
  container: Container;
  service: string;
  number: number;
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Containers of a project on a machine, in creation order. Containers carry no labels in the
 * document, so they are recognised by Compose's naming (`<project>-<service>-<n>`) and, when the file
 * is known, by its `container_name`s.
 * @example projectContainers(doc, "m-host", "app").map((p) => p.container.name) // ["app-web-1"]
 */
export function projectContainers(doc: Doc, machineId: string, name: string, project?: ComposeProject): ProjectContainer[] {
  const pattern = new RegExp(`^${escapeRe(name)}-(.+)-(\\d+)$`);
  const services = project ? new Set(project.services.map((s) => s.name)) : null;
  const out: ProjectContainer[] = [];
  for (const c of byOrder(doc.containers)) {
    if (c.machineId !== machineId) continue;
    const fixed = project?.services.find((s) => s.containerName !== null && containerName(project, s, 1) === c.name);
    if (fixed) {
      out.push({ container: c, service: fixed.name, number: 1 });
      continue;
    }
    const m = pattern.exec(c.name);
    if (m && (!services || services.has(m[1] as string))) out.push({ container: c, service: m[1] as string, number: Number(m[2]) });
  }
  return out;
}

/**
 * Networks Compose created for a project (it labels them).
 * @example projectNetworks(doc, "m-host", "app").map((n) => n.name) // ["app_default"]
 */
function projectNetworks(doc: Doc, machineId: string, name: string): Network[] {
  return byOrder(doc.networks).filter((n) => n.machineId === machineId && n.labels["com.docker.compose.project"] === name);
}

interface DownResult {
  ok: boolean;
  doc: Doc;
  ops: Op[];
  lines: string[];
  error?: string;
}

/**
 * `docker compose down`: stops and removes the project's containers (dependents first), then the
 * networks Compose created for it; external networks stay. With `volumes` (`down -v`), also the
 * volumes Compose created and the containers' anonymous volumes.
 * @example composeDown(doc, "m-host", "app", { at: 0 }).lines.at(-1) // " Network app_default  Removed"
 */
export function composeDown(doc: Doc, machineId: string, name: string, opts: { at: number; project?: ComposeProject; volumes?: boolean }): DownResult {
  let current = doc;
  const ops: Op[] = [];
  const lines: string[] = [];
  const run = (op: Op): string | null => {
    const r = apply(current, op);
    if (!r.ok) return `Error response from daemon: ${r.error}`;
    current = r.doc;
    ops.push(op);
    return null;
  };
  const fail = (error: string): DownResult => {
    lines.push(error);
    return { ok: false, doc: current, ops, lines, error };
  };
  for (const { container: c } of projectContainers(doc, machineId, name, opts.project).reverse()) {
    if (c.state === "running") {
      lines.push(` Container ${c.name}  Stopping`);
      const e = run({ type: "container.stop", containerId: c.id, at: opts.at });
      if (e) return fail(e);
      lines.push(` Container ${c.name}  Stopped`);
    }
    lines.push(` Container ${c.name}  Removing`);
    const e = run({ type: "container.remove", containerId: c.id, force: false, ...(opts.volumes ? { volumes: true } : {}) });
    if (e) return fail(e);
    lines.push(` Container ${c.name}  Removed`);
  }
  for (const n of projectNetworks(current, machineId, name)) {
    lines.push(` Network ${n.name}  Removing`);
    const e = run({ type: "network.remove", networkId: n.id });
    if (e) return fail(e);
    lines.push(` Network ${n.name}  Removed`);
  }
  if (opts.volumes) {
    for (const v of byOrder(current.volumes ?? {})) {
      if (v.machineId !== machineId || v.labels["com.docker.compose.project"] !== name) continue;
      lines.push(` Volume ${v.name}  Removing`);
      const e = run({ type: "volume.remove", volumeId: v.id, force: false });
      if (e) return fail(e);
      lines.push(` Volume ${v.name}  Removed`);
    }
  }
  return { ok: true, doc: current, ops, lines };
}

function portsColumn(v: ContainerView): string {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const b of v.c.ports) {
    const port = b.assigned ?? (/^\d+$/.test(b.hostPort) ? Number(b.hostPort) : null);
    if (!v.running || port === null || v.mode === "host") continue;
    if (b.hostIp === "" || b.hostIp === "0.0.0.0") out.push(`0.0.0.0:${port}->${b.containerPort}/${b.proto}`, `[::]:${port}->${b.containerPort}/${b.proto}`);
    else out.push(`${b.hostIp.includes(":") ? `[${b.hostIp}]` : b.hostIp}:${port}->${b.containerPort}/${b.proto}`);
    seen.add(`${b.containerPort}/${b.proto}`);
  }
  if (v.mode !== "host") {
    for (const e of [...containerImage(v.c).exposes, ...v.c.expose]) {
      if (seen.has(e)) continue;
      out.push(e);
      seen.add(e);
    }
  }
  return out.join(", ");
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return `${rows
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 3)))
        .join("")
        .trimEnd(),
    )
    .join("\n")}\n`;
}

/**
 * `docker compose ps`: the project's running containers (all of them with `all`).
 * @example composePs(doc, "m-host", "app", { now: Date.now() }).split("\n")[0] // "NAME   IMAGE   COMMAND   SERVICE   CREATED   STATUS   PORTS"
 */
export function composePs(doc: Doc, machineId: string, name: string, opts: { now: number; all?: boolean; project?: ComposeProject }): string {
  const r = resolve(doc);
  const rows = [["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"]];
  const members = projectContainers(doc, machineId, name, opts.project).sort((a, b) => (a.container.name < b.container.name ? -1 : 1));
  for (const { container: c, service } of members) {
    const v = r.containers.get(c.id);
    if (!v || (!opts.all && c.state !== "running")) continue;
    let command = commandLine(c).join(" ");
    if (command.length > 20) command = `${command.slice(0, 19)}…`;
    rows.push([c.name, c.image, `"${command}"`, service, `${humanDuration(opts.now - c.createdAt)} ago`, containerStatus(c, opts.now), portsColumn(v)]);
  }
  return table(rows);
}

/**
 * `docker compose config`: the normalised project as YAML (ports in long syntax, networks as maps,
 * names resolved), as Compose prints it.
 * @example composeConfig(project).startsWith("name: app\n") // true
 */
export function composeConfig(project: ComposeProject): string {
  const services: Record<string, unknown> = {};
  for (const s of [...project.services].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const out: Record<string, unknown> = {};
    if (s.build) {
      const { context, dockerfile, args, target } = s.build;
      out.build = { context, dockerfile, ...(Object.keys(args).length > 0 ? { args } : {}), ...(target ? { target } : {}) };
    }
    if (s.command.length > 0) out.command = s.command;
    if (s.containerName) out.container_name = s.containerName;
    if (s.dependsOn.length > 0) out.depends_on = Object.fromEntries(s.dependsOn.map((d) => [d.service, { condition: d.condition, required: d.required }]));
    if (s.replicas !== 1) out.deploy = { replicas: s.replicas };
    if (s.expose.length > 0) out.expose = s.expose.map((e) => e.replace(/\/tcp$/, ""));
    if (s.hostname) out.hostname = s.hostname;
    out.image = s.image;
    if (s.links.length > 0) out.links = s.links.map((l) => (l.alias === l.service ? l.service : `${l.service}:${l.alias}`));
    if (s.networkMode) out.network_mode = s.networkMode;
    else
      out.networks = Object.fromEntries(
        s.networks.map((n) => {
          const cfg: Record<string, unknown> = {};
          if (n.aliases.length > 0) cfg.aliases = n.aliases;
          if (n.ipv4Address) cfg.ipv4_address = n.ipv4Address;
          return [n.key, Object.keys(cfg).length > 0 ? cfg : null];
        }),
      );
    if (s.ports.length > 0)
      out.ports = s.ports.map((p) => ({
        mode: "ingress",
        ...(p.hostIp ? { host_ip: p.hostIp } : {}),
        target: p.containerPort,
        ...(p.hostPort ? { published: p.hostPort } : {}),
        protocol: p.proto,
      }));
    if (s.profiles.length > 0) out.profiles = s.profiles;
    if (s.interactive) out.stdin_open = true;
    if (s.tty) out.tty = true;
    if (s.volumes.length > 0) out.volumes = s.volumes.map(mountConfig);
    services[s.name] = out;
  }
  const networks: Record<string, unknown> = {};
  for (const n of [...project.networks].sort((a, b) => (a.key < b.key ? -1 : 1))) {
    const out: Record<string, unknown> = { name: n.name };
    if (n.external) out.external = true;
    else {
      if (n.driver !== "bridge") out.driver = n.driver;
      if (n.internal) out.internal = true;
      if (n.attachable) out.attachable = true;
      if (n.subnet) out.ipam = { config: [{ subnet: n.subnet, ...(n.gateway ? { gateway: n.gateway } : {}), ...(n.ipRange ? { ip_range: n.ipRange } : {}) }] };
      if (Object.keys(n.options).length > 0) out.driver_opts = n.options;
      if (Object.keys(n.labels).length > 0) out.labels = n.labels;
    }
    networks[n.key] = out;
  }
  const doc: Record<string, unknown> = { name: project.name, services };
  if (Object.keys(networks).length > 0) doc.networks = networks;
  if (project.volumes.length > 0) {
    const sorted = [...project.volumes].sort((a, b) => (a.key < b.key ? -1 : 1));
    doc.volumes = Object.fromEntries(
      sorted.map((v) => {
        const out: Record<string, unknown> = { name: v.name };
        if (v.external) out.external = true;
        else {
          if (v.driver !== "local") out.driver = v.driver;
          if (Object.keys(v.labels).length > 0) out.labels = v.labels;
        }
        return [v.key, out];
      }),
    );
  }
  return stringify(doc, { indent: 2, lineWidth: 0 });
}

/** A mount in the long syntax, as `docker compose config` prints every mount. */
function mountConfig(m: MountSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { type: m.type };
  if (m.source !== "") out.source = m.source;
  out.target = m.target;
  if (m.readOnly) out.read_only = true;
  if (m.type === "volume") out.volume = {};
  if (m.type === "bind") out.bind = { create_host_path: true };
  return out;
}
