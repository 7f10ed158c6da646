/**
 * What can reach what, and why not: the path of a packet hop by hop, with the rule that decided at
 * each hop, following Docker's bridge driver, its iptables rules and its port publishing.
 */
import { cidrContains, formatIp, type Machine, parseCidr, parseIp } from "../model";
import { internetServer, type LookupResult, lookup, lookupOnMachine, machineOnline } from "./dns";
import { macvlanFrom } from "./macvlan";
import { overlayFrom, swarmAtHost } from "./overlay";
import type { ContainerView, EndpointView, Resolved } from "./types";
import { arriveVm, type Hooks, routeVm } from "./vm";

export type Verdict = "reachable" | "refused" | "dropped" | "unresolvable" | "no-route" | "not-running";

export interface Hop {
  /** Record id (container, network, machine, LAN) to highlight, when there is one. */
  id: string | null;
  label: string;
  rule: string;
}

export interface ReachResult {
  verdict: Verdict;
  /** Address the packet was sent to (after name resolution). */
  address: string | null;
  path: Hop[];
  /** One sentence: why it ends the way it does. */
  reason: string;
  /** The container that finally answered, if any. */
  answeredBy: string | null;
  /** docker-proxy took the connection on loopback, then closed it without a reply: the container refused. */
  proxyReset?: true;
  /** The port the answering container took the connection on, after published ports and NAT rules. */
  port?: number;
}

export type Source = { kind: "container"; id: string } | { kind: "machine"; id: string };

export interface ReachOptions {
  /** null for ICMP (ping). */
  port: number | null;
  proto?: "tcp" | "udp";
}

const LOOPBACK = parseCidr("127.0.0.0/8") as NonNullable<ReturnType<typeof parseCidr>>;
/** Addresses no router on the internet forwards (RFC 1918 and carrier-grade NAT): a LAN's or nobody's. */
const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map((c) => parseCidr(c) as NonNullable<ReturnType<typeof parseCidr>>);

class Trace {
  path: Hop[] = [];
  constructor(readonly address: string | null) {}
  hop(id: string | null, label: string, rule: string): this {
    this.path.push({ id, label, rule });
    return this;
  }
  end(verdict: Verdict, reason: string, answeredBy: string | null = null): ReachResult {
    return { verdict, address: this.address, path: this.path, reason, answeredBy };
  }
}

function portText(opts: ReachOptions): string {
  return opts.port === null ? "ping" : `${opts.port}/${opts.proto ?? "tcp"}`;
}

/** Delivery into a container namespace: does anything answer on the port? */
function deliver(t: Trace, target: ContainerView, opts: ReachOptions, via: string): ReachResult {
  const name = target.nsOwner.name;
  if (!target.running) return t.hop(target.c.id, name, "container is not running").end("dropped", `${name} is not running`);
  if (opts.port === null) {
    t.hop(target.c.id, name, `${via}; the kernel answers ping`);
    return t.end("reachable", `${name} answers`, target.c.id);
  }
  const proto = opts.proto ?? "tcp";
  const listening = target.listeners.some((l) => l.port === opts.port && l.proto === proto);
  if (listening) {
    t.hop(target.c.id, name, `${via}; a process listens on ${opts.port}/${proto}`);
    return { ...t.end("reachable", `${name} accepts ${opts.port}/${proto}`, target.c.id), port: opts.port };
  }
  t.hop(target.c.id, name, `${via}; nothing listens on ${opts.port}/${proto}`);
  return t.end("refused", `nothing in ${name} listens on port ${opts.port}/${proto}`);
}

/** Addresses that belong to a machine itself: its NICs and the gateways of its bridge networks. */
export function machineAddresses(r: Resolved, m: Machine): ReadonlySet<number> {
  return r.hostAddresses.get(m.id) ?? new Set();
}

