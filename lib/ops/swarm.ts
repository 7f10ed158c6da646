/**
 * Swarm ops: init, join, leave, overlay networks and attaching containers to them. The daemon's and
 * swarmkit's checks refuse with their own words; whatever the swarm allocator hands out (overlay
 * subnets, VXLAN ids, serial overlay addresses) is stored when it is handed out.
 */
import { cidrContains, type Doc, formatCidr, formatIp, type Machine, type Network, parseCidr, parseIp, type SwarmMember } from "../model";
import { allocateSubnet, IpamError, lowestFree, nextSerialIp, reach, resolve, SWARM_PORTS, swarmNodes, usedAddresses } from "../sim";
import { OpError } from "./apply";
import type { OpOf } from "./schema";
import { reconcileAll, removeServicesOf } from "./swarm-services";

export const NOT_IN_SWARM = 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';
export const NOT_MANAGER =
  "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.";
export const ALREADY_IN_SWARM = 'This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.';
export const JOIN_TIMEOUT =
  'Timeout was reached before node joined. The attempt to join the swarm will continue in the background. Use the "docker info" command to see the current swarm status of your node.';
const LAST_MANAGER =
  "You are attempting to leave the swarm on a node that is participating as a manager. Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message.";

export function fail(code: string, message: string): never {
  throw new OpError(code, message);
}

function engineMachine(doc: Doc, machineId: string): Machine & { engine: NonNullable<Machine["engine"]> } {
  const m = doc.machines[machineId];
  if (!m?.engine) fail("machine.no-engine", `machine ${machineId} runs no Docker Engine`);
  return m as Machine & { engine: NonNullable<Machine["engine"]> };
}

/** The member record of a manager, or the daemon's refusal for a worker or a node outside any swarm. */
export function requireManager(doc: Doc, machineId: string): SwarmMember {
  const member = engineMachine(doc, machineId).engine.swarm;
  if (!member) fail("swarm.not-manager", NOT_IN_SWARM);
  if (member.role !== "manager") fail("swarm.not-manager", NOT_MANAGER);
  return member;
}

/** Next serial address of an overlay, recorded as the allocator's last one. */
export function allocateSerial(doc: Doc, n: Network): string {
  const ip = nextSerialIp(n, usedAddresses(doc, n));
  if (ip === null) fail("ipam", `no available IPv4 addresses on this network's address pools: ${n.name} (${n.id})`);
  if (n.overlay) n.overlay.lastIp = ip;
  return ip;
}

/** The node's load-balancer endpoint on an overlay, made the first time the node uses it. */
export function ensureLb(doc: Doc, machineId: string, n: Network): void {
  const member = doc.machines[machineId]?.engine?.swarm;
  if (!member || n.overlay?.ingress || n.id in member.lb) return;
  member.lb[n.id] = allocateSerial(doc, n);
}

/**
 * Address of a container's endpoint on an overlay (the hook `container.start`/`network.connect`
 * call): serial, or the `--ip` asked for, then the node's load balancer if it has none yet.
 */
export function attachOverlay(doc: Doc, machineId: string, n: Network, requested: string | null, used: Set<number>): string {
  const member = doc.machines[machineId]?.engine?.swarm;
  if (!member || member.clusterId !== n.overlay?.clusterId) fail("network.missing", `network ${n.name} not found`);
  let ip: string;
  if (requested) {
    const v = parseIp(requested);
    const subnet = parseCidr(n.subnet ?? "");
    if (v === null || !subnet || !cidrContains(subnet, v)) fail("ipam", `Invalid address ${requested}: It does not belong to any of this network's subnets`);
    if (used.has(v)) fail("ipam", "Address already in use");
    ip = requested;
  } else {
    const next = nextSerialIp(n, used);
    if (next === null) fail("ipam", `no available IPv4 addresses on this network's address pools: ${n.name} (${n.id})`);
    ip = next;
    if (n.overlay) n.overlay.lastIp = ip;
  }
  // The node joins the network when the first of its containers attaches, and leaves it when the last
  // one stops or goes: each join gives the node's load balancer a new address, serially after the
  // container's (seen on the real engine: b1 .2, lb .3; rm b1; b3 .4, lb .5; stop and start b3: .6, lb .7).
  // The load balancer must not take the container's address (its endpoint is recorded after this returns).
  if (!n.overlay?.ingress && (!(n.id in member.lb) || !nodeAttached(doc, machineId, n.id))) {
    const withMine = new Set(usedAddresses(doc, n));
    withMine.add(parseIp(ip) as number);
    const lb = nextSerialIp(n, withMine);
    if (lb !== null) {
      member.lb[n.id] = lb;
      if (n.overlay) n.overlay.lastIp = lb;
    }
  }
  return ip;
}

