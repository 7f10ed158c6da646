/**
 * `resolve(doc)`: everything a learner asks about, derived from the declared document. Pure and
 * deterministic: it iterates records in creation order, never in the order of object keys.
 */
import {
  byOrder,
  type Container,
  cidrContains,
  type Doc,
  digest64,
  formatIp,
  imageInfo,
  type Listener,
  type Machine,
  type Network,
  type Proto,
  parseCidr,
  parseIp,
  shortId,
} from "../model";
import { lowestFree, usedAddresses } from "./ipam";
import { listenersOf } from "./listeners";
import { checkPortsFree, PortTable, type Published, publishedOf } from "./ports";
import { networkUsableOn } from "./swarm";
import type { ContainerView, Diagnostic, EndpointView, NetMode, Resolved } from "./types";

export type { ContainerView, Diagnostic, DiagnosticLevel, EndpointView, NetMode, Resolved } from "./types";

class Endpoint implements EndpointView {
  constructor(
    readonly container: Container,
    readonly network: Network,
    readonly ip: string | null,
    readonly ipNum: number | null,
    readonly prefix: number,
    readonly gateway: string | null,
    readonly aliases: string[],
    readonly dnsNames: string[],
    readonly ifname: string | null,
  ) {}
  get mac(): string {
    const d = this.network.driver;
    return d === "bridge" || d === "overlay" || d === "macvlan" ? macOf(this.ipNum) : "";
  }
  get endpointId(): string {
    return digest64(`${this.container.id}/${this.network.id}/${this.container.startedAt}`);
  }
}

/** Docker (before 26) derives the MAC from the address: 02:42 followed by the four octets. */
export function macOf(ip: number | null): string {
  if (ip === null) return "";
  const octets = [(ip >>> 24) & 255, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255];
  return ["02", "42", ...octets.map((o) => o.toString(16).padStart(2, "0"))].join(":");
}

export function isUserDefined(n: Network): boolean {
  return !n.builtin;
}

function modeOf(c: Container): NetMode {
  if (c.networkMode === "host") return "host";
  if (c.networkMode === "none") return "none";
  if (c.networkMode.startsWith("container:")) return "container";
  return "bridge";
}

/** Sandbox order: internal networks last, then network name ascending (moby `Endpoint.Less`). */
function sandboxCompare(a: EndpointView, b: EndpointView): number {
  if (a.network.internal !== b.network.internal) return a.network.internal ? 1 : -1;
  return a.network.name < b.network.name ? -1 : a.network.name > b.network.name ? 1 : 0;
}

/**
 * Derives addresses, names, published ports and diagnostics of a document.
 * @example resolve(doc).containers.get(id)?.endpoints[0]?.ip // "172.17.0.2"
 */
