/**
 * Who a goal talks about: a container, a machine, or "another machine on a LAN" (the learner's
 * laptop next to the host), and how each of them reaches a target, as `reach` of lib/sim decides it.
 */
import { byOrder, cidrContains, type Lan, type Machine, parseCidr, parseIp } from "../model";
import {
  type ContainerView,
  type Hop,
  INTERNET_HOSTS,
  isPrivate,
  onTheInternet,
  type Published,
  type ReachOptions,
  type ReachResult,
  type Resolved,
  reach,
} from "../sim";

type Party =
  | { kind: "container"; label: string; v: ContainerView }
  | { kind: "machine"; label: string; m: Machine }
  | { kind: "lan"; label: string; lan: Lan }
  | { kind: "missing"; label: string };

/**
 * A goal's reference: a container name (or id prefix) on any machine, else a machine name, else a LAN name.
 * @example party(r, "web").kind // "container"
 */
export function party(r: Resolved, ref: string): Party {
  const machines = byOrder(r.doc.machines);
  for (const m of machines) {
    const v = r.containerByName(m.id, ref);
    if (v) return { kind: "container", label: ref, v };
  }
  const m = machines.find((x) => x.name === ref);
  if (m) return { kind: "machine", label: ref, m };
  const lan = byOrder(r.doc.lans).find((x) => x.name === ref);
  if (lan) return { kind: "lan", label: lan.name === "lan" ? "the LAN" : `the LAN ${lan.name}`, lan };
  return { kind: "missing", label: ref };
}

/**
 * Why a goal about an unknown reference can't be met.
 * @example missingWhy("ghost") // "there is no container, machine or LAN named ghost"
 */
export function missingWhy(ref: string): string {
  return `there is no container, machine or LAN named ${ref}`;
}

/** A reach answer plus, when it went through a published port, the binding it used. */
interface Reached {
  res: ReachResult;
  binding: Published | null;
}

function ended(verdict: ReachResult["verdict"], reason: string, path: Hop[] = []): ReachResult {
  return { verdict, address: null, path, reason, answeredBy: null };
}

/** The address a container holds on a running network that routes (what the host would use to reach it). */
function containerAddress(v: ContainerView): string | null {
  return v.endpoints.find((ep) => ep.ip !== null && ep.network.driver !== "null" && ep.network.driver !== "host")?.ip ?? null;
}

function nicAddressOn(m: Machine, lan: Lan): string | null {
  const nic = m.nics.find((n) => n.lanId === lan.id && n.address);
  return nic?.address?.split("/")[0] ?? null;
}

/**
 * Bindings in force that lead to a container's port (a `container:` sidecar is reached through its owner's).
 * @example bindingsTo(r, web, 80, "tcp")[0]?.hostPort // 8080
 */
export function bindingsTo(r: Resolved, v: ContainerView, port: number | null, proto: string): Published[] {
  const owner = v.nsOwner.id;
  const all = r.published.get(v.c.machineId) ?? [];
  return all.filter((p) => p.container.id === owner && p.proto === proto && (port === null || p.containerPort === port));
}

/**
 * A packet from another machine on `lan` to `address`: the LAN's own addresses, and public ones through
 * the router when the LAN leads to the internet (its router masquerades the machine's address).
 */
function fromLan(r: Resolved, lan: Lan, address: string, opts: ReachOptions): ReachResult {
  const first: Hop = { id: lan.id, label: lan.name, rule: `from another machine on ${lan.name} (${lan.subnet})` };
  const subnet = parseCidr(lan.subnet);
  const ip = parseIp(address);
  if (subnet && ip !== null && !cidrContains(subnet, ip) && !isPrivate(ip) && lan.internet && lan.router) {
    const out = onTheInternet(ip, opts, "the router");
    const router: Hop = { id: lan.id, label: lan.name, rule: `default route via the router ${lan.router}, which masquerades the machine's address` };
    return { verdict: out.verdict, address, path: [first, router, ...out.hops], reason: out.reason, answeredBy: null };
  }
  if (!subnet || ip === null || !cidrContains(subnet, ip)) {
    return ended("no-route", `${address} is not on ${lan.name} (${lan.subnet}): container networks are private to their host`, [first]);
  }
  if (lan.router && lan.router === address) {
    return opts.port === null
      ? ended("reachable", `the router ${address} answers`, [first])
      : ended("refused", `the router does not serve port ${opts.port}`, [first]);
  }
  const m = byOrder(r.doc.machines).find((x) => nicAddressOn(x, lan) === address);
  if (!m) return ended("dropped", `no machine on ${lan.name} has ${address}`, [first]);
  // Arriving on the machine's own NIC address is what a LAN peer's packet looks like to it (not loopback).
  const res = reach(r, { kind: "machine", id: m.id }, address, opts);
  return { ...res, path: [first, ...res.path] };
}

