/**
 * Docker's IPAM and port allocator, as pure functions over the document. The ops call these to hand
 * out subnets, addresses and ephemeral host ports at the moment Docker would; `resolve` calls them to
 * check what the document declares.
 */
import { type Cidr, cidrContains, cidrLast, cidrOverlaps, type Doc, formatCidr, formatIp, type Machine, type Network, parseCidr, parseIp } from "../model";
import { swarmReserved } from "./swarm";

/** `default-address-pools` of dockerd: 172.17–172.31 as /16s, then 192.168.0.0/16 as /20s. */
const LOCAL_POOLS: readonly Cidr[] = (() => {
  const out: Cidr[] = [];
  for (let b = 17; b <= 31; b++) out.push({ base: ((172 << 24) | (b << 16)) >>> 0, prefix: 16 });
  for (let i = 0; i < 16; i++) out.push({ base: ((192 << 24) | (168 << 16) | (i << 12)) >>> 0, prefix: 20 });
  return out;
})();

/** Swarm-scope pool: 10.0.0.0/8 in /24 steps. */
const GLOBAL_POOL_FIRST = parseIp("10.0.0.0") as number;

export class IpamError extends Error {}

/** Subnets a machine's engine must not hand out: its on-link routes and its nameservers. */
function reservedPrefixes(machine: Machine): Cidr[] {
  const out: Cidr[] = [];
  for (const nic of machine.nics) {
    const c = nic.address ? parseCidr(nic.address) : null;
    if (c) out.push({ base: c.base, prefix: c.prefix });
  }
  for (const ns of machine.engine?.nameservers ?? []) {
    const ip = parseIp(ns);
    if (ip !== null) out.push({ base: ip, prefix: 32 });
  }
  return out;
}

function subnetsOn(doc: Doc, machineId: string, scope: Network["scope"]): Cidr[] {
  const out: Cidr[] = [];
  for (const n of Object.values(doc.networks)) {
    if (n.machineId !== machineId || n.scope !== scope || n.subnet === null) continue;
    const c = parseCidr(n.subnet);
    if (c) out.push(c);
  }
  return out;
}

/**
 * Next free prefix of the default pools, as `docker network create` does without `--subnet`.
 * @example allocateSubnet(createWorld(ids, 0), "m-host").subnet // "172.18.0.0/16"
 */
export function allocateSubnet(doc: Doc, machineId: string): { subnet: string; cursor: number } {
  const machine = doc.machines[machineId];
  const taken = [...subnetsOn(doc, machineId, "local"), ...(machine ? reservedPrefixes(machine) : [])];
  // Engine 20.10 searches round-robin from the pool after the last one it handed out (seen on the
  // real engine: after rm of 172.19, the next network still gets 172.21).
  const start = machine?.engine?.poolCursor ?? 0;
  for (let i = 0; i < LOCAL_POOLS.length; i++) {
    const index = (start + i) % LOCAL_POOLS.length;
    const pool = LOCAL_POOLS[index] as Cidr;
    if (!taken.some((t) => cidrOverlaps(t, pool))) return { subnet: formatCidr(pool), cursor: (index + 1) % LOCAL_POOLS.length };
  }
  throw new IpamError("all predefined address pools have been fully subnetted");
}

/** The next free /24 of 10.0.0.0/8 for a swarm-scope network. */
export function allocateGlobalSubnet(doc: Doc): string {
  const taken: Cidr[] = [];
  for (const n of Object.values(doc.networks)) {
    const c = n.scope === "swarm" && n.subnet ? parseCidr(n.subnet) : null;
    if (c) taken.push(c);
  }
  for (let i = 0; i < 65536; i++) {
    const pool = { base: (GLOBAL_POOL_FIRST + i * 256) >>> 0, prefix: 24 };
    if (!taken.some((t) => cidrOverlaps(t, pool))) return formatCidr(pool);
  }
  throw new IpamError("all predefined address pools have been fully subnetted");
}

/** Checks a user-given `--subnet` against the machine's other networks. */
export function checkSubnetFree(doc: Doc, machineId: string, subnet: string, scope: Network["scope"] = "local"): void {
  const wanted = parseCidr(subnet);
  if (!wanted) throw new IpamError(`invalid CIDR address: ${subnet}`);
  for (const t of subnetsOn(doc, machineId, scope)) {
    if (cidrOverlaps(t, wanted)) throw new IpamError("Pool overlaps with other one on this address space");
  }
}

/** The gateway Docker picks when `--gateway` is omitted: the first usable address. */
export function defaultGateway(subnet: string): string {
  const c = parseCidr(subnet);
  if (!c) throw new IpamError(`invalid CIDR address: ${subnet}`);
  return formatIp(c.base + 1);
}

/** Addresses in use on a network: the gateway and every endpoint that holds an address now. */
export function usedAddresses(doc: Doc, network: Network, exceptContainer?: string): Set<number> {
  const used = swarmReserved(doc, network);
  const gw = network.gateway ? parseIp(network.gateway) : null;
  if (gw !== null) used.add(gw);
  for (const c of Object.values(doc.containers)) {
    if (c.id === exceptContainer) continue;
    for (const ep of c.endpoints) {
      if (ep.networkId !== network.id || ep.ip === null) continue;
      const ip = parseIp(ep.ip);
      if (ip !== null) used.add(ip);
    }
  }
  return used;
}

/**
 * Lowest free address of the network's subnet (or of its `--ip-range`), skipping the network
 * address, the broadcast address and the gateway, as Docker's local-scope allocator does.
 */
export function lowestFree(network: Network, used: ReadonlySet<number>): string {
  const subnet = network.subnet ? parseCidr(network.subnet) : null;
  if (!subnet) throw new IpamError(`network ${network.name} has no IPAM`);
  const range = network.ipRange ? (parseCidr(network.ipRange) ?? subnet) : subnet;
  const first = Math.max(range.base, subnet.base + 1);
  const lastUsable = subnet.prefix >= 31 ? cidrLast(subnet) : cidrLast(subnet) - 1;
  const last = Math.min(cidrLast(range), lastUsable);
  for (let ip = first; ip <= last; ip++) {
    if (!used.has(ip)) return formatIp(ip);
  }
  throw new IpamError(`no available IPv4 addresses on this network's address pools: ${network.name} (${network.id})`);
}

/** Checks a `--ip` request: in the subnet, not reserved, not taken. */
export function checkStaticIp(network: Network, ip: string, used: ReadonlySet<number>): void {
  const subnet = network.subnet ? parseCidr(network.subnet) : null;
  const value = parseIp(ip);
  if (value === null) throw new IpamError(`invalid IPv4 address: ${ip}`);
  if (!subnet || !cidrContains(subnet, value)) {
    throw new IpamError(`Invalid address ${ip}: It does not belong to any of this network's subnets`);
  }
  if (used.has(value)) throw new IpamError("Address already in use");
}

/**
 * Next ephemeral host port: sequential after the last one handed out, wrapping inside the range,
 * skipping ports in use.
 */
export function nextEphemeralPort(range: readonly [number, number], last: number, inUse: (port: number) => boolean): number | null {
  const [start, end] = range;
  const size = end - start + 1;
  let port = last;
  for (let i = 0; i < size; i++) {
    port = port >= end || port < start ? start : port + 1;
    if (!inUse(port)) return port;
  }
  return null;
}