/** Traffic arriving at the machine itself (a host address, or localhost on the host). */
function atHost(t: Trace, r: Resolved, m: Machine, _ip: number, opts: ReachOptions, fromLoopback: boolean, local = true): ReachResult {
  const ipText = t.address ?? "";
  if (opts.port === null) {
    t.hop(m.id, m.name, `${ipText} is an address of ${m.name}`);
    return t.end("reachable", `${m.name} answers`);
  }
  const proto = opts.proto ?? "tcp";
  const bindings = r.published.get(m.id) ?? [];
  const hit = bindings.find((p) => {
    if (p.hostPort !== opts.port || p.proto !== proto) return false;
    if (p.hostIp === "") return true;
    if (p.hostIp === ipText) return true;
    return false;
  });
  if (hit) {
    const target = r.containers.get(hit.container.id) as ContainerView;
    const gwIp = target.gateway?.ip ?? "?";
    t.hop(
      m.id,
      m.name,
      `published ${hit.hostIp || "0.0.0.0"}:${hit.hostPort}/${proto} → ${target.c.name} ${gwIp}:${hit.containerPort} (DNAT${fromLoopback ? ", docker-proxy on loopback" : ""})`,
    );
    const delivered = deliver(t, target, { port: hit.containerPort, proto }, `port ${hit.containerPort} via the published mapping`);
    // On loopback docker-proxy takes the connection itself, then closes it when the container refuses.
    if (fromLoopback && proto === "tcp" && delivered.verdict === "refused") {
      return { ...delivered, verdict: "reachable", proxyReset: true, reason: `docker-proxy accepts, then closes the connection: ${delivered.reason}` };
    }
    return delivered;
  }
  const loopbackOnly = bindings.find((p) => p.hostPort === opts.port && p.proto === proto && p.hostIp !== "" && p.hostIp !== ipText);
  const hostMode = r.order.find(
    (v) => v.c.machineId === m.id && v.mode === "host" && v.running && v.listeners.some((l) => l.port === opts.port && l.proto === proto),
  );
  if (hostMode) {
    t.hop(m.id, m.name, `${hostMode.c.name} runs in host network mode and listens on ${opts.port}/${proto}`);
    return t.end("reachable", `${hostMode.c.name} (host network) accepts ${opts.port}/${proto}`, hostMode.c.id);
  }
  const viaSwarm = swarmAtHost(t, r, m, opts, VM_HOOKS);
  if (viaSwarm) return viaSwarm;
  const viaVm = arriveVm(t, r, m, ipText, opts, fromLoopback, VM_HOOKS);
  if (viaVm) return viaVm;
  if (loopbackOnly) {
    t.hop(m.id, m.name, `port ${opts.port} is published only on ${loopbackOnly.hostIp}, not on ${ipText}`);
    // The machine's own stack refuses the connection; Engine 28 drops what a LAN neighbour sends to it.
    return t.end(local ? "refused" : "dropped", `${loopbackOnly.container.name} publishes ${opts.port} on ${loopbackOnly.hostIp} only`);
  }
  t.hop(m.id, m.name, `no published port and no host service on ${ipText}:${opts.port}/${proto}`);
  return t.end("refused", `nothing listens on ${m.name} port ${opts.port}/${proto}`);
}

/** Forwarded by a machine towards an address that isn't its own. */
function forward(t: Trace, r: Resolved, m: Machine, ip: number, opts: ReachOptions, fromContainer: ContainerView | null): ReachResult {
  const owner = r.addressOwner.get(m.id)?.get(ip);
  if (owner && owner.network.driver === "bridge") {
    if (fromContainer) {
      t.hop(
        owner.network.id,
        owner.network.name,
        `${fromContainer.c.name} is not on ${owner.network.name}: Docker's isolation rules drop traffic between bridge networks`,
      );
      return t.end(
        "dropped",
        `${owner.container.name} is on ${owner.network.name}, which ${fromContainer.c.name} is not connected to; only ports published on host addresses cross networks`,
      );
    }
    t.hop(owner.network.id, owner.network.name, `the host routes to ${owner.network.subnet} through the bridge`);
    return deliver(t, r.containers.get(owner.container.id) as ContainerView, opts, "routed from the host");
  }
  const viaVm = routeVm(t, r, m, ip, opts, VM_HOOKS);
  if (viaVm) return viaVm;
  // Out through a NIC: a LAN this machine is on, else the default route to the internet.
  for (const nic of m.nics) {
    const lan = nic.lanId ? r.doc.lans[nic.lanId] : undefined;
    const subnet = lan ? parseCidr(lan.subnet) : null;
    if (!lan || !subnet || !cidrContains(subnet, ip)) continue;
    t.hop(lan.id, lan.name, `${nic.name} is on ${lan.name} (${lan.subnet})${fromContainer ? "; source NATed to the host's address" : ""}`);
    if (lan.router && parseIp(lan.router) === ip) {
      return opts.port === null ? t.end("reachable", `the router ${lan.router} answers`) : t.end("refused", `the router does not serve ${portText(opts)}`);
    }
    for (const other of Object.values(r.doc.machines)) {
      if (other.id === m.id) continue;
      const hit = other.nics.some((n) => n.lanId === lan.id && n.address && parseCidr(n.address)?.ip === ip);
      if (hit) return atHost(t, r, other, ip, opts, false, false);
    }
    return t.end("dropped", `no machine on ${lan.name} has ${t.address}`);
  }
  if (!machineOnline(r, m.id)) {
    // A router on a LAN without internet is still the default route: packets reach it and go no further.
    const dead = m.nics.map((n) => (n.lanId ? r.doc.lans[n.lanId] : undefined)).find((l) => l?.router);
    if (dead) {
      t.hop(dead.id, dead.name, `default route via the router ${dead.router}${fromContainer ? "; source masqueraded to the host's address" : ""}`);
      return t.end("dropped", `the router ${dead.router} leads nowhere: ${dead.name} has no way to the internet`);
    }
    t.hop(m.id, m.name, "no route out: the machine's LAN has no router to the internet");
    return t.end("no-route", `${m.name} has no way to ${t.address}`);
  }
  const lan = m.nics.map((n) => (n.lanId ? r.doc.lans[n.lanId] : undefined)).find((l) => l?.internet);
  t.hop(
    lan?.id ?? null,
    lan?.name ?? "lan",
    `default route via the router ${lan?.router ?? ""}${fromContainer ? "; source masqueraded to the host's address" : ""}`,
  );
  if (isPrivate(ip)) {
    return t.end("dropped", `${t.address} is a private address: routers on the internet do not forward it, and no LAN here has it`);
  }
  const out = onTheInternet(ip, opts, fromContainer ? "the router and the host's NAT" : "the router");
  for (const h of out.hops) t.hop(h.id, h.label, h.rule);
  return t.end(out.verdict, out.reason);
}

