/**
 * `applyOp(draft, op)`: the one place a document changes. It checks what the Docker daemon checks and
 * refuses with the daemon's own words, so the terminal, the canvas and the server agree on every error.
 */
import { produce } from "immer";
import { type Container, checkInvariants, type Doc, digest64, type Endpoint, imageInfo, type Network, parseCidr, parseIp, shortId } from "../model";
import {
  allocateGlobalSubnet,
  allocateSubnet,
  checkPortsFree,
  checkStaticIp,
  checkSubnetFree,
  defaultGateway,
  exitsAtOnce,
  IpamError,
  lowestFree,
  networkUsableOn,
  nextEphemeralPort,
  type Published,
  publishedOf,
  usedAddresses,
} from "../sim";
import { syncGwbridges } from "./gwbridge";
import { setLibvirtActive } from "./libvirt";
import * as machines from "./machines";
import { restoreDoc } from "./restore";
import { type Op, type OpOf, OpSchema } from "./schema";
import * as swarm from "./swarm";
import * as services from "./swarm-services";
import * as volumes from "./volumes";

export class OpError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type ApplyResult = { ok: true; doc: Doc } | { ok: false; code: string; error: string };

const CONTAINER_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

function fail(code: string, message: string): never {
  throw new OpError(code, message);
}

function container(doc: Doc, id: string): Container {
  const c = doc.containers[id];
  if (!c) fail("container.missing", `No such container: ${id}`);
  return c;
}

function network(doc: Doc, id: string): Network {
  const n = doc.networks[id];
  if (!n) fail("network.missing", `network ${id} not found`);
  return n;
}

function isDefaultBridge(n: Network): boolean {
  return n.builtin && n.name === "bridge";
}

/** Checks an endpoint request the way the daemon's `validateEndpointSettings` does. */
function checkEndpoint(doc: Doc, c: { networkMode: string }, n: Network, req: { aliases: string[]; ipv4Address: string | null }): void {
  if (n.builtin && n.name === "host" && c.networkMode !== "host") {
    fail("network.host", "container cannot be disconnected from host network or connected to host network");
  }
  if (!n.builtin || n.name === "bridge") {
    if (c.networkMode === "host" || c.networkMode.startsWith("container:")) {
      fail("network.shared-ns", "container sharing network namespace with another container or host cannot be connected to any other network");
    }
  }
  if (isDefaultBridge(n) || n.driver === "null") {
    if (req.aliases.length > 0) fail("alias.default-bridge", "network-scoped alias is supported only for containers in user defined networks");
    if (req.ipv4Address) fail("ip.default-bridge", "user specified IP address is supported on user defined networks only");
  }
  if (req.ipv4Address !== null && parseIp(req.ipv4Address) === null) fail("ip.invalid", `invalid IPv4 address: ${req.ipv4Address}`);
  if (req.ipv4Address !== null && n.subnetAuto && !n.builtin) {
    fail("ip.no-subnet", "user specified IP address is supported only when connecting to networks with user configured subnets");
  }
  void doc;
}

/** Hands the endpoint an address if its container runs (Docker allocates at start and at connect). */
function allocateEndpoint(doc: Doc, c: Container, ep: Endpoint): void {
  const n = network(doc, ep.networkId);
  if (n.subnet === null) {
    ep.ip = null;
    return;
  }
  const used = usedAddresses(doc, n, c.id);
  for (const other of c.endpoints) {
    if (other !== ep && other.networkId === n.id && other.ip) used.add(parseIp(other.ip) as number);
  }
  if (n.scope === "swarm") {
    ep.ip = swarm.attachOverlay(doc, c.machineId, n, ep.ipv4Address, used);
    return;
  }
  if (ep.ipv4Address) {
    checkStaticIp(n, ep.ipv4Address, used);
    ep.ip = ep.ipv4Address;
  } else {
    ep.ip = lowestFree(n, used);
  }
}

