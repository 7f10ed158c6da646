/**
 * The services family: create, scale, remove, and the orchestrator's reconciliation that places one task per
 * replica slot on a node (spread evenly, constraints and host-mode ports respected) or leaves it
 * pending. Task ids derive from the service, the slot and the time, so every client agrees on them.
 */
import { z } from "zod";
import { type Container, type Doc, digest64, type Endpoint, type Machine, type Network, type Service, swarmId } from "../model";
import { ServicePortSchema, SwarmIdSchema } from "../model/swarm";
import { lowestFree, servicesOf, swarmNodes, usedAddresses } from "../sim";
import { fail } from "./errors";
import { defineFamily, type OpIn } from "./family";
import { at, id } from "./fields";
import { allocateSerial, ensureLb, requireManager } from "./swarm-nodes";

const replicas = z.number().int().min(0).max(1000);

const SERVICE_OPS = [
  z.strictObject({
    type: z.literal("service.create"),
    id: SwarmIdSchema,
    machineId: id,
    name: z.string().min(1).max(63),
    image: z.string().min(1).max(255),
    command: z.array(z.string().max(4096)).max(256),
    replicas,
    networks: z.array(z.strictObject({ networkId: id, aliases: z.array(z.string().min(1).max(255)).max(64) })).max(16),
    constraints: z.array(z.string().max(255)).max(32),
    /** `published: null` asks for a port from the swarm's range (30000-32767). */
    ports: z.array(ServicePortSchema.extend({ published: z.number().int().min(1).max(65535).nullable() })).max(64),
    endpointMode: z.enum(["vip", "dnsrr"]),
    at,
  }),
  z.strictObject({ type: z.literal("service.remove"), machineId: id, serviceId: SwarmIdSchema }),
  z.strictObject({ type: z.literal("service.scale"), machineId: id, serviceId: SwarmIdSchema, replicas, at }),
] as const;

type OpOf<T extends string> = OpIn<typeof SERVICE_OPS, T>;

/** The swarm's range for published ports it picks itself. */
const DYNAMIC_PORTS = [30000, 32767] as const;

function normalizeImage(image: string): string {
  const last = image.split("/").at(-1) ?? image;
  return last.includes(":") || image.includes("@") ? image : `${image}:latest`;
}

type Node = Machine & { engine: { swarm: NonNullable<NonNullable<Machine["engine"]>["swarm"]> } };

function satisfies(node: Node, constraint: string): boolean {
  const m = /^\s*([a-z.]+(?:\.[\w.-]+)?)\s*(==|!=)\s*(.+?)\s*$/.exec(constraint);
  if (!m) return false;
  const [, key, operator, value] = m as unknown as [string, string, string, string];
  const actual = key === "node.hostname" ? node.name : key === "node.role" ? node.engine.swarm.role : key === "node.id" ? node.engine.swarm.nodeId : null;
  const equal = actual !== null && actual.toLowerCase() === value.toLowerCase();
  return operator === "==" ? equal : !equal;
}

function checkConstraint(constraint: string): string | null {
  return /^\s*[a-z.]+(?:\.[\w.-]+)?\s*(==|!=)\s*\S.*$/.test(constraint) ? null : `invalid constraint: ${constraint}`;
}

function hostPortFree(doc: Doc, node: Node, s: Service): boolean {
  const wanted = s.ports.filter((p) => p.mode === "host");
  if (wanted.length === 0) return true;
  return !Object.values(doc.containers).some(
    (c) => c.machineId === node.id && c.state === "running" && c.ports.some((b) => wanted.some((p) => b.assigned === p.published && b.proto === p.proto)),
  );
}