/** Whether no router on the internet forwards `ip` (RFC 1918, carrier-grade NAT): only a LAN can have it. */
export const isPrivate = (ip: number): boolean => PRIVATE_RANGES.some((range) => cidrContains(range, ip));

/**
 * The last leg of a packet that left through a LAN's router for a public address: what answers out there
 * (see `internetServer`), and the way its replies come back (`back`: "the router", "the router and the host's NAT").
 */
export function onTheInternet(ip: number, opts: ReachOptions, back: string): { verdict: Verdict; hops: Hop[]; reason: string } {
  const address = formatIp(ip);
  const server = internetServer(address);
  if (!server) return { verdict: "dropped", hops: [], reason: `no answer from ${address} on the internet` };
  const hops: Hop[] = [{ id: null, label: "internet", rule: `${address} (${server.name}) is on the internet; replies come back through ${back}` }];
  if (opts.port === null) return { verdict: "reachable", hops, reason: `${address} answers ping` };
  const what = portText(opts);
  return server.ports.includes(opts.port)
    ? { verdict: "reachable", hops, reason: `${address} answers on ${what}` }
    : { verdict: "dropped", hops, reason: `${address} does not answer on ${what}` };
}

function fromMachine(t: Trace, r: Resolved, m: Machine, ip: number, opts: ReachOptions): ReachResult {
  if (cidrContains(LOOPBACK, ip)) {
    t.hop(m.id, m.name, "loopback");
    return atHost(t, r, m, ip, opts, true);
  }
  if (machineAddresses(r, m).has(ip)) return atHost(t, r, m, ip, opts, false);
  return forward(t, r, m, ip, opts, null);
}

const VM_HOOKS: Hooks<ReachResult> = {
  atHost: (t, r, m, ip, opts, fromLoopback) => atHost(t as Trace, r, m, ip, opts, fromLoopback),
  fromMachine: (t, r, m, ip, opts) => fromMachine(t as Trace, r, m, ip, opts),
  deliver: (t, target, opts, via) => deliver(t as Trace, target, opts, via),
};

function onLink(v: ContainerView, ip: number): EndpointView | undefined {
  return v.endpoints.find((ep) => {
    if (ep.ip === null || !ep.network.subnet) return false;
    const subnet = parseCidr(ep.network.subnet);
    return !!subnet && cidrContains(subnet, ip);
  });
}