function releaseNetworking(c: Container): void {
  for (const ep of c.endpoints) ep.ip = null;
  for (const p of c.ports) p.assigned = null;
}

function endpointName(c: Container): string {
  return `${c.name} (${digest64(`${c.id}/ep/${c.startedAt}`)})`;
}

/** Hands out host ports at start: fixed ones are checked, ephemeral ones come from the allocator. */
function allocatePorts(doc: Doc, c: Container): void {
  const machine = doc.machines[c.machineId];
  const engine = machine?.engine;
  if (!engine || c.ports.length === 0) return;
  if (c.networkMode === "host" || c.networkMode === "none" || c.networkMode.startsWith("container:")) return;
  // Ports are programmed on the endpoint holding the default route; internal networks have none.
  const hasGateway = c.endpoints.some((ep) => {
    const n = doc.networks[ep.networkId];
    return n && !n.internal && n.subnet !== null && n.driver !== "null";
  });
  if (!hasGateway) return;
  const inForce: Published[] = [];
  for (const other of Object.values(doc.containers)) {
    if (other.id === c.id || other.machineId !== c.machineId || other.state !== "running") continue;
    if (other.networkMode === "host" || other.networkMode.startsWith("container:")) continue;
    inForce.push(...publishedOf({ c: other, running: true }));
  }
  const taken = (hostIp: string, port: number, proto: Published["proto"]) =>
    checkPortsFree(inForce, [{ container: c, hostIp, hostPort: port, containerPort: 0, proto }]) !== null;
  for (const b of c.ports) {
    const hostIp = b.hostIp === "0.0.0.0" ? "" : b.hostIp;
    let port: number | null;
    if (b.hostPort === "") {
      port = nextEphemeralPort(engine.portRange, engine.lastPort, (p) => taken(hostIp, p, b.proto));
      if (port !== null) engine.lastPort = port;
    } else if (b.hostPort.includes("-")) {
      const [lo, hi] = b.hostPort.split("-").map(Number) as [number, number];
      port = null;
      for (let p = lo; p <= hi; p++) {
        if (!taken(hostIp, p, b.proto)) {
          port = p;
          break;
        }
      }
      if (port === null) {
        fail(
          "ports.allocated",
          `driver failed programming external connectivity on endpoint ${endpointName(c)}: Bind for ${hostIp || "0.0.0.0"}:${hi} failed: port is already allocated`,
        );
      }
    } else {
      port = Number(b.hostPort);
      const conflict = checkPortsFree(inForce, [{ container: c, hostIp, hostPort: port, containerPort: b.containerPort, proto: b.proto }]);
      if (conflict) fail("ports.allocated", `driver failed programming external connectivity on endpoint ${endpointName(c)}: ${conflict}`);
    }
    if (port === null) fail("ports.exhausted", "Bind for 0.0.0.0 failed: no free ports in the ephemeral range");
    b.assigned = port;
    inForce.push({ container: c, hostIp, hostPort: port, containerPort: b.containerPort, proto: b.proto });
  }
}

function start(doc: Doc, op: OpOf<"container.start">): void {
  const c = container(doc, op.containerId);
  if (c.state === "running") return;
  if (c.networkMode.startsWith("container:")) {
    const target = doc.containers[c.networkMode.slice(10)];
    if (!target) fail("network.container-missing", `No such container: ${c.networkMode.slice(10)}`);
    if (target.state !== "running") fail("network.container-stopped", `cannot join network of a non running container: ${target.id}`);
  }
  c.startedAt = op.at;
  try {
    let n = 0;
    for (const ep of c.endpoints) {
      allocateEndpoint(doc, c, ep);
      if (ep.ip !== null) ep.ifname = `eth${n++}`;
    }
    c.nextIf = n;
    for (const ep of c.endpoints) {
      checkEndpoint(doc, c, network(doc, ep.networkId), { aliases: [], ipv4Address: ep.ipv4Address });
    }
    allocatePorts(doc, c);
  } catch (err) {
    if (err instanceof IpamError) fail("ipam", err.message);
    throw err;
  }
  c.state = "running";
  c.exitCode = 0;
  const exit = op.foreground ? null : exitsAtOnce(c);
  if (exit !== null) {
    c.state = "exited";
    c.exitCode = exit;
    c.finishedAt = op.at;
    releaseNetworking(c);
    if (c.autoRemove) removeContainer(doc, c.id);
  }
}