function pickNode(doc: Doc, s: Service): Node | null {
  const candidates = swarmNodes(doc, s.clusterId).filter((n) => s.constraints.every((c) => satisfies(n, c)) && hostPortFree(doc, n, s));
  let best: Node | null = null;
  let bestKey: [number, number] = [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
  for (const n of candidates) {
    const tasks = Object.values(doc.containers).filter((c) => c.machineId === n.id && c.task);
    const key: [number, number] = [tasks.filter((c) => c.task?.serviceId === s.id).length, tasks.length];
    if (key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) {
      best = n;
      bestKey = key;
    }
  }
  return best;
}

function taskNetworks(doc: Doc, s: Service): Network[] {
  const out: Network[] = [];
  const ingress = doc.networks[doc.swarms?.[s.clusterId]?.ingressNetworkId ?? ""];
  if (ingress && s.ports.some((p) => p.mode === "ingress")) out.push(ingress);
  for (const n of s.networks) {
    const net = doc.networks[n.networkId];
    if (net) out.push(net);
  }
  return out;
}

function startTask(doc: Doc, s: Service, node: Node, slot: number, taskId: string, at: number): Container {
  const endpoints: Endpoint[] = taskNetworks(doc, s).map((n, i) => ({
    networkId: n.id,
    aliases: [],
    ipv4Address: null,
    ip: allocateSerial(doc, n),
    ifname: `eth${i}`,
  }));
  // A task on no swarm network runs on its node's default bridge.
  const bridge = Object.values(doc.networks).find((n) => n.machineId === node.id && n.builtin && n.name === "bridge");
  if (endpoints.length === 0 && bridge) {
    endpoints.push({ networkId: bridge.id, aliases: [], ipv4Address: null, ip: lowestFree(bridge, usedAddresses(doc, bridge)), ifname: "eth0" });
  }
  doc.clock += 1;
  const c: Container = {
    id: digest64(`task-container/${taskId}`),
    machineId: node.id,
    name: `${s.name}.${slot}.${taskId}`,
    image: s.image,
    command: s.command,
    interactive: false,
    tty: false,
    state: "running",
    exitCode: 0,
    hostname: null,
    networkMode: "default",
    endpoints,
    ports: s.ports
      .filter((p) => p.mode === "host")
      .map((p) => ({ hostIp: "", hostPort: String(p.published), containerPort: p.target, proto: p.proto, assigned: p.published })),
    publishAll: false,
    expose: [],
    links: [],
    listens: null,
    autoRemove: false,
    nextIf: endpoints.length,
    task: { serviceId: s.id, slot, taskId },
    createdAt: at,
    startedAt: at,
    finishedAt: 0,
    order: doc.clock,
  };
  doc.containers[c.id] = c;
  return c;
}

/** Makes the running tasks match the service: one per slot 1..replicas, on a node or pending. */
function reconcile(doc: Doc, s: Service, at: number): void {
  const running = new Map<number, Container>();
  for (const c of Object.values(doc.containers)) {
    if (c.task?.serviceId !== s.id) continue;
    if (c.task.slot > s.replicas) {
      delete doc.containers[c.id];
      delete doc.layout[c.id];
    } else running.set(c.task.slot, c);
  }
  const waiting = new Map(s.pending.filter((p) => p.slot <= s.replicas).map((p) => [p.slot, p.taskId]));
  const started: Container[] = [];
  for (let slot = 1; slot <= s.replicas; slot++) {
    if (running.has(slot)) {
      waiting.delete(slot);
      continue;
    }
    const taskId = waiting.get(slot) ?? swarmId(digest64(`task/${s.id}/${slot}/${at}`));
    const node = pickNode(doc, s);
    if (!node) {
      waiting.set(slot, taskId);
      continue;
    }
    waiting.delete(slot);
    started.push(startTask(doc, s, node, slot, taskId, at));
  }
  s.pending = [...waiting].sort((a, b) => a[0] - b[0]).map(([slot, taskId]) => ({ slot, taskId }));
  // Each node gets its load balancer on a network once its first task there has its address.
  for (const c of started) {
    for (const ep of c.endpoints) if (doc.networks[ep.networkId]?.scope === "swarm") ensureLb(doc, c.machineId, doc.networks[ep.networkId] as Network);
  }
}

export function reconcileAll(doc: Doc, clusterId: string, at: number): void {
  for (const s of servicesOf(doc, clusterId)) reconcile(doc, doc.services?.[s.id] as Service, at);
}

export function removeServicesOf(doc: Doc, clusterId: string): void {
  for (const s of servicesOf(doc, clusterId)) removeService(doc, s.id);
}

function removeService(doc: Doc, id: string): void {
  for (const c of Object.values(doc.containers)) {
    if (c.task?.serviceId === id) {
      delete doc.containers[c.id];
      delete doc.layout[c.id];
    }
  }
  delete doc.services?.[id];
}

function service(doc: Doc, machineId: string, id: string): Service {
  const member = requireManager(doc, machineId);
  const s = doc.services?.[id];
  if (!s || s.clusterId !== member.clusterId) fail("service.missing", `service ${id} not found`);
  return s;
}

function serviceCreate(doc: Doc, op: OpOf<"service.create">): void {
  const member = requireManager(doc, op.machineId);
  const cluster = member.clusterId;
  const others = servicesOf(doc, cluster);
  if (others.some((s) => s.name === op.name)) {
    fail("service.duplicate", `rpc error: code = AlreadyExists desc = name conflicts with an existing object: service ${op.name} already exists`);
  }
  if (op.endpointMode === "dnsrr" && op.ports.some((p) => p.mode === "ingress")) {
    fail("service.dnsrr", "rpc error: code = InvalidArgument desc = EndpointSpec: port published with ingress mode can't be used with dnsrr mode");
  }
  for (const c of op.constraints) {
    const bad = checkConstraint(c);
    if (bad) fail("service.constraint", `rpc error: code = InvalidArgument desc = ${bad}`);
  }
  for (const n of op.networks) {
    const net = doc.networks[n.networkId];
    if (!net || net.overlay?.clusterId !== cluster || net.overlay.ingress) fail("network.missing", `network ${net?.name ?? n.networkId} not found`);
  }
  const taken = new Map<number, Service>();
  for (const s of others) for (const p of s.ports) if (p.mode === "ingress") taken.set(p.published, s);
  const ports = op.ports.map((p) => {
    let published = p.published;
    if (published === null) {
      for (let port = DYNAMIC_PORTS[0]; port <= DYNAMIC_PORTS[1] && published === null; port++) if (!taken.has(port)) published = port;
      if (published === null) fail("service.ports", "rpc error: code = InvalidArgument desc = could not find an available port");
    } else if (p.mode === "ingress" && taken.has(published)) {
      const owner = taken.get(published) as Service;
      fail(
        "service.port-in-use",
        `rpc error: code = InvalidArgument desc = port '${published}' is already in use by service '${owner.name}' (${owner.id}) as an ingress port`,
      );
    }
    return { ...p, published };
  });
  doc.services ??= {};
  doc.clock += 1;
  const s: Service = {
    id: op.id,
    clusterId: cluster,
    name: op.name,
    image: normalizeImage(op.image),
    command: op.command,
    replicas: op.replicas,
    networks: op.networks,
    constraints: op.constraints,
    ports,
    endpointMode: op.endpointMode,
    vips: [],
    pending: [],
    createdAt: op.at,
    updatedAt: op.at,
    order: doc.clock,
  };
  doc.services[s.id] = s;
  if (s.endpointMode === "vip") {
    for (const n of taskNetworks(doc, s)) s.vips.push({ networkId: n.id, ip: allocateSerial(doc, n) });
  }
  reconcile(doc, s, op.at);
}

function serviceRemove(doc: Doc, op: OpOf<"service.remove">): void {
  removeService(doc, service(doc, op.machineId, op.serviceId).id);
}

function serviceScale(doc: Doc, op: OpOf<"service.scale">): void {
  const s = service(doc, op.machineId, op.serviceId);
  s.replicas = op.replicas;
  s.updatedAt = op.at;
  reconcile(doc, s, op.at);
}

export const servicesFamily = defineFamily("services", SERVICE_OPS, {
  "service.create": serviceCreate,
  "service.remove": serviceRemove,
  "service.scale": serviceScale,
});
