/**
 * macvlan and ipvlan: a container gets its own address (and, with macvlan, its own MAC) on the
 * parent interface's LAN, so LAN machines reach it directly; but the parent host cannot, because
 * the kernel does not pass traffic between a parent interface and its macvlan/ipvlan children.
 */
import { cidrContains, type Lan, type Machine, type Network, parseCidr, parseIp } from "../model";
import type { ContainerView, EndpointView, Resolved } from "./types";
import type { Hooks, PortOpts, TraceLike } from "./vm/hooks";

type Result = { verdict: string };

function isMacvlan(n: Network): boolean {
  return n.driver === "macvlan" || n.driver === "ipvlan";
}

/** The LAN a macvlan/ipvlan network sits on: that of its parent NIC (`-o parent=eth0`). */
function parentLan(r: Resolved, n: Network): { lan: Lan; nic: string } | null {
  const parent = (n.options.parent ?? "").split(".")[0] ?? "";
  if (parent === "") return null; // Without a parent Docker uses a dummy link: nothing outside.
  const m = r.doc.machines[n.machineId];
  const nic = m?.nics.find((x) => x.name === parent);
  const lan = nic?.lanId ? r.doc.lans[nic.lanId] : undefined;
  return lan ? { lan, nic: parent } : null;
}

function ownerOf(r: Resolved, ip: number): EndpointView | undefined {
  for (const owners of r.addressOwner.values()) {
    const ep = owners.get(ip);
    if (ep && isMacvlan(ep.network)) return ep;
  }
  return undefined;
}

function parentRule(n: Network, host: string): string {
  return `${n.driver}: ${host} cannot reach its own ${n.driver} containers; the kernel does not pass traffic between the parent interface and its ${n.driver} children`;
}

/**
 * A machine sending to an address held by a macvlan/ipvlan container; null when `ip` is not one.
 * @example macvlanTo(t, r, pc, parseIp("192.168.1.50")!, { port: 80 }, hooks) // delivered over the LAN
 */
export function macvlanTo<R extends Result>(t: TraceLike, r: Resolved, m: Machine, ip: number, opts: PortOpts, hooks: Hooks<R>): R | null {
  const ep = ownerOf(r, ip);
  if (!ep || !hooks.deliver) return null;
  const link = parentLan(r, ep.network);
  const text = t.address ?? "";
  if (ep.network.machineId === m.id) {
    const why = parentRule(ep.network, m.name);
    t.hop(ep.network.id, ep.network.name, why);
    return t.end("dropped", why) as R;
  }
  if (!link || !m.nics.some((n) => n.lanId === link.lan.id && n.address)) return null;
  t.hop(link.lan.id, link.lan.name, `${text} is ${ep.container.name}, on ${link.lan.name} through ${ep.network.name} (${ep.network.driver} on ${link.nic})`);
  return hooks.deliver(t, r.containers.get(ep.container.id) as ContainerView, opts, `over ${link.lan.name}`);
}

/**
 * A macvlan/ipvlan container sending to an address on its network's subnet: the LAN router, LAN
 * machines and other containers on the LAN answer; the parent host does not. Null when `ep` is
 * not a macvlan/ipvlan endpoint.
 */
export function macvlanFrom<R extends Result>(
  t: TraceLike,
  r: Resolved,
  v: ContainerView,
  ep: EndpointView,
  ip: number,
  opts: PortOpts,
  hooks: Hooks<R>,
): R | null {
  if (!isMacvlan(ep.network) || !hooks.deliver) return null;
  const text = t.address ?? "";
  const link = parentLan(r, ep.network);
  t.hop(v.c.id, v.c.name, `${text} is on ${ep.network.name} (${ep.network.subnet}), where ${v.c.name} has ${ep.ip}`);
  const peer = ownerOf(r, ip);
  if (peer && (peer.network.id === ep.network.id || (link && parentLan(r, peer.network)?.lan.id === link.lan.id))) {
    t.hop(ep.network.id, ep.network.name, `${peer.container.name} is on the same segment`);
    return hooks.deliver(t, r.containers.get(peer.container.id) as ContainerView, opts, `on ${ep.network.name}`);
  }
  if (!link) {
    t.hop(ep.network.id, ep.network.name, `${ep.network.name} has no parent interface: nothing else is on it`);
    return t.end("dropped", `nothing on ${ep.network.name} has ${text}`) as R;
  }
  const subnet = parseCidr(link.lan.subnet);
  if (!subnet || !cidrContains(subnet, ip)) return null;
  if (link.lan.router && parseIp(link.lan.router) === ip) {
    t.hop(link.lan.id, link.lan.name, `${text} is ${link.lan.name}'s router`);
    return (opts.port === null ? t.end("reachable", `the router ${text} answers`) : t.end("refused", `the router does not serve ${opts.port}`)) as R;
  }
  const parent = r.doc.machines[ep.network.machineId];
  for (const other of Object.values(r.doc.machines)) {
    const hit = other.nics.some((n) => n.lanId === link.lan.id && n.address && parseCidr(n.address)?.ip === ip);
    if (!hit) continue;
    if (other.id === parent?.id) {
      const why = parentRule(ep.network, other.name);
      t.hop(ep.network.id, ep.network.name, why);
      return t.end("dropped", why) as R;
    }
    t.hop(link.lan.id, link.lan.name, `${text} is ${other.name}, on ${link.lan.name}`);
    return hooks.atHost(t, r, other, ip, opts, false);
  }
  t.hop(link.lan.id, link.lan.name, `no machine on ${link.lan.name} has ${text}`);
  return t.end("dropped", `no machine on ${link.lan.name} has ${text}`) as R;
}