function stop(doc: Doc, op: OpOf<"container.stop">): void {
  const c = container(doc, op.containerId);
  if (c.state !== "running") return;
  c.state = "exited";
  c.exitCode = imageInfo(c.image).stopExitCode;
  if (c.command.length > 0 && imageInfo(c.image).listens.length > 0 && exitsAtOnce(c) === null) {
    // A replaced command (e.g. `nginx sleep 1d`) doesn't handle SIGTERM as PID 1 and is killed.
    c.exitCode = 137;
  }
  c.finishedAt = op.at;
  releaseNetworking(c);
  if (c.autoRemove) removeContainer(doc, c.id);
}

function removeContainer(doc: Doc, id: string, withVolumes = false): void {
  const gone = doc.containers[id];
  delete doc.containers[id];
  delete doc.layout[id];
  for (const other of Object.values(doc.containers)) {
    if (other.links.some((l) => l.target === id)) other.links = other.links.filter((l) => l.target !== id);
    if (other.dependsOn?.some((d) => d.target === id)) other.dependsOn = other.dependsOn.filter((d) => d.target !== id);
  }
  // --rm removes anonymous volumes too, as the daemon does for AutoRemove.
  if (gone && (withVolumes || gone.autoRemove)) volumes.removeAnonymousVolumes(doc, gone.machineId, gone.mounts ?? []);
}

