/**
 * What the swarm ops and the ops that attach containers to overlays share: the daemon's refusals for a
 * node outside a swarm, the manager check, a node's entry (ingress address, docker_gwbridge) and the
 * overlay allocator (serial addresses, the node's load balancer). No handlers here, so the container,
 * network, swarm and services families can all import it.
 */
import { cidrContains, type Doc, formatIp, type Machine, type Network, parseCidr, parseIp, type SwarmMember } from "../model";
import { lowestFree, nextSerialIp, usedAddresses } from "../sim";
import { fail } from "./errors";
import { takePoolSubnet } from "./subnets";

const NOT_IN_SWARM = 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';
const NOT_MANAGER =
  "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.";
export const ALREADY_IN_SWARM = 'This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.';
export const JOIN_TIMEOUT =
  'Timeout was reached before node joined. The attempt to join the swarm will continue in the background. Use the "docker info" command to see the current swarm status of your node.';

export function engineMachine(doc: Doc, machineId: string): Machine & { engine: NonNullable<Machine["engine"]> } {
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
  const subnet = takePoolSubnet(doc, m.id, m.engine);
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

/** The node joins as `who`: its ingress sandbox gets an address on `ingress`, and docker_gwbridge appears. */
export function enter(
  doc: Doc,
  m: Machine & { engine: NonNullable<Machine["engine"]> },
  who: Pick<SwarmMember, "clusterId" | "nodeId" | "role" | "advertiseAddr">,
  gwbridgeId: string,
  at: number,
): void {
  doc.clock += 1;
  const member: SwarmMember = { ...who, ingressIp: null, gwbridgeIp: null, lb: {}, joinedAt: at, order: doc.clock };
  const ingress = doc.networks[doc.swarms?.[member.clusterId]?.ingressNetworkId ?? ""];
  const gw = gwbridge(doc, m, gwbridgeId, at);
  m.engine.swarm = member;
  if (ingress) member.ingressIp = allocateSerial(doc, ingress);
  member.gwbridgeIp = lowestFree(gw, usedAddresses(doc, gw));
}
