/**
 * A machine's engine as compose.yaml, or as a docker CLI script. Names are kept exactly
 * (`container_name:`, network `name:`), so importing an export gives back the same names, networks,
 * ports, aliases and reachability.
 */
import { stringify } from "yaml";
import { byOrder, type Container, type Doc, type Mount, type Network } from "../model";

const COMPOSE_LABEL = /^com\.docker\.compose\./;

function engineRecords(doc: Doc, machineId: string): { networks: Network[]; containers: Container[] } {
  return {
    networks: byOrder(doc.networks).filter((n) => n.machineId === machineId && !n.builtin),
    containers: byOrder(doc.containers).filter((c) => c.machineId === machineId),
  };
}

function userLabels(n: Network): Record<string, string> {
  return Object.fromEntries(Object.entries(n.labels).filter(([k]) => !COMPOSE_LABEL.test(k)));
}

/** A mount in the short syntax (`-v` and Compose agree on it); tmpfs has none, so it gets the long one. */
function mountText(m: Mount, anonymous: boolean): string | Record<string, unknown> {
  if (m.type === "tmpfs") return { type: "tmpfs", target: m.target, ...(m.readOnly ? { read_only: true } : {}) };
  const base = m.type === "volume" && anonymous ? m.target : `${m.source}:${m.target}`;
  return m.readOnly ? `${base}:ro` : base;
}

function isAnonymous(doc: Doc, machineId: string, m: Mount): boolean {
  return m.type === "volume" && Object.values(doc.volumes ?? {}).some((v) => v.machineId === machineId && v.name === m.source && v.anonymous);
}

/** Named volumes the engine's containers mount, in creation order. */
function usedVolumes(doc: Doc, machineId: string, containers: Container[]): string[] {
  const used = new Set(containers.flatMap((c) => (c.mounts ?? []).filter((m) => m.type === "volume" && !isAnonymous(doc, machineId, m)).map((m) => m.source)));
  return byOrder(doc.volumes ?? {})
    .filter((v) => v.machineId === machineId && used.has(v.name))
    .map((v) => v.name);
}

function portText(p: Container["ports"][number]): string {
  const ip = p.hostIp.includes(":") ? `[${p.hostIp}]` : p.hostIp;
  const host = ip ? `${ip}:${p.hostPort}:` : p.hostPort ? `${p.hostPort}:` : "";
  return `${host}${p.containerPort}/${p.proto}`;
}

function projectSlug(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[-_]+|-+$/g, "");
  return slug || "sandbox";
}

/**
 * The containers and user-defined networks of one engine as a compose.yaml.
 * @example exportCompose(doc, "m-host").startsWith("name: ") // true
 */
export function exportCompose(doc: Doc, machineId: string): string {
  const { networks, containers } = engineRecords(doc, machineId);
  const notes: string[] = [];
  const netKey = new Map(networks.map((n) => [n.id, n.name]));
  const byId = new Map(containers.map((c) => [c.id, c]));
  const services: Record<string, unknown> = {};
  for (const c of containers) {
    const s: Record<string, unknown> = { container_name: c.name, image: c.image };
    if (c.command.length > 0) s.command = c.command;
    if (c.hostname) s.hostname = c.hostname;
    if (c.interactive) s.stdin_open = true;
    if (c.tty) s.tty = true;
    const mode = c.networkMode;
    const builtin = c.endpoints.map((ep) => doc.networks[ep.networkId]).find((n) => n?.builtin);
    if (mode.startsWith("container:")) {
      const donor = byId.get(mode.slice(10));
      s.network_mode = donor ? `service:${donor.name}` : mode;
    } else if (mode === "host" || mode === "none") s.network_mode = mode;
    else if (builtin && c.endpoints.length === 1) s.network_mode = builtin.name === "none" ? "none" : builtin.name === "host" ? "host" : "bridge";
    else if (c.endpoints.length === 0) s.network_mode = "none";
    else {
      const nets: Record<string, unknown> = {};
      for (const ep of c.endpoints) {
        const key = netKey.get(ep.networkId);
        if (!key) {
          notes.push(`${c.name}: its endpoint on ${doc.networks[ep.networkId]?.name ?? ep.networkId} cannot be written in Compose and was left out`);
          continue;
        }
        const aliases = ep.aliases.filter((a) => a !== c.name);
        const cfg: Record<string, unknown> = {};
        if (aliases.length > 0) cfg.aliases = aliases;
        if (ep.ipv4Address) cfg.ipv4_address = ep.ipv4Address;
        nets[key] = Object.keys(cfg).length > 0 ? cfg : null;
      }
      s.networks = nets;
    }
    if (c.ports.length > 0) s.ports = c.ports.map(portText);
    if (c.expose.length > 0) s.expose = c.expose.map((e) => e.replace(/\/tcp$/, ""));
    const links = c.links.filter((l) => byId.has(l.target)).map((l) => `${byId.get(l.target)?.name}:${l.alias}`);
    if (links.length > 0) s.links = links;
    const deps = (c.dependsOn ?? []).filter((d) => byId.has(d.target));
    if (deps.length > 0) {
      const plain = deps.every((d) => d.condition === "service_started" && d.required);
      const names = deps.map((d) => byId.get(d.target)?.name as string);
      s.depends_on = plain ? names : Object.fromEntries(deps.map((d, i) => [names[i], { condition: d.condition, ...(d.required ? {} : { required: false }) }]));
    }
    if (c.mounts && c.mounts.length > 0) s.volumes = c.mounts.map((m) => mountText(m, isAnonymous(doc, machineId, m)));
    const ext: Record<string, unknown> = {};
    if (c.listens) ext.listens = c.listens.map((l) => `${l.port}/${l.proto}`);
    if (c.state !== "running") ext.state = "exited";
    if (Object.keys(ext).length > 0) s["x-dockside"] = ext;
    services[c.name] = s;
  }
  const nets: Record<string, unknown> = {};
  for (const n of networks) {
    const out: Record<string, unknown> = { name: n.name };
    if (n.driver !== "bridge") out.driver = n.driver;
    if (n.internal) out.internal = true;
    if (n.attachable) out.attachable = true;
    if (!n.subnetAuto && n.subnet) {
      const cfg: Record<string, string> = { subnet: n.subnet };
      if (!n.gatewayAuto && n.gateway) cfg.gateway = n.gateway;
      if (n.ipRange) cfg.ip_range = n.ipRange;
      out.ipam = { config: [cfg] };
    }
    if (Object.keys(n.options).length > 0) out.driver_opts = n.options;
    const labels = userLabels(n);
    if (Object.keys(labels).length > 0) out.labels = labels;
    nets[n.name] = out;
  }
  const file: Record<string, unknown> = { name: projectSlug(doc.title), services };
  if (networks.length > 0) file.networks = nets;
  const vols = usedVolumes(doc, machineId, containers);
  if (vols.length > 0) file.volumes = Object.fromEntries(vols.map((v) => [v, { name: v }]));
  const header = [`# ${doc.title}: engine of ${doc.machines[machineId]?.name ?? machineId}, exported by Dockside`, ...notes.map((n) => `# ${n}`)];
  return `${header.join("\n")}\n${stringify(file, { indent: 2, lineWidth: 0 })}`;
}