function fromContainer(t: Trace, r: Resolved, v: ContainerView, ip: number, opts: ReachOptions): ReachResult {
  const self = v.nsOwner.name;
  if (cidrContains(LOOPBACK, ip) || v.endpoints.some((ep) => ep.ipNum === ip)) {
    t.hop(v.c.id, v.c.name, `${t.address} is ${self}'s own address`);
    return deliver(t, v, opts, "delivered locally");
  }
  const ep = onLink(v, ip);
  const viaMacvlan = ep ? macvlanFrom(t, r, v, ep, ip, opts, VM_HOOKS) : null;
  if (viaMacvlan) return viaMacvlan;
  const viaOverlay = ep ? overlayFrom(t, r, v, ep, ip, opts, VM_HOOKS) : null;
  if (viaOverlay) return viaOverlay;
  if (ep) {
    t.hop(v.c.id, v.c.name, `${t.address} is on ${ep.network.name} (${ep.network.subnet}), where ${v.c.name} has ${ep.ip}`);
    const gw = ep.network.gateway ? parseIp(ep.network.gateway) : null;
    if (gw === ip) {
      t.hop(ep.network.id, ep.network.name, `${t.address} is the gateway: the host's own address on this bridge`);
      return atHost(t, r, v.machine, ip, opts, false);
    }
    const owner = r.addressOwner.get(v.machine.id)?.get(ip);
    if (!owner || owner.network.id !== ep.network.id) {
      t.hop(ep.network.id, ep.network.name, `no running container holds ${t.address} on ${ep.network.name}`);
      return t.end("dropped", `nothing on ${ep.network.name} has ${t.address}`);
    }
    if (ep.network.options["com.docker.network.bridge.enable_icc"] === "false") {
      t.hop(ep.network.id, ep.network.name, "inter-container communication is disabled on this network (enable_icc=false)");
      return t.end("dropped", `${ep.network.name} has ICC disabled`);
    }
    t.hop(ep.network.id, ep.network.name, "same network: the bridge delivers it");
    return deliver(t, r.containers.get(owner.container.id) as ContainerView, opts, `on ${ep.network.name}`);
  }
  if (!v.gateway && v.mode !== "none" && v.endpoints.some((e) => e.ip !== null)) {
    // Engine 20.10 still gives internal networks a default route; the firewall drops what leaves them,
    // except traffic to the host's own addresses (seen on the real engine: the host's LAN address answers).
    const via = v.endpoints.find((e) => e.ip !== null) as EndpointView;
    t.hop(v.c.id, v.c.name, `default route via ${via.network.name} gateway ${via.network.gateway}`);
    if (machineAddresses(r, v.machine).has(ip)) {
      t.hop(via.network.id, via.network.name, `to the host ${v.machine.name}`);
      return atHost(t, r, v.machine, ip, opts, false);
    }
    t.hop(via.network.id, via.network.name, `${via.network.name} is internal: Docker's firewall drops traffic that leaves it`);
    return t.end("dropped", `${v.nsOwner.name}'s networks are internal: nothing outside them answers`);
  }
  if (!v.gateway) {
    const why =
      v.mode === "none"
        ? `${self} has no network (none mode): only loopback`
        : v.endpoints.length > 0 && v.endpoints.every((e) => e.network.internal)
          ? `${self}'s networks are internal: no default route`
          : `${self} has no default route`;
    t.hop(v.c.id, v.c.name, why);
    return t.end("no-route", why);
  }
  const gwNet = v.gateway.network;
  t.hop(v.c.id, v.c.name, `default route via ${gwNet.name} gateway ${gwNet.gateway}`);
  t.hop(gwNet.id, gwNet.name, `to the host ${v.machine.name}`);
  if (machineAddresses(r, v.machine).has(ip)) return atHost(t, r, v.machine, ip, opts, false);
  return forward(t, r, v.machine, ip, opts, v);
}

function resolveName(r: Resolved, source: Source, target: string): LookupResult {
  return source.kind === "container" ? lookup(r, source.id, target) : lookupOnMachine(r, source.id, target);
}

/**
 * Can `source` reach `target` (a name or an address) on a port (or by ping)?
 * @example reach(r, { kind: "container", id }, "web", { port: 80 }).verdict // "reachable"
 */
export function reach(r: Resolved, source: Source, target: string, opts: ReachOptions): ReachResult {
  let address = target;
  const resolved = parseIp(target) === null ? resolveName(r, source, target) : null;
  if (resolved) {
    if (!resolved.ok) {
      return {
        verdict: "unresolvable",
        address: null,
        path: [{ id: source.id, label: target, rule: resolved.reason }],
        reason: resolved.reason,
        answeredBy: null,
      };
    }
    address = resolved.addresses[0] as string;
  }
  const ip = parseIp(address) as number;
  const t = new Trace(address);
  if (resolved?.ok) t.hop(resolved.network?.id ?? null, `${target} → ${address}`, resolved.reason);
  if (source.kind === "machine") {
    const m = r.doc.machines[source.id];
    if (!m) return t.end("not-running", "no such machine");
    return fromMachine(t, r, m, ip, opts);
  }
  const v = r.containers.get(source.id);
  if (!v) return t.end("not-running", "no such container");
  if (!v.running) return t.hop(v.c.id, v.c.name, "container is not running").end("not-running", `${v.c.name} is not running`);
  if (v.mode === "host") {
    t.hop(v.c.id, v.c.name, `host network mode: ${v.c.name} uses ${v.machine.name}'s network stack`);
    return fromMachine(t, r, v.machine, ip, opts);
  }
  return fromContainer(t, r, v, ip, opts);
}
