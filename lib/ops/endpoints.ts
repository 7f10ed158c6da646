/**
 * What connecting a container to a network takes, shared by the containers and networks families: the
 * daemon's endpoint checks, addresses handed out at start and at connect, host ports bound at start.
 */
import { type Container, type Doc, digest64, type Endpoint, type Network, parseIp } from "../model";
import { checkPortsFree, checkStaticIp, lowestFree, nextEphemeralPort, type Published, publishedOf, usedAddresses } from "../sim";
import { fail } from "./errors";
import { attachOverlay } from "./swarm-nodes";

export function container(doc: Doc, id: string): Container {
  const c = doc.containers[id];
  if (!c) fail("container.missing", `No such container: ${id}`);
  return c;
}

export function network(doc: Doc, id: string): Network {
  const n = doc.networks[id];
  if (!n) fail("network.missing", `network ${id} not found`);
  return n;
}

function isDefaultBridge(n: Network): boolean {
  return n.builtin && n.name === "bridge";
}

/** Checks an endpoint request the way the daemon's `validateEndpointSettings` does. */
export function checkEndpoint(doc: Doc, c: { networkMode: string }, n: Network, req: { aliases: string[]; ipv4Address: string | null }): void {
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
export function allocateEndpoint(doc: Doc, c: Container, ep: Endpoint): void {
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
    ep.ip = attachOverlay(doc, c.machineId, n, ep.ipv4Address, used);
    return;
  }
  if (ep.ipv4Address) {
    checkStaticIp(n, ep.ipv4Address, used);
    ep.ip = ep.ipv4Address;
  } else {
    ep.ip = lowestFree(n, used);
  }
}

export function releaseNetworking(c: Container): void {
  for (const ep of c.endpoints) ep.ip = null;
  for (const p of c.ports) p.assigned = null;
}

function endpointName(c: Container): string {
  return `${c.name} (${digest64(`${c.id}/ep/${c.startedAt}`)})`;
}

/** Hands out host ports at start: fixed ones are checked, ephemeral ones come from the allocator. */
export function allocatePorts(doc: Doc, c: Container): void {
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