function viaBindings(r: Resolved, from: Extract<Party, { kind: "lan" | "machine" }>, v: ContainerView, opts: ReachOptions): Reached {
  const proto = opts.proto ?? "tcp";
  const bindings = bindingsTo(r, v, opts.port, proto);
  const lan = from.kind === "lan" ? from.lan : null;
  // From the host itself the binding is tried on loopback, as `curl localhost:PORT` would.
  const machineId = from.kind === "machine" ? from.m.id : v.machine.id;
  const hostAddr = lan ? nicAddressOn(v.machine, lan) : null;
  if (lan && hostAddr === null) return { res: ended("no-route", `${v.machine.name} is not on ${lan.name}`), binding: null };
  let firstMiss: Reached | null = null;
  for (const b of bindings) {
    const addr = lan ? (hostAddr as string) : "127.0.0.1";
    const res = lan ? fromLan(r, lan, addr, { port: b.hostPort, proto }) : reach(r, { kind: "machine", id: machineId }, addr, { port: b.hostPort, proto });
    if (res.verdict === "reachable") return { res, binding: b };
    firstMiss ??= { res, binding: b };
  }
  if (firstMiss) return firstMiss;
  const what = opts.port === null ? "ping" : `port ${opts.port}/${proto}`;
  // When the engine refused the ports (conflict, internal network), its message is the real answer.
  const refusal = r.diagnostics.find((d) => d.subject === v.nsOwner.id && d.code.startsWith("ports."))?.message;
  const why = refusal
    ? `${v.c.name} publishes nothing for ${what}: ${refusal}`
    : `${v.c.name} publishes nothing for ${what}, and its container address is private to ${v.machine.name}`;
  return { res: ended(lan ? "no-route" : "refused", why), binding: null };
}

/**
 * Can `from` reach `target`? Containers and machines ask `reach` directly (a machine names a
 * container by its address, since the host cannot resolve container names); a LAN peer reaches a
 * container only through a port published on the host's LAN address.
 * @example reachFrom(r, party(r, "lan"), "db", { port: 5432 }).binding?.hostIp // "" (0.0.0.0)
 */
export function reachFrom(r: Resolved, from: Party, target: string, opts: ReachOptions): Reached {
  if (from.kind === "missing") return { res: ended("not-running", missingWhy(from.label)), binding: null };
  if (from.kind === "container") return { res: reach(r, { kind: "container", id: from.v.c.id }, target, opts), binding: null };
  const to = party(r, target);
  if (to.kind === "container") {
    if (from.kind === "lan") return viaBindings(r, from, to.v, opts);
    const addr = containerAddress(to.v);
    if (addr !== null) return { res: reach(r, { kind: "machine", id: from.m.id }, addr, opts), binding: null };
    if (!to.v.running) return { res: ended("not-running", `${to.v.c.name} is not running`), binding: null };
    return viaBindings(r, from, to.v, opts);
  }
  if (from.kind === "machine") {
    const addr = to.kind === "machine" && to.m.id !== from.m.id ? (to.m.nics.find((n) => n.address)?.address?.split("/")[0] ?? target) : target;
    return { res: reach(r, { kind: "machine", id: from.m.id }, to.kind === "machine" && to.m.id === from.m.id ? "127.0.0.1" : addr, opts), binding: null };
  }
  // A LAN's machines ask the internet's DNS through the router, as the hosts do.
  const outside = from.lan.internet && from.lan.router ? INTERNET_HOSTS.get(target.toLowerCase()) : undefined;
  const addr = to.kind === "machine" ? nicAddressOn(to.m, from.lan) : parseIp(target) !== null ? target : (outside ?? null);
  if (addr === null) {
    return { res: ended("unresolvable", `${target} is not a machine on ${from.lan.name} or an address`), binding: null };
  }
  return { res: fromLan(r, from.lan, addr, opts), binding: null };
}

/**
 * The running addresses of a container's namespace.
 * @example addressesOf(app) // ["172.18.0.3"]
 */
export function addressesOf(v: ContainerView): string[] {
  return v.endpoints.flatMap((ep) => (ep.ip !== null && ep.network.driver !== "host" ? [ep.ip] : []));
}

/**
 * The address a container would use to reach its host (for traffic that hairpins through a published port).
 * @example hostAddressFor(app) // "192.168.1.10"
 */
export function hostAddressFor(v: ContainerView): string | null {
  return v.machine.nics.find((n) => n.address)?.address?.split("/")[0] ?? null;
}

/**
 * How a published binding reads in a sentence; `subject` stands for the container ("it" when the
 * sentence already named it).
 * @example bindingText(p, "it") // "it publishes 5432 on 0.0.0.0", or "it publishes 80 as 0.0.0.0:8080"
 */
export function bindingText(p: Published, subject: string = p.container.name): string {
  const ip = p.hostIp || "0.0.0.0";
  return p.hostPort === p.containerPort ? `${subject} publishes ${p.containerPort} on ${ip}` : `${subject} publishes ${p.containerPort} as ${ip}:${p.hostPort}`;
}

/**
 * The binding a reach went through, when it arrived at a host address and a container answered.
 * @example bindingUsed(r, reach(r, host, "127.0.0.1", { port: 8080 }), 8080, "tcp")?.containerPort // 80
 */
export function bindingUsed(r: Resolved, res: ReachResult, port: number | null, proto: string): Published | null {
  if (res.verdict !== "reachable" || res.answeredBy === null || port === null || res.address === null) return null;
  const ip = parseIp(res.address);
  if (ip === null) return null;
  const answered = r.containers.get(res.answeredBy);
  if (!answered) return null;
  const atHost = cidrContains(LOOPBACK, ip) || r.hostAddresses.get(answered.c.machineId)?.has(ip) === true;
  if (!atHost) return null;
  return (r.published.get(answered.c.machineId) ?? []).find((p) => p.container.id === answered.nsOwner.id && p.hostPort === port && p.proto === proto) ?? null;
}

const LOOPBACK = parseCidr("127.0.0.0/8") as NonNullable<ReturnType<typeof parseCidr>>;