/** Whether a container of this node is attached to the network right now (its endpoint has an address). */
function nodeAttached(doc: Doc, machineId: string, networkId: string): boolean {
  return Object.values(doc.containers).some((c) => c.machineId === machineId && c.endpoints.some((ep) => ep.networkId === networkId && ep.ip !== null));
}

function gwbridge(doc: Doc, m: Machine & { engine: NonNullable<Machine["engine"]> }, id: string, at: number): Network {
  const existing = Object.values(doc.networks).find((n) => n.machineId === m.id && n.name === "docker_gwbridge");
  if (existing) return existing;
  let subnet: string;
  try {
    const picked = allocateSubnet(doc, m.id);
    subnet = picked.subnet;
    m.engine.poolCursor = picked.cursor;
  } catch (e) {
    if (e instanceof IpamError) fail("ipam", e.message);
    throw e;
  }
  const c = parseCidr(subnet) as NonNullable<ReturnType<typeof parseCidr>>;
  doc.clock += 1;
  const n: Network = {
    id,
    machineId: m.id,
    name: "docker_gwbridge",
    driver: "bridge",
    scope: "local",
    subnet,
    gateway: formatIp(c.base + 1),
    ipRange: null,
    subnetAuto: true,
    gatewayAuto: true,
    internal: false,
    attachable: false,
    options: {
      "com.docker.network.bridge.enable_icc": "false",
      "com.docker.network.bridge.enable_ip_masquerade": "true",
      "com.docker.network.bridge.name": "docker_gwbridge",
    },
    labels: {},
    builtin: false,
    createdAt: at,
    order: doc.clock,
  };
  doc.networks[id] = n;
  return n;
}

/** Addresses of the machine's NICs, with their interface names. */
function addresses(m: Machine): { nic: string; ip: string; cidr: string }[] {
  return m.nics.filter((n) => n.address).map((n) => ({ nic: n.name, ip: (n.address as string).split("/")[0] as string, cidr: n.address as string }));
}

function advertiseAddress(m: Machine, given: string | null): string {
  const own = addresses(m);
  if (given !== null) {
    if (parseIp(given) !== null) return given;
    const byName = own.find((a) => a.nic === given);
    if (!byName) fail("swarm.advertise", `interface ${given} has no usable IPv4 address`);
    return byName.ip;
  }
  if (own.length === 0) fail("swarm.advertise", "could not find the system's IP address - specify one with --advertise-addr");
  if (own.length > 1) {
    const [a, b] = own as [(typeof own)[0], (typeof own)[0]];
    fail(
      "swarm.advertise",
      `could not choose an IP address to advertise since this system has multiple addresses on different interfaces (${a.ip} on ${a.nic} and ${b.ip} on ${b.nic})`,
    );
  }
  return (own[0] as (typeof own)[0]).ip;
}

/** The member joins: its ingress sandbox gets an address on `ingress`, and docker_gwbridge appears. */
function enter(doc: Doc, m: Machine & { engine: NonNullable<Machine["engine"]> }, member: SwarmMember, gwbridgeId: string, at: number): void {
  const ingress = doc.networks[doc.swarms?.[member.clusterId]?.ingressNetworkId ?? ""];
  const gw = gwbridge(doc, m, gwbridgeId, at);
  m.engine.swarm = member;
  if (ingress) member.ingressIp = allocateSerial(doc, ingress);
  member.gwbridgeIp = lowestFree(gw, usedAddresses(doc, gw));
}

