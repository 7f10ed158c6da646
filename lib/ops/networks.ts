/**
 * The networks family: `docker network create|rm|connect|disconnect` with the daemon's checks and its
 * own error texts. Subnets come from the engine's pools and are stored when they are handed out.
 */
import { z } from "zod";
import type { Doc } from "../model";
import { type Endpoint, NetworkDriverSchema, parseCidr, parseIp } from "../model";
import { allocateGlobalSubnet, checkSubnetFree, defaultGateway, IpamError, networkUsableOn } from "../sim";
import { allocateEndpoint, checkEndpoint, container, network } from "./endpoints";
import { fail } from "./errors";
import { defineFamily, type OpIn } from "./family";
import { at, hex64, id, ip, name, strMap } from "./fields";
import { takePoolSubnet } from "./subnets";

const NETWORK_OPS = [
  z.strictObject({
    type: z.literal("network.create"),
    id: hex64,
    machineId: id,
    name,
    driver: NetworkDriverSchema,
    subnet: z.string().max(18).nullable(),
    gateway: ip.nullable(),
    ipRange: z.string().max(18).nullable(),
    internal: z.boolean(),
    attachable: z.boolean(),
    options: strMap,
    labels: strMap,
    at,
  }),
  z.strictObject({ type: z.literal("network.remove"), networkId: id }),
  z.strictObject({
    type: z.literal("network.connect"),
    containerId: id,
    networkId: id,
    aliases: z.array(z.string().min(1).max(255)).max(64),
    ipv4Address: ip.nullable(),
  }),
  z.strictObject({ type: z.literal("network.disconnect"), containerId: id, networkId: id, force: z.boolean() }),
] as const;

type OpOf<T extends string> = OpIn<typeof NETWORK_OPS, T>;

function createNetwork(doc: Doc, op: OpOf<"network.create">): void {
  const machine = doc.machines[op.machineId];
  if (!machine?.engine) fail("machine.no-engine", `machine ${op.machineId} runs no Docker Engine`);
  if (doc.networks[op.id]) fail("network.exists", `network ${op.id} already exists`);
  const clash = Object.values(doc.networks).find((n) => n.name === op.name && (n.machineId === op.machineId || n.scope === "swarm"));
  if (clash) fail("network.duplicate", `network with name ${op.name} already exists`);
  if (op.driver === "host" || op.driver === "null") fail("network.driver", `only one instance of "${op.driver}" network is allowed`);
  const scope = op.driver === "overlay" ? "swarm" : "local";
  let subnet = op.subnet;
  try {
    if (subnet !== null) {
      const c = parseCidr(subnet);
      if (!c) fail("network.subnet", `Invalid subnet ${subnet} : invalid CIDR address: ${subnet}`);
      checkSubnetFree(doc, op.machineId, subnet, scope);
    } else {
      if (op.gateway !== null) fail("network.gateway", "every ip-range or gateway must have a corresponding subnet");
      if (scope === "swarm") subnet = allocateGlobalSubnet(doc);
      else subnet = takePoolSubnet(doc, op.machineId, machine.engine);
    }
  } catch (err) {
    if (err instanceof IpamError) fail("ipam", err.message);
    throw err;
  }
  const cidr = parseCidr(subnet) as NonNullable<ReturnType<typeof parseCidr>>;
  if (op.gateway !== null) {
    const gw = parseIp(op.gateway);
    if (gw === null) fail("network.gateway", `invalid gateway address ${op.gateway}`);
    if ((gw & (cidr.prefix === 0 ? 0 : (0xffffffff << (32 - cidr.prefix)) >>> 0)) >>> 0 !== cidr.base) {
      fail("network.gateway", `no matching subnet for gateway ${op.gateway}`);
    }
  }
  if (op.ipRange !== null) {
    const range = parseCidr(op.ipRange);
    if (!range) fail("network.ip-range", `invalid CIDR address: ${op.ipRange}`);
    if (range.prefix < cidr.prefix || (range.base & (cidr.prefix === 0 ? 0 : (0xffffffff << (32 - cidr.prefix)) >>> 0)) >>> 0 !== cidr.base) {
      fail("network.ip-range", `no matching subnet for range ${op.ipRange}`);
    }
  }
  doc.clock += 1;
  doc.networks[op.id] = {
    id: op.id,
    machineId: op.machineId,
    name: op.name,
    driver: op.driver,
    scope,
    subnet,
    gateway: op.gateway ?? defaultGateway(subnet),
    ipRange: op.ipRange,
    subnetAuto: op.subnet === null,
    gatewayAuto: op.gateway === null,
    internal: op.internal,
    attachable: op.attachable,
    options: op.options,
    labels: op.labels,
    builtin: false,
    createdAt: op.at,
    order: doc.clock,
  };
}

