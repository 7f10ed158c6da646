/**
 * Swarm records: which engines form a swarm, the services it runs, and what the swarm's allocator
 * handed out. Docker's swarm allocator hands overlay addresses out serially (VIPs, task addresses,
 * each node's load-balancer endpoint, the ingress sandbox) in the order things happened, so every
 * address is stored when it is allocated, as `Endpoint.ip` is.
 */
import { z } from "zod";

const id = z.string().min(1).max(80);
const ipText = z.string().max(18);
/** Swarm ids (cluster, node, service, task): 25 base-36 digits. */
export const SwarmIdSchema = z.string().regex(/^[0-9a-z]{25}$/, "expected 25 base-36 digits");

/** One engine's membership of a swarm (`docker swarm init` / `join`). */
export const SwarmMemberSchema = z.strictObject({
  clusterId: SwarmIdSchema,
  nodeId: SwarmIdSchema,
  role: z.enum(["manager", "worker"]),
  /** The address other nodes reach this one at (`--advertise-addr`). */
  advertiseAddr: ipText,
  /** Address of this node's ingress sandbox on the `ingress` network. */
  ingressIp: ipText.nullable(),
  /** Address of the ingress sandbox on this node's docker_gwbridge. */
  gwbridgeIp: ipText.nullable(),
  /** Per overlay network id: the node's load-balancer endpoint ("lb-NAME"), made when it first uses the network. */
  lb: z.record(id, ipText),
  joinedAt: z.number(),
  order: z.number().int(),
});

export const SwarmSchema = z.strictObject({
  id: SwarmIdSchema,
  workerToken: z.string().max(100),
  managerToken: z.string().max(100),
  ingressNetworkId: id,
  createdAt: z.number(),
  order: z.number().int(),
});

/** What the swarm allocator keeps for an overlay network. */
export const OverlaySchema = z.strictObject({
  /** The swarm the network belongs to: only its nodes see it. */
  clusterId: SwarmIdSchema,
  vxlanId: z.number().int().min(1),
  /** Last address handed out: the swarm allocator continues after it (serial allocation). */
  lastIp: ipText.nullable(),
  ingress: z.boolean(),
});

export const ServicePortSchema = z.strictObject({
  published: z.number().int().min(1).max(65535),
  target: z.number().int().min(1).max(65535),
  proto: z.enum(["tcp", "udp", "sctp"]),
  mode: z.enum(["ingress", "host"]),
});

export const ServiceSchema = z.strictObject({
  id: SwarmIdSchema,
  clusterId: SwarmIdSchema,
  name: z.string().min(1).max(63),
  image: z.string().min(1).max(255),
  command: z.array(z.string().max(4096)).max(256),
  replicas: z.number().int().min(0).max(1000),
  networks: z.array(z.strictObject({ networkId: id, aliases: z.array(z.string().min(1).max(255)).max(64) })).max(16),
  /** `--constraint node.hostname==X`, `node.role!=manager`... */
  constraints: z.array(z.string().max(255)).max(32),
  ports: z.array(ServicePortSchema).max(64),
  endpointMode: z.enum(["vip", "dnsrr"]),
  /** The service's virtual IP on each of its networks (vip mode), in allocation order. */
  vips: z.array(z.strictObject({ networkId: id, ip: ipText })).max(17),
  /** Tasks no node could take (constraints unmet): they wait, as swarm's "pending" tasks do. */
  pending: z.array(z.strictObject({ taskId: SwarmIdSchema, slot: z.number().int().min(1) })).max(1000),
  createdAt: z.number(),
  updatedAt: z.number(),
  order: z.number().int(),
});

/** A container that runs a service's task records which one. */
export const TaskRefSchema = z.strictObject({
  serviceId: SwarmIdSchema,
  slot: z.number().int().min(1),
  taskId: SwarmIdSchema,
});

export type SwarmMember = z.infer<typeof SwarmMemberSchema>;
export type ServicePort = z.infer<typeof ServicePortSchema>;
export type Service = z.infer<typeof ServiceSchema>;

/**
 * A swarm id from 64 hex digits: 128 bits written in base 36, 25 digits, as swarmkit's identity.NewID.
 * @example swarmId("00".repeat(32)) // "0000000000000000000000000"
 */
export function swarmId(hex64: string): string {
  return BigInt(`0x${hex64.slice(0, 32)}`)
    .toString(36)
    .padStart(25, "0")
    .slice(-25);
}