export function swarmInit(doc: Doc, op: OpOf<"swarm.init">): void {
  const m = engineMachine(doc, op.machineId);
  if (m.engine.swarm) fail("swarm.already", ALREADY_IN_SWARM);
  const advertise = advertiseAddress(m, op.advertiseAddr);
  doc.clock += 1;
  doc.networks[op.ingressNetworkId] = {
    id: op.ingressNetworkId,
    machineId: m.id,
    name: "ingress",
    driver: "overlay",
    scope: "swarm",
    subnet: "10.0.0.0/24",
    gateway: "10.0.0.1",
    ipRange: null,
    subnetAuto: true,
    gatewayAuto: true,
    internal: false,
    attachable: false,
    options: { "com.docker.network.driver.overlay.vxlanid_list": "4096" },
    labels: {},
    builtin: false,
    createdAt: op.at,
    order: doc.clock,
    overlay: { clusterId: op.clusterId, vxlanId: 4096, lastIp: null, ingress: true },
  };
  doc.swarms ??= {};
  doc.clock += 1;
  doc.swarms[op.clusterId] = {
    id: op.clusterId,
    workerToken: `SWMTKN-1-${op.tokenDigest}-${op.workerSecret}`,
    managerToken: `SWMTKN-1-${op.tokenDigest}-${op.managerSecret}`,
    ingressNetworkId: op.ingressNetworkId,
    createdAt: op.at,
    order: doc.clock,
  };
  doc.clock += 1;
  const member: SwarmMember = {
    clusterId: op.clusterId,
    nodeId: op.nodeId,
    role: "manager",
    advertiseAddr: advertise,
    ingressIp: null,
    gwbridgeIp: null,
    lb: {},
    joinedAt: op.at,
    order: doc.clock,
  };
  enter(doc, m, member, op.gwbridgeNetworkId, op.at);
}

export function swarmJoin(doc: Doc, op: OpOf<"swarm.join">): void {
  const m = engineMachine(doc, op.machineId);
  if (m.engine.swarm) fail("swarm.already", ALREADY_IN_SWARM);
  if (!/^SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}$/.test(op.token)) fail("swarm.token", "invalid join token");
  const [host, portText] = op.remote.split(":") as [string, string | undefined];
  const port = portText === undefined ? SWARM_PORTS.control : Number(portText);
  const manager = Object.values(doc.machines).find(
    (x) => x.engine?.swarm?.role === "manager" && (x.engine.swarm.advertiseAddr === host || addresses(x).some((a) => a.ip === host)),
  );
  // The joining node dials the manager's control port: no answer there, no swarm.
  const path = parseIp(host) === null ? null : reach(resolve(doc), { kind: "machine", id: m.id }, host, { port, proto: "tcp" });
  if (!manager?.engine?.swarm || path?.verdict !== "reachable") fail("swarm.timeout", JOIN_TIMEOUT);
  const swarm = doc.swarms?.[manager.engine.swarm.clusterId];
  if (!swarm) fail("swarm.timeout", JOIN_TIMEOUT);
  const role = op.token === swarm.managerToken ? "manager" : op.token === swarm.workerToken ? "worker" : null;
  if (!role) fail("swarm.token", "rpc error: code = InvalidArgument desc = A valid join token is necessary to join this cluster");
  const own = addresses(m);
  const hostIp = parseIp(host) as number;
  const facing = own.find((a) => cidrContains(parseCidr(a.cidr) as NonNullable<ReturnType<typeof parseCidr>>, hostIp)) ?? own[0];
  doc.clock += 1;
  const member: SwarmMember = {
    clusterId: swarm.id,
    nodeId: op.nodeId,
    role,
    advertiseAddr: facing?.ip ?? host,
    ingressIp: null,
    gwbridgeIp: null,
    lb: {},
    joinedAt: op.at,
    order: doc.clock,
  };
  enter(doc, m, member, op.gwbridgeNetworkId, op.at);
  reconcileAll(doc, swarm.id, op.at);
}