export function resolve(doc: Doc): Resolved {
  const diagnostics: Diagnostic[] = [];
  const containers = byOrder(doc.containers);
  const networks = byOrder(doc.networks);

  // Addresses: stored ones first; a running endpoint with none (a hand-edited document) gets the
  // lowest free one, in creation order, as the engine would have handed it out.
  const assigned = new Map<Container, (string | null)[]>();
  const missing: { c: Container; index: number; network: Network }[] = [];
  for (const c of containers) {
    const ips = c.endpoints.map((ep) => (c.state === "running" ? ep.ip : null));
    assigned.set(c, ips);
    if (c.state !== "running") continue;
    c.endpoints.forEach((ep, index) => {
      const network = doc.networks[ep.networkId];
      if (network && ep.ip === null && network.subnet !== null) missing.push({ c, index, network });
    });
  }
  if (missing.length > 0) {
    const usedByNet = new Map<string, Set<number>>();
    for (const m of missing) {
      let used = usedByNet.get(m.network.id);
      if (!used) {
        used = usedAddresses(doc, m.network);
        usedByNet.set(m.network.id, used);
      }
      try {
        const ip = lowestFree(m.network, used);
        used.add(parseIp(ip) as number);
        (assigned.get(m.c) as (string | null)[])[m.index] = ip;
      } catch (err) {
        diagnostics.push({ level: "error", subject: m.c.id, code: "ipam.exhausted", message: (err as Error).message });
      }
    }
  }

  const endpointsByNetwork = new Map<string, EndpointView[]>();
  for (const n of networks) endpointsByNetwork.set(n.id, []);
  const ownEndpoints = new Map<string, EndpointView[]>();
  const addressOwner = new Map<string, Map<number, EndpointView>>();
  for (const m of Object.keys(doc.machines)) addressOwner.set(m, new Map());

  const prefixes = new Map<string, number>();
  for (const c of containers) {
    const list: EndpointView[] = [];
    const ips = assigned.get(c) as (string | null)[];
    c.endpoints.forEach((ep, i) => {
      const network = doc.networks[ep.networkId];
      if (!network) return;
      const ip = ips[i] ?? null;
      const ipNum = ip === null ? null : parseIp(ip);
      let prefix = prefixes.get(network.id);
      if (prefix === undefined) {
        prefix = network.subnet ? (parseCidr(network.subnet)?.prefix ?? 0) : 0;
        prefixes.set(network.id, prefix);
      }
      const names = new Set<string>();
      if (isUserDefined(network)) {
        names.add(c.name.toLowerCase());
        for (const a of ep.aliases) names.add(a.toLowerCase());
        names.add(shortId(c.id));
        if (c.hostname) names.add(c.hostname.toLowerCase());
      }
      const view: EndpointView = new Endpoint(
        c,
        network,
        ip,
        ipNum,
        prefix,
        network.internal ? null : network.gateway,
        ep.aliases,
        [...names],
        ip === null ? null : (ep.ifname ?? null),
      );
      list.push(view);
      endpointsByNetwork.get(network.id)?.push(view);
      if (ipNum !== null) {
        const owners = addressOwner.get(c.machineId);
        const prev = owners?.get(ipNum);
        if (prev && prev.network.id === network.id) {
          diagnostics.push({
            level: "error",
            subject: c.id,
            code: "ipam.duplicate",
            message: `Address already in use: ${ip} on ${network.name} is held by ${prev.container.name}`,
          });
        } else owners?.set(ipNum, view);
      }
    });
    ownEndpoints.set(c.id, list);
  }
  for (const list of endpointsByNetwork.values()) {
    list.sort((a, b) => (a.ipNum ?? Number.MAX_SAFE_INTEGER) - (b.ipNum ?? Number.MAX_SAFE_INTEGER) || a.container.order - b.container.order);
  }

  const dns = new Map<string, Map<string, EndpointView[]>>();
  for (const n of networks) {
    const index = new Map<string, EndpointView[]>();
    for (const ep of endpointsByNetwork.get(n.id) ?? []) {
      if (ep.ip === null) continue;
      for (const name of ep.dnsNames) {
        const hits = index.get(name);
        if (hits) hits.push(ep);
        else index.set(name, [ep]);
      }
    }
    for (const hits of index.values()) hits.sort((a, b) => a.container.order - b.container.order);
    dns.set(n.id, index);
  }

  const views = new Map<string, ContainerView>();
  const byNsOwner = new Map<string, Container[]>();
  for (const c of containers) {
    const mode = modeOf(c);
    const target = mode === "container" ? doc.containers[c.networkMode.slice("container:".length)] : undefined;
    const nsOwner = target ?? c;
    const group = byNsOwner.get(nsOwner.id);
    if (group) group.push(c);
    else byNsOwner.set(nsOwner.id, [c]);
  }
  for (const c of containers) {
    const machine = doc.machines[c.machineId] as Machine;
    const mode = modeOf(c);
    const target = mode === "container" ? doc.containers[c.networkMode.slice("container:".length)] : undefined;
    const nsOwner = target ?? c;
    const running = c.state === "running" && nsOwner.state === "running";
    const endpoints = [...(ownEndpoints.get(nsOwner.id) ?? [])].sort(sandboxCompare);
    const ownerMode = modeOf(nsOwner);
    const gateway =
      running && ownerMode === "bridge" ? (endpoints.find((ep) => ep.gateway !== null && ep.ip !== null && ep.network.driver !== "null") ?? null) : null;
    const listeners: Listener[] = [];
    for (const member of byNsOwner.get(nsOwner.id) ?? []) {
      if (member.state === "running") listeners.push(...listenersOf(member));
    }
    const hostname = ownerMode === "host" ? machine.name : (nsOwner.hostname ?? shortId(nsOwner.id));
    views.set(c.id, {
      c,
      machine,
      image: imageInfo(c.image),
      mode,
      nsOwner,
      endpoints,
      gateway,
      hostname,
      listeners,
      published: [],
      embeddedDns: ownerMode === "bridge" && endpoints.some((ep) => isUserDefined(ep.network) && ep.network.driver !== "null"),
      running,
    });
  }

  // Published ports, in start order: a later container that asks for a taken port loses it.
  const published = new Map<string, Published[]>();
  for (const m of Object.keys(doc.machines)) published.set(m, []);
  const tables = new Map<string, PortTable>();
  const starters = [...views.values()].sort((a, b) => a.c.startedAt - b.c.startedAt || a.c.order - b.c.order);
  for (const v of starters) {
    const declared = publishedOf(v);
    if (declared.length === 0) continue;
    if (v.mode === "host") {
      diagnostics.push({
        level: "warning",
        subject: v.c.id,
        code: "ports.host",
        message: "WARNING: Published ports are discarded when using host network mode",
      });
      continue;
    }
    if (v.mode === "container") {
      diagnostics.push({
        level: "error",
        subject: v.c.id,
        code: "ports.container",
        message: "conflicting options: port publishing and the container type network mode",
      });
      continue;
    }
    if (!v.running || v.mode === "none") continue;
    if (!v.gateway) {
      diagnostics.push({
        level: "warning",
        subject: v.c.id,
        code: "ports.internal",
        message: `${v.c.name} publishes ports but has no network with a gateway (internal networks publish nothing)`,
      });
      continue;
    }
    let table = tables.get(v.c.machineId);
    if (!table) {
      table = new PortTable();
      tables.set(v.c.machineId, table);
    }
    const conflict = checkPortsFree(table, declared);
    if (conflict) {
      diagnostics.push({ level: "error", subject: v.c.id, code: "ports.allocated", message: conflict });
      continue;
    }
    v.published = declared;
    table.add(declared);
    (published.get(v.c.machineId) as Published[]).push(...declared);
  }

  for (const v of views.values()) diagnose(doc, v, diagnostics);

  const hostAddresses = new Map<string, Set<number>>();
  const hostMode = new Map<string, ContainerView[]>();
  for (const m of Object.values(doc.machines)) {
    const set = new Set<number>();
    for (const nic of m.nics) {
      const c = nic.address ? parseCidr(nic.address) : null;
      if (c) set.add(c.ip);
    }
    hostAddresses.set(m.id, set);
    hostMode.set(m.id, []);
  }
  for (const n of networks) {
    const gw = n.driver === "bridge" && n.gateway ? parseIp(n.gateway) : null;
    if (gw !== null) hostAddresses.get(n.machineId)?.add(gw);
  }
  const names = new Map<string, ContainerView[]>();
  const byName = new Map<string, ContainerView>();
  for (const c of containers) {
    const v = views.get(c.id) as ContainerView;
    byName.set(`${c.machineId}/${c.name}`, v);
    if (v.mode === "host" && v.running) hostMode.get(c.machineId)?.push(v);
    const keys = new Set([c.name.toLowerCase(), ...c.endpoints.flatMap((ep) => ep.aliases.map((a) => a.toLowerCase()))]);
    for (const k of keys) {
      const key = `${c.machineId}/${k}`;
      const list = names.get(key);
      if (list) list.push(v);
      else names.set(key, [v]);
    }
  }

  const resolved: Resolved = {
    doc,
    hostAddresses,
    hostMode,
    names,
    containers: views,
    order: containers.map((c) => views.get(c.id) as ContainerView),
    endpointsByNetwork,
    dns,
    addressOwner,
    published,
    diagnostics,
    containerByName(machineId, nameOrId) {
      const key = nameOrId.startsWith("/") ? nameOrId.slice(1) : nameOrId;
      const named = byName.get(`${machineId}/${key}`);
      if (named) return named;
      if (/^[0-9a-f]+$/.test(key)) {
        const hits = this.order.filter((v) => v.c.machineId === machineId && v.c.id.startsWith(key));
        if (hits.length === 1) return hits[0];
      }
      return undefined;
    },
    networkByName(machineId, nameOrId) {
      const local = networks.filter((n) => n.machineId === machineId || (n.scope === "swarm" && networkUsableOn(doc, n, machineId)));
      return local.find((n) => n.name === nameOrId) ?? local.find((n) => n.id === nameOrId) ?? local.find((n) => n.id.startsWith(nameOrId));
    },
  };
  return resolved;
}

