/**
 * Swarm, derived: which engines share a swarm, which overlay networks a node sees, what the swarm's
 * allocator has handed out on an overlay, and the names the embedded DNS answers for services
 * (`web` -> its VIP, or its tasks' addresses with dnsrr; `tasks.web` -> its tasks' addresses).
 */
import {
  byOrder,
  type Container,
  cidrLast,
  type Doc,
  formatIp,
  type Machine,
  type Network,
  parseCidr,
  parseIp,
  type Service,
  type SwarmMember,
} from "../model";
import type { ContainerView, Resolved } from "./types";

export const SWARM_PORTS = { control: 2377, gossip: 7946, vxlan: 4789 } as const;

export function memberOf(doc: Doc, machineId: string): SwarmMember | null {
  return doc.machines[machineId]?.engine?.swarm ?? null;
}

/** Machines of a swarm in the order they joined it. */
export function swarmNodes(doc: Doc, clusterId: string): (Machine & { engine: { swarm: SwarmMember } })[] {
  const out = Object.values(doc.machines).filter((m) => m.engine?.swarm?.clusterId === clusterId) as (Machine & { engine: { swarm: SwarmMember } })[];
  return out.sort((a, b) => a.engine.swarm.order - b.engine.swarm.order);
}

/** Can a container or command on `machineId` use this network? Swarm networks: only on that swarm's nodes. */
export function networkUsableOn(doc: Doc, n: Network, machineId: string): boolean {
  if (n.scope !== "swarm") return n.machineId === machineId;
  const cluster = n.overlay?.clusterId;
  return cluster !== undefined && memberOf(doc, machineId)?.clusterId === cluster;
}

/**
 * Does `docker network ls` on this node list the network? Managers see every swarm network; a
 * worker sees ingress and the overlays its tasks or containers use (overlays are extended to a
 * worker on demand and left there).
 */
export function networkListedOn(doc: Doc, n: Network, machineId: string): boolean {
  if (!networkUsableOn(doc, n, machineId)) return false;
  if (n.scope !== "swarm") return true;
  const me = memberOf(doc, machineId);
  if (me?.role === "manager" || n.overlay?.ingress) return true;
  if (me && n.id in me.lb) return true;
  return Object.values(doc.containers).some((c) => c.machineId === machineId && c.endpoints.some((ep) => ep.networkId === n.id));
}

export function servicesOf(doc: Doc, clusterId: string): Service[] {
  return byOrder(doc.services ?? {}).filter((s) => s.clusterId === clusterId);
}

/** The node's docker_gwbridge, once it has joined a swarm. */
export function gwbridgeNetwork(doc: Doc, machineId: string): Network | null {
  return Object.values(doc.networks).find((n) => n.machineId === machineId && n.name === "docker_gwbridge") ?? null;
}

/**
 * Does the running container need an endpoint on docker_gwbridge? Only an overlay leaves it without
 * a way out; an internal network neither needs one nor provides one, and any network with a gateway
 * (a bridge, macvlan...) already provides the default route.
 */
export function needsGwbridge(doc: Doc, c: Container): boolean {
  if (c.state !== "running" || c.networkMode === "host" || c.networkMode === "none" || c.networkMode.startsWith("container:")) return false;
  let overlay = false;
  for (const ep of c.endpoints) {
    const n = doc.networks[ep.networkId];
    if (!n || ep.ip === null || n.internal || n.driver === "null" || n.driver === "host") continue;
    if (n.driver === "overlay") overlay = true;
    else if (n.gateway) return false;
  }
  return overlay;
}

/** Addresses the swarm holds on an overlay besides container endpoints: VIPs, load-balancer and ingress sandboxes. */
export function swarmReserved(doc: Doc, n: Network): Set<number> {
  const out = new Set<number>();
  if (n.scope !== "swarm") {
    if (n.name !== "docker_gwbridge") return out;
    const ip = doc.machines[n.machineId]?.engine?.swarm?.gwbridgeIp;
    if (ip) out.add(parseIp(ip) as number);
    for (const c of Object.values(doc.containers)) if (c.gwbridge && c.machineId === n.machineId) out.add(parseIp(c.gwbridge.ip) as number);
    return out;
  }
  const add = (ip: string | null | undefined) => {
    const v = ip ? parseIp(ip) : null;
    if (v !== null) out.add(v);
  };
  for (const s of Object.values(doc.services ?? {})) for (const vip of s.vips) if (vip.networkId === n.id) add(vip.ip);
  for (const m of Object.values(doc.machines)) {
    const member = m.engine?.swarm;
    if (!member || member.clusterId !== n.overlay?.clusterId) continue;
    add(member.lb[n.id]);
    if (n.overlay?.ingress) add(member.ingressIp);
  }
  return out;
}