export function swarmLeave(doc: Doc, op: OpOf<"swarm.leave">): void {
  const m = engineMachine(doc, op.machineId);
  const member = m.engine.swarm;
  if (!member) fail("swarm.not-member", "This node is not part of a swarm");
  const nodes = swarmNodes(doc, member.clusterId);
  const managers = nodes.filter((n) => n.engine.swarm.role === "manager").length;
  if (member.role === "manager" && !op.force) {
    if (managers === 1) fail("swarm.last-manager", LAST_MANAGER);
    const left = managers - 1;
    if (left <= managers / 2) {
      fail(
        "swarm.quorum",
        `You are attempting to leave the swarm on a node that is participating as a manager. Removing this node leaves ${left} managers out of ${managers}. Without a Raft quorum your swarm will be inaccessible. The only way to restore a swarm that has lost consensus is to reinitialize it with \`--force-new-cluster\`. Use \`--force\` to suppress this message.`,
      );
    }
  }
  const swarmNets = new Set(
    Object.values(doc.networks)
      .filter((n) => n.overlay?.clusterId === member.clusterId)
      .map((n) => n.id),
  );
  for (const c of Object.values(doc.containers)) {
    if (c.machineId !== m.id) continue;
    if (c.task) {
      delete doc.containers[c.id];
      delete doc.layout[c.id];
    } else if (c.endpoints.some((ep) => swarmNets.has(ep.networkId))) c.endpoints = c.endpoints.filter((ep) => !swarmNets.has(ep.networkId));
  }
  delete m.engine.swarm;
  if (nodes.length === 1) {
    removeServicesOf(doc, member.clusterId);
    for (const id of swarmNets) {
      delete doc.networks[id];
      delete doc.layout[id];
    }
    delete doc.swarms?.[member.clusterId];
    return;
  }
  // Overlays created on this node stay with the swarm: hand them to a remaining manager.
  const heir = swarmNodes(doc, member.clusterId).find((n) => n.engine.swarm.role === "manager") ?? swarmNodes(doc, member.clusterId)[0];
  for (const id of swarmNets) {
    const n = doc.networks[id] as Network;
    if (heir && n.machineId === m.id) n.machineId = heir.id;
  }
  reconcileAll(doc, member.clusterId, op.at);
}

export function overlayCreate(doc: Doc, op: OpOf<"overlay.create">): void {
  const member = requireManager(doc, op.machineId);
  const cluster = member.clusterId;
  const mine = Object.values(doc.networks).filter((n) => n.overlay?.clusterId === cluster);
  const clash = Object.values(doc.networks).find((n) => n.name === op.name && (n.machineId === op.machineId || n.overlay?.clusterId === cluster));
  if (clash) fail("network.duplicate", `network with name ${op.name} already exists`);
  let subnet = op.subnet;
  if (subnet !== null) {
    if (!parseCidr(subnet)) fail("network.subnet", `Invalid subnet ${subnet} : invalid CIDR address: ${subnet}`);
  } else {
    if (op.gateway !== null) fail("network.gateway", "every ip-range or gateway must have a corresponding subnet");
    const taken = mine.map((n) => parseCidr(n.subnet ?? "")).filter((c) => c !== null);
    const base = parseIp("10.0.0.0") as number;
    for (let i = 0; i < 65536 && subnet === null; i++) {
      const pool = { base: (base + i * 256) >>> 0, prefix: 24 };
      if (!taken.some((t) => cidrContains(t, pool.base) || cidrContains(pool, t.base))) subnet = formatCidr(pool);
    }
    if (subnet === null) fail("ipam", "all predefined address pools have been fully subnetted");
  }
  const cidr = parseCidr(subnet) as NonNullable<ReturnType<typeof parseCidr>>;
  if (op.gateway !== null && (parseIp(op.gateway) === null || !cidrContains(cidr, parseIp(op.gateway) as number))) {
    fail("network.gateway", `no matching subnet for gateway ${op.gateway}`);
  }
  const vnis = new Set(mine.map((n) => n.overlay?.vxlanId));
  let vni = 4096;
  while (vnis.has(vni)) vni++;
  doc.clock += 1;
  doc.networks[op.id] = {
    id: op.id,
    machineId: op.machineId,
    name: op.name,
    driver: "overlay",
    scope: "swarm",
    subnet: formatCidr(cidr),
    gateway: op.gateway ?? formatIp(cidr.base + 1),
    ipRange: null,
    subnetAuto: op.subnet === null,
    gatewayAuto: op.gateway === null,
    internal: op.internal,
    attachable: op.attachable,
    options: { ...op.options, "com.docker.network.driver.overlay.vxlanid_list": String(vni) },
    labels: op.labels,
    builtin: false,
    createdAt: op.at,
    order: doc.clock,
    overlay: { clusterId: cluster, vxlanId: vni, lastIp: null, ingress: false },
  };
}
