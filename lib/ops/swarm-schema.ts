/** Schemas of the swarm ops (registered in `OpSchema`). Task ids are derived, so every client agrees on them. */
import { z } from "zod";
import { ServicePortSchema, SwarmIdSchema } from "../model/swarm";

const id = z.string().min(1).max(80);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "expected 64 hex digits");
const at = z.number().finite().min(0);
const strMap = z.record(z.string().max(200), z.string().max(200)).refine((m) => Object.keys(m).length <= 64, "at most 64 entries");

const replicas = z.number().int().min(0).max(1000);

export const SWARM_OPS = [
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