function quote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The same engine as a docker CLI script: networks, then each container created, connected and
 * started in the order the engine saw them.
 * @example exportScript(doc, "m-host").split("\n")[0] // "#!/bin/sh"
 */
export function exportScript(doc: Doc, machineId: string): string {
  const { networks, containers } = engineRecords(doc, machineId);
  const lines = ["#!/bin/sh", `# ${doc.title}: engine of ${doc.machines[machineId]?.name ?? machineId}, exported by Dockside`, "set -e", ""];
  const cmd = (words: string[]) => lines.push(words.map(quote).join(" "));
  for (const n of networks) {
    const w = ["docker", "network", "create"];
    if (n.driver !== "bridge") w.push("--driver", n.driver);
    if (!n.subnetAuto && n.subnet) w.push("--subnet", n.subnet);
    if (!n.gatewayAuto && n.gateway) w.push("--gateway", n.gateway);
    if (n.ipRange) w.push("--ip-range", n.ipRange);
    if (n.internal) w.push("--internal");
    if (n.attachable) w.push("--attachable");
    for (const [k, v] of Object.entries(n.options)) w.push("-o", `${k}=${v}`);
    for (const [k, v] of Object.entries(n.labels)) w.push("--label", `${k}=${v}`);
    w.push(n.name);
    cmd(w);
  }
  for (const v of usedVolumes(doc, machineId, containers)) cmd(["docker", "volume", "create", v]);
  const names = new Map(containers.map((c) => [c.id, c.name]));
  for (const c of containers) {
    const w = ["docker", "create", "--name", c.name];
    if (c.interactive) w.push("-i");
    if (c.tty) w.push("-t");
    const [first, ...rest] = c.endpoints;
    const mode = c.networkMode;
    if (mode.startsWith("container:")) w.push("--network", `container:${names.get(mode.slice(10)) ?? mode.slice(10)}`);
    else if (first) {
      const n = doc.networks[first.networkId];
      if (n && !(n.builtin && n.name === "bridge" && mode === "default")) w.push("--network", n.name);
      for (const a of first.aliases.filter((a) => a !== c.name)) w.push("--network-alias", a);
      if (first.ipv4Address) w.push("--ip", first.ipv4Address);
    }
    if (c.hostname) w.push("--hostname", c.hostname);
    for (const p of c.ports) w.push("-p", portText(p));
    for (const e of c.expose) w.push("--expose", e);
    for (const l of c.links) if (names.has(l.target)) w.push("--link", `${names.get(l.target)}:${l.alias}`);
    for (const m of c.mounts ?? []) {
      if (m.type === "tmpfs") w.push("--tmpfs", m.target);
      else w.push("-v", mountText(m, isAnonymous(doc, machineId, m)) as string);
    }
    w.push(c.image, ...c.command);
    cmd(w);
    for (const ep of rest) {
      const n = doc.networks[ep.networkId];
      if (!n) continue;
      const cw = ["docker", "network", "connect"];
      for (const a of ep.aliases.filter((a) => a !== c.name)) cw.push("--alias", a);
      if (ep.ipv4Address) cw.push("--ip", ep.ipv4Address);
      cw.push(n.name, c.name);
      cmd(cw);
    }
    if (c.state === "running") cmd(["docker", "start", c.name]);
  }
  return `${lines.join("\n")}\n`;
}