/**
 * The swarm allocator's next address: serial, after the last one it handed out, wrapping, skipping
 * the network and broadcast addresses, the gateway and what is in use.
 * @example nextSerialIp(overlay, used) // "10.0.1.3" after 10.0.1.2
 */
export function nextSerialIp(n: Network, used: ReadonlySet<number>): string | null {
  const subnet = n.subnet ? parseCidr(n.subnet) : null;
  if (!subnet) return null;
  const first = subnet.base + 1;
  const last = subnet.prefix >= 31 ? cidrLast(subnet) : cidrLast(subnet) - 1;
  const after = n.overlay?.lastIp ? (parseIp(n.overlay.lastIp) ?? first - 1) : first - 1;
  const size = last - first + 1;
  const gw = n.gateway ? parseIp(n.gateway) : null;
  for (let i = 1; i <= size; i++) {
    const ip = first + ((after - first + i + size) % size);
    if (ip !== gw && !used.has(ip)) return formatIp(ip);
  }
  return null;
}

interface SwarmIndex {
  /** Per overlay network id: lower-cased name -> addresses, and whether they are a VIP. */
  names: Map<string, Map<string, { service: Service; addresses: string[]; vip: boolean }>>;
  /** Per overlay network id: VIP address -> service. */
  vips: Map<string, Map<number, Service>>;
  /** Running task containers of each service, by slot. */
  tasks: Map<string, ContainerView[]>;
}

const indexes = new WeakMap<Resolved, SwarmIndex>();

/** Services' names and VIPs, built once per resolution. */
export function swarmIndex(r: Resolved): SwarmIndex {
  const cached = indexes.get(r);
  if (cached) return cached;
  const index: SwarmIndex = { names: new Map(), vips: new Map(), tasks: new Map() };
  const services = r.doc.services ?? {};
  if (Object.keys(services).length > 0) {
    for (const v of r.order) {
      const task = v.c.task;
      if (!task || !v.running) continue;
      const list = index.tasks.get(task.serviceId);
      if (list) list.push(v);
      else index.tasks.set(task.serviceId, [v]);
    }
    for (const list of index.tasks.values()) list.sort((a, b) => (a.c.task?.slot ?? 0) - (b.c.task?.slot ?? 0));
    for (const s of byOrder(services)) {
      const tasks = index.tasks.get(s.id) ?? [];
      for (const net of s.networks) {
        const taskIps = tasks.map((t) => t.endpoints.find((ep) => ep.network.id === net.networkId)?.ip).filter((ip): ip is string => !!ip);
        const vip = s.vips.find((x) => x.networkId === net.networkId)?.ip;
        let names = index.names.get(net.networkId);
        if (!names) {
          names = new Map();
          index.names.set(net.networkId, names);
        }
        const own = s.endpointMode === "vip" && vip ? { service: s, addresses: [vip], vip: true } : { service: s, addresses: taskIps, vip: false };
        for (const n of [s.name, ...net.aliases]) {
          names.set(n.toLowerCase(), own);
          names.set(`tasks.${n.toLowerCase()}`, { service: s, addresses: taskIps, vip: false });
        }
      }
      for (const vip of s.vips) {
        let owners = index.vips.get(vip.networkId);
        if (!owners) {
          owners = new Map();
          index.vips.set(vip.networkId, owners);
        }
        owners.set(parseIp(vip.ip) as number, s);
      }
    }
  }
  indexes.set(r, index);
  return index;
}

/**
 * What the embedded DNS answers for a service name on one network, or null when no service has it.
 * @example serviceLookup(r, testNet, "tasks.web") // { addresses: ["10.0.1.5", "10.0.1.6"], ... }
 */
export function serviceLookup(r: Resolved, n: Network, name: string): { addresses: string[]; reason: string } | null {
  if (n.scope !== "swarm") return null;
  const hit = swarmIndex(r).names.get(n.id)?.get(name);
  if (!hit || hit.addresses.length === 0) return null;
  const what = hit.vip
    ? `the virtual IP of service ${hit.service.name} (endpoint mode vip)`
    : name.startsWith("tasks.")
      ? `the addresses of service ${hit.service.name}'s running tasks`
      : `service ${hit.service.name} uses endpoint mode dnsrr: one address per running task`;
  return { addresses: hit.addresses, reason: `Docker's embedded DNS (127.0.0.11) answers ${name} on ${n.name} with ${what}` };
}

/** Running tasks of a service, by slot. */
export function tasksOf(r: Resolved, serviceId: string): ContainerView[] {
  return swarmIndex(r).tasks.get(serviceId) ?? [];
}