function removeNetwork(doc: Doc, op: OpOf<"network.remove">): void {
  const n = network(doc, op.networkId);
  if (n.builtin) fail("network.predefined", `${n.name} is a pre-defined network and cannot be removed`);
  const active = Object.values(doc.containers)
    .filter((c) => c.state === "running" && c.endpoints.some((ep) => ep.networkId === n.id))
    .sort((a, b) => a.order - b.order);
  if (active.length > 0) {
    fail("network.in-use", `error while removing network: network ${n.name} id ${n.id} has active endpoints`);
  }
  for (const c of Object.values(doc.containers)) {
    if (c.endpoints.some((ep) => ep.networkId === n.id)) c.endpoints = c.endpoints.filter((ep) => ep.networkId !== n.id);
  }
  delete doc.networks[n.id];
  delete doc.layout[n.id];
}

function connect(doc: Doc, op: OpOf<"network.connect">): void {
  const c = container(doc, op.containerId);
  const n = network(doc, op.networkId);
  if (n.machineId !== c.machineId && n.scope === "local") fail("network.missing", `network ${n.name} not found`);
  if (n.scope === "swarm" && !networkUsableOn(doc, n, c.machineId)) fail("network.missing", `network ${n.name} not found`);
  if (c.networkMode === "none" || c.endpoints.some((ep) => doc.networks[ep.networkId]?.driver === "null")) {
    fail("network.none", "container cannot be connected to multiple networks with one of the networks in private (none) mode");
  }
  checkEndpoint(doc, c, n, op);
  if (n.driver === "null") fail("network.none", "container cannot be connected to multiple networks with one of the networks in private (none) mode");
  if (c.endpoints.some((ep) => ep.networkId === n.id)) {
    fail("network.already", `endpoint with name ${c.name} already exists in network ${n.name}`);
  }
  if (n.scope === "swarm" && !n.attachable)
    fail(
      "network.not-attachable",
      `Could not attach to network ${n.name}: rpc error: code = PermissionDenied desc = network ${n.name} not manually attachable`,
    );
  const ep: Endpoint = { networkId: n.id, aliases: op.aliases, ipv4Address: op.ipv4Address, ip: null };
  c.endpoints.push(ep);
  if (c.state === "running") {
    try {
      allocateEndpoint(doc, c, ep);
      if (ep.ip !== null) {
        ep.ifname = `eth${c.nextIf ?? c.endpoints.length - 1}`;
        c.nextIf = (c.nextIf ?? c.endpoints.length - 1) + 1;
      }
    } catch (err) {
      if (err instanceof IpamError) fail("ipam", err.message);
      throw err;
    }
  }
}

function disconnect(doc: Doc, op: OpOf<"network.disconnect">): void {
  const c = container(doc, op.containerId);
  const n = network(doc, op.networkId);
  if (!c.endpoints.some((ep) => ep.networkId === n.id)) {
    fail("network.not-connected", `container ${c.id} is not connected to network ${n.name}`);
  }
  c.endpoints = c.endpoints.filter((ep) => ep.networkId !== n.id);
}

export const networksFamily = defineFamily("networks", NETWORK_OPS, {
  "network.create": createNetwork,
  "network.remove": removeNetwork,
  "network.connect": connect,
  "network.disconnect": disconnect,
});
