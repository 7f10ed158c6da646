/**
 * The swarm family: init, join, leave and overlay networks. The daemon's and swarmkit's checks refuse
 * with their own words; whatever the swarm allocator hands out (overlay subnets, VXLAN ids, serial
 * overlay addresses) is stored when it is handed out. Task ids are derived, so every client agrees.
 */
import { z } from "zod";
import { cidrContains, type Doc, formatCidr, formatIp, type Machine, type Network, parseCidr, parseIp } from "../model";
import { SwarmIdSchema } from "../model/swarm";
import { reach, resolve, SWARM_PORTS, swarmNodes } from "../sim";
import { fail } from "./errors";
import { defineFamily, type OpIn } from "./family";
import { at, hex64, id, strMap } from "./fields";
import { ALREADY_IN_SWARM, engineMachine, enter, JOIN_TIMEOUT, requireManager } from "./swarm-nodes";
import { reconcileAll, removeServicesOf } from "./swarm-services";

const LAST_MANAGER =
  "You are attempting to leave the swarm on a node that is participating as a manager. Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message.";

const SWARM_OPS = [
  z.strictObject({
    type: z.literal("swarm.init"),
    machineId: id,
    clusterId: SwarmIdSchema,
    nodeId: SwarmIdSchema,
    /** `--advertise-addr`: an address or an interface name; null to pick the machine's only address. */
    advertiseAddr: z.string().max(45).nullable(),
    /** 50 base-36 digits shared by both tokens, then each token's own 25-digit secret. */
    tokenDigest: z.string().regex(/^[0-9a-z]{50}$/),
    workerSecret: SwarmIdSchema,
    managerSecret: SwarmIdSchema,
    ingressNetworkId: SwarmIdSchema,
    gwbridgeNetworkId: hex64,
    at,
  }),
  z.strictObject({
    type: z.literal("swarm.join"),
    machineId: id,
    token: z.string().max(200),
    /** "192.168.1.10:2377" or "192.168.1.10" */
    remote: z.string().max(64),
    nodeId: SwarmIdSchema,
    gwbridgeNetworkId: hex64,
    at,
  }),
  z.strictObject({ type: z.literal("swarm.leave"), machineId: id, force: z.boolean(), at }),
  z.strictObject({
    type: z.literal("overlay.create"),
    id: SwarmIdSchema,
    machineId: id,
    name: z.string().min(1).max(128),
    subnet: z.string().max(18).nullable(),
    gateway: z.string().max(45).nullable(),
    internal: z.boolean(),
    attachable: z.boolean(),
    options: strMap,
    labels: strMap,
    at,
  }),
] as const;

type OpOf<T extends string> = OpIn<typeof SWARM_OPS, T>;

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

function swarmInit(doc: Doc, op: OpOf<"swarm.init">): void {
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
  enter(doc, m, { clusterId: op.clusterId, nodeId: op.nodeId, role: "manager", advertiseAddr: advertise }, op.gwbridgeNetworkId, op.at);
}

function swarmJoin(doc: Doc, op: OpOf<"swarm.join">): void {
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
  enter(doc, m, { clusterId: swarm.id, nodeId: op.nodeId, role, advertiseAddr: facing?.ip ?? host }, op.gwbridgeNetworkId, op.at);
  reconcileAll(doc, swarm.id, op.at);
}

function swarmLeave(doc: Doc, op: OpOf<"swarm.leave">): void {
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

function overlayCreate(doc: Doc, op: OpOf<"overlay.create">): void {
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

export const swarmFamily = defineFamily("swarm", SWARM_OPS, {
  "swarm.init": swarmInit,
  "swarm.join": swarmJoin,
  "swarm.leave": swarmLeave,
  "overlay.create": overlayCreate,
});