function diagnose(doc: Doc, v: ContainerView, out: Diagnostic[]): void {
  const { c } = v;
  for (const ep of c.endpoints) {
    const n = doc.networks[ep.networkId];
    if (!n) continue;
    if (!isUserDefined(n) && n.name === "bridge") {
      if (ep.aliases.length > 0) {
        out.push({
          level: "error",
          subject: c.id,
          code: "alias.default-bridge",
          message: "network-scoped alias is supported only for containers in user defined networks",
        });
      }
      if (ep.ipv4Address) {
        out.push({ level: "error", subject: c.id, code: "ip.default-bridge", message: "user specified IP address is supported on user defined networks only" });
      }
    }
    if (ep.ipv4Address && n.subnet) {
      const subnet = parseCidr(n.subnet);
      const ip = parseIp(ep.ipv4Address);
      if (subnet && ip !== null && !cidrContains(subnet, ip)) {
        out.push({
          level: "error",
          subject: c.id,
          code: "ip.range",
          message: `Invalid address ${ep.ipv4Address}: It does not belong to any of this network's subnets`,
        });
      }
    }
  }
  const names = c.endpoints.map((ep) => doc.networks[ep.networkId]?.name);
  if (names.includes("none") && c.endpoints.length > 1) {
    out.push({
      level: "error",
      subject: c.id,
      code: "network.none-multi",
      message: "container cannot be connected to multiple networks with one of the networks in private (none) mode",
    });
  }
  for (const link of c.links) {
    const target = doc.containers[link.target];
    if (target && target.state !== "running" && c.state === "running") {
      out.push({ level: "warning", subject: c.id, code: "link.stopped", message: `linked container ${target.name} is not running` });
    }
  }
  if (v.mode === "container" && v.nsOwner === c) {
    out.push({ level: "error", subject: c.id, code: "network.container-missing", message: `No such container: ${c.networkMode.slice(10)}` });
  } else if (v.mode === "container" && c.state === "running" && v.nsOwner.state !== "running") {
    out.push({
      level: "error",
      subject: c.id,
      code: "network.container-stopped",
      message: `cannot join network of a non running container: ${v.nsOwner.id}`,
    });
  }
}

/** Formats an endpoint's address as Docker's `IPv4Address`, e.g. "172.18.0.2/16". */
export function endpointCidr(ep: EndpointView): string {
  return ep.ip ? `${ep.ip}/${ep.prefix}` : "";
}

export function protoOf(text: string | undefined): Proto {
  return text === "udp" || text === "sctp" ? text : "tcp";
}

export { formatIp };