function create(doc: Doc, op: OpOf<"container.create">): void {
  if (!doc.machines[op.machineId]?.engine) fail("machine.no-engine", `machine ${op.machineId} runs no Docker Engine`);
  if (doc.containers[op.id]) fail("container.exists", `container ${op.id} already exists`);
  if (!CONTAINER_NAME.test(op.name)) fail("container.name", `Invalid container name (${op.name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  const name = op.name.replace(/^\//, "");
  const clash = Object.values(doc.containers).find((c) => c.machineId === op.machineId && c.name === name);
  if (clash) {
    fail(
      "container.conflict",
      `Conflict. The container name "/${name}" is already in use by container "${clash.id}". You have to remove (or rename) that container to be able to reuse that name.`,
    );
  }
  const mode = op.networkMode;
  if (mode.startsWith("container:")) {
    if (op.ports.length > 0 || op.publishAll) fail("conflict.ports", "conflicting options: port publishing and the container type network mode");
    if (op.hostname) fail("conflict.hostname", "conflicting options: hostname and the network mode");
    if (op.links.length > 0)
      fail("conflict.links", "conflicting options: container type network can't be used with links. This would result in undefined behavior");
  }
  if (mode === "host" && op.links.length > 0) {
    fail("conflict.links", "conflicting options: host type networking can't be used with links. This would result in undefined behavior");
  }
  for (const req of op.networks) {
    const n = network(doc, req.networkId);
    // The daemon checks --ip when the container starts (the container is created either way).
    checkEndpoint(doc, { networkMode: n.name === "host" ? mode : "default" }, n, { aliases: req.aliases, ipv4Address: null });
    if (req.ipv4Address !== null && parseIp(req.ipv4Address) === null) fail("ip.invalid", `invalid IPv4 address: ${req.ipv4Address}`);
    if (n.scope === "swarm" && !networkUsableOn(doc, n, op.machineId)) fail("network.missing", `network ${n.name} not found`);
    if (n.scope === "swarm" && !n.attachable)
      fail(
        "network.not-attachable",
        `Could not attach to network ${n.name}: rpc error: code = PermissionDenied desc = network ${n.name} not manually attachable`,
      );
  }
  for (const link of op.links) {
    if (!doc.containers[link.target]) fail("link.missing", `could not get container for ${link.target}`);
  }
  volumes.checkMounts(op.mounts ?? []);
  for (const d of op.dependsOn ?? []) if (!doc.containers[d.target]) fail("depends.missing", `No such container: ${d.target}`);
  const image = imageInfo(op.image);
  const ports = op.ports.map((p) => ({ ...p, assigned: null }));
  const expose = [...op.expose];
  if (op.publishAll) {
    for (const e of [...image.exposes, ...op.expose]) {
      const [port, proto] = e.split("/");
      const containerPort = Number(port);
      const p = proto === "udp" || proto === "sctp" ? proto : "tcp";
      if (!ports.some((b) => b.containerPort === containerPort && b.proto === p)) {
        ports.push({ hostIp: "", hostPort: "", containerPort, proto: p, assigned: null });
      }
    }
  }
  volumes.ensureMountVolumes(doc, op.machineId, op.id, op.mounts ?? [], op.at);
  doc.clock += 1;
  doc.containers[op.id] = {
    id: op.id,
    machineId: op.machineId,
    name,
    image: op.image,
    command: op.command,
    interactive: op.interactive,
    tty: op.tty,
    state: "created",
    exitCode: 0,
    hostname: op.hostname,
    networkMode: mode,
    endpoints: op.networks.map((n) => ({ networkId: n.networkId, aliases: n.aliases, ipv4Address: n.ipv4Address, ip: null })),
    ports,
    publishAll: op.publishAll,
    expose,
    links: op.links,
    listens: op.listens,
    autoRemove: op.autoRemove,
    ...(op.mounts && op.mounts.length > 0 ? { mounts: op.mounts } : {}),
    ...(op.dependsOn && op.dependsOn.length > 0 ? { dependsOn: op.dependsOn } : {}),
    createdAt: op.at,
    startedAt: 0,
    finishedAt: 0,
    order: doc.clock,
  };
}

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
      else {
        const picked = allocateSubnet(doc, op.machineId);
        subnet = picked.subnet;
        machine.engine.poolCursor = picked.cursor;
      }
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

function rename(doc: Doc, op: OpOf<"container.rename">): void {
  const c = container(doc, op.containerId);
  if (!CONTAINER_NAME.test(op.name)) fail("container.name", `Invalid container name (${op.name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  const clash = Object.values(doc.containers).find((o) => o.machineId === c.machineId && o.name === op.name && o.id !== c.id);
  if (clash)
    fail(
      "container.conflict",
      `Conflict. The container name "/${op.name}" is already in use by container "${clash.id}". You have to remove (or rename) that container to be able to reuse that name.`,
    );
  c.name = op.name;
}

function setPorts(doc: Doc, op: OpOf<"container.setPorts">): void {
  const c = container(doc, op.containerId);
  if (c.networkMode.startsWith("container:") && op.ports.length > 0)
    fail("conflict.ports", "conflicting options: port publishing and the container type network mode");
  const before = c.ports;
  c.ports = op.ports.map((p) => ({ ...p, assigned: null }));
  if (c.state === "running") {
    try {
      allocatePorts(doc, c);
    } catch (err) {
      c.ports = before;
      throw err;
    }
  }
}

/**
 * Applies one op to an immer draft (or a plain object), throwing `OpError` with Docker's message when
 * the daemon would refuse it.
 */
export function applyOp(doc: Doc, op: Op): void {
  switch (op.type) {
    case "doc.setTitle":
      doc.title = op.title;
      return;
    case "doc.replace":
      // The draft is the root, so it cannot be reassigned: empty it and copy the new document in.
      for (const k of Object.keys(doc)) delete (doc as Record<string, unknown>)[k];
      Object.assign(doc, structuredClone(op.doc));
      return;
    case "network.create":
      createNetwork(doc, op);
      return;
    case "network.remove":
      removeNetwork(doc, op);
      return;
    case "network.connect":
      connect(doc, op);
      return;
    case "network.disconnect":
      disconnect(doc, op);
      return;
    case "container.create":
      create(doc, op);
      return;
    case "container.start":
      start(doc, op);
      return;
    case "container.stop":
      stop(doc, op);
      return;
    case "container.kill":
    case "container.exit": {
      const c = container(doc, op.containerId);
      if (c.state !== "running") {
        if (op.type === "container.kill") fail("container.not-running", `Cannot kill container: ${c.name}: Container ${c.id} is not running`);
        return;
      }
      c.state = "exited";
      c.exitCode = op.type === "container.kill" ? 137 : op.exitCode;
      c.finishedAt = op.at;
      releaseNetworking(c);
      if (c.autoRemove) removeContainer(doc, c.id);
      return;
    }
    case "container.remove": {
      const c = container(doc, op.containerId);
      if (c.state === "running" && !op.force) {
        fail("container.running", `You cannot remove a running container ${c.id}. Stop the container before attempting removal or force remove`);
      }
      removeContainer(doc, c.id, op.volumes === true);
      return;
    }
    case "container.rename":
      rename(doc, op);
      return;
    case "container.update": {
      const c = container(doc, op.containerId);
      if (op.image !== undefined) c.image = op.image;
      if (op.command !== undefined) c.command = op.command;
      if (op.hostname !== undefined) {
        if (op.hostname && c.networkMode.startsWith("container:")) fail("conflict.hostname", "conflicting options: hostname and the network mode");
        c.hostname = op.hostname;
      }
      if (op.listens !== undefined) c.listens = op.listens;
      return;
    }
    case "container.setPorts":
      setPorts(doc, op);
      return;
    case "container.setAliases": {
      const c = container(doc, op.containerId);
      const ep = c.endpoints.find((e) => e.networkId === op.networkId);
      if (!ep) fail("network.not-connected", `container ${c.id} is not connected to network ${network(doc, op.networkId).name}`);
      checkEndpoint(doc, { networkMode: "default" }, network(doc, op.networkId), { aliases: op.aliases, ipv4Address: null });
      ep.aliases = op.aliases;
      return;
    }
    case "layout.moveMany":
      for (const m of op.moves) applyOp(doc, { type: "layout.move", id: m.id, position: m.position });
      return;
    case "doc.restore":
      restoreDoc(doc, op);
      return;
    case "layout.move": {
      if (!placeable(doc, op.id)) fail("layout.missing", `nothing with id ${op.id} to move`);
      doc.layout[op.id] = op.position;
      return;
    }
    case "lan.create":
      machines.createLan(doc, op);
      return;
    case "machine.create":
      machines.createMachine(doc, op);
      return;
    case "machine.remove":
      machines.removeMachine(doc, op);
      return;
    case "machine.setAddress":
      machines.setAddress(doc, op);
      return;
    case "machine.setServices":
      machines.setServices(doc, op);
      return;
    case "vm.setAdapter":
      machines.setAdapter(doc, op);
      return;
    case "vm.addPortForward":
      machines.addPortForward(doc, op);
      return;
    case "vm.removePortForward":
      machines.removePortForward(doc, op);
      return;
    case "vm.start":
      machines.startVm(doc, op);
      return;
    case "vm.poweroff":
      machines.poweroffVm(doc, op);
      return;
    case "natnetwork.create":
      machines.createNatNetwork(doc, op);
      return;
    case "natnetwork.remove":
      machines.removeNatNetwork(doc, op);
      return;
    case "natnetwork.addPortForward":
      machines.addNatNetworkPortForward(doc, op);
      return;
    case "hostonly.create":
      machines.createHostOnly(doc, op);
      return;
    case "libvirt.netDefine":
      machines.defineLibvirtNetwork(doc, op);
      return;
    case "swarm.init":
      swarm.swarmInit(doc, op);
      return;
    case "swarm.join":
      swarm.swarmJoin(doc, op);
      return;
    case "swarm.leave":
      swarm.swarmLeave(doc, op);
      return;
    case "overlay.create":
      swarm.overlayCreate(doc, op);
      return;
    case "service.create":
      services.serviceCreate(doc, op);
      return;
    case "service.remove":
      services.serviceRemove(doc, op);
      return;
    case "service.scale":
      services.serviceScale(doc, op);
      return;
    case "libvirt.netStart":
    case "libvirt.netDestroy":
      setLibvirtActive(doc, op.networkId, op.type === "libvirt.netStart");
      return;
    case "volume.create":
      volumes.createVolume(doc, op);
      return;
    case "volume.remove":
      volumes.removeVolume(doc, op);
      return;
  }
}

/**
 * Validates `op` (schema, then the daemon's checks, then the document's invariants) and returns the
 * new document, or the reason it was refused. The input document is never changed.
 * @example apply(doc, { type: "network.remove", networkId: bridgeId }) // { ok: false, error: "bridge is a pre-defined network and cannot be removed" }
 */
export function apply(doc: Doc, op: unknown): ApplyResult {
  const parsed = OpSchema.safeParse(op);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "op";
    return { ok: false, code: "op.invalid", error: `${where}: ${issue?.message ?? "invalid op"}` };
  }
  return applyValid(doc, parsed.data);
}

/** Whether `id` is something the canvas draws, so it may have a position. */
function placeable(doc: Doc, id: string): boolean {
  return Boolean(doc.machines[id] ?? doc.networks[id] ?? doc.containers[id] ?? doc.lans[id] ?? doc.services?.[id]);
}

function hasOverlay(doc: Doc): boolean {
  for (const n of Object.values(doc.networks)) if (n.driver === "overlay") return true;
  return false;
}

/**
 * `apply` for an op already validated against `OpSchema` (the server's event schemas do that on
 * arrival), so a busy room does not parse every op twice.
 */
export function applyValid(doc: Doc, op: Op): ApplyResult {
  if (op.type === "layout.move" || op.type === "layout.moveMany") return moveFast(doc, op);
  try {
    let next = produce(doc, (draft) => {
      applyOp(draft as Doc, op);
    });
    // Only a document with an overlay (before or after the op) can have docker_gwbridge endpoints to change.
    if (next !== doc && (hasOverlay(doc) || hasOverlay(next))) next = syncGwbridges(next, doc);
    if (next !== doc) {
      const problems = checkInvariants(next);
      if (problems.length > 0) return { ok: false, code: "doc.invariant", error: problems[0] as string };
    }
    return { ok: true, doc: next };
  } catch (err) {
    if (err instanceof OpError) return { ok: false, code: err.code, error: err.message };
    return { ok: false, code: "op.failed", error: (err as Error).message };
  }
}

/**
 * Moves are most of what a room sends (every drag is a stream of them) and touch nothing but positions,
 * which no invariant reads beyond "the thing exists": copy the one map instead of drafting the document.
 */
function moveFast(doc: Doc, op: OpOf<"layout.move"> | OpOf<"layout.moveMany">): ApplyResult {
  const moves = op.type === "layout.move" ? [{ id: op.id, position: op.position }] : op.moves;
  for (const m of moves) {
    if (!placeable(doc, m.id)) return { ok: false, code: "layout.missing", error: `nothing with id ${m.id} to move` };
  }
  const layout = { ...doc.layout };
  for (const m of moves) layout[m.id] = Object.freeze({ ...m.position });
  return { ok: true, doc: Object.freeze({ ...doc, layout: Object.freeze(layout) }) };
}

export { shortId };
