/**
 * Named, serialisable operations: the only way a document changes. The canvas, the terminal, compose
 * import and exercises all emit these; the server validates them with these schemas.
 */
import { z } from "zod";
import {
  AdapterModeSchema,
  DependencySchema,
  DocSchema,
  ListenerSchema,
  MountSchema,
  NetworkDriverSchema,
  PortForwardSchema,
  PositionSchema,
  ProtoSchema,
} from "../model";
import { SWARM_OPS } from "./swarm-schema";

const id = z.string().min(1).max(80);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "expected 64 hex digits");
const name = z.string().min(1).max(128);
const at = z.number().finite().min(0);
const ip = z.string().max(45);
const strMap = z.record(z.string().max(200), z.string().max(200)).refine((m) => Object.keys(m).length <= 64, "at most 64 entries");

export const NetworkRequestSchema = z.strictObject({
  networkId: id,
  aliases: z.array(z.string().min(1).max(255)).max(64),
  ipv4Address: ip.nullable(),
});

export const PortRequestSchema = z.strictObject({
  hostIp: z.string().max(45),
  hostPort: z
    .string()
    .max(11)
    .regex(/^(\d{1,5}(-\d{1,5})?)?$/, "expected a port, a range like 8000-9000, or nothing"),
  containerPort: z.number().int().min(1).max(65535),
  proto: ProtoSchema,
});

const pathKey = z
  .string()
  .min(1)
  .max(80)
  .refine((k) => k !== "__proto__" && k !== "constructor" && k !== "prototype", "not a document key");
export const RestoreChangeSchema = z.strictObject({ path: z.array(pathKey).min(1).max(4), from: z.unknown().optional(), to: z.unknown().optional() });

export const OpSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("doc.setTitle"), title: z.string().max(200) }),
  /** The whole document at once: a teacher resetting a class room, or a learner loading a revealed solution. */
  z.strictObject({ type: z.literal("doc.replace"), doc: DocSchema }),
  /** Undo: puts fields back where they still hold what the undone op left (see lib/ops/invert.ts). */
  z.strictObject({ type: z.literal("doc.restore"), changes: z.array(RestoreChangeSchema).min(1).max(20_000) }),
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
  z.strictObject({
    type: z.literal("container.create"),
    id: hex64,
    machineId: id,
    name,
    image: z.string().min(1).max(255),
    command: z.array(z.string().max(4096)).max(256),
    interactive: z.boolean(),
    tty: z.boolean(),
    hostname: z.string().max(255).nullable(),
    networkMode: z.string().min(1).max(255),
    networks: z.array(NetworkRequestSchema).max(64),
    ports: z.array(PortRequestSchema).max(256),
    publishAll: z.boolean(),
    expose: z.array(z.string().max(16)).max(256),
    links: z.array(z.strictObject({ target: id, alias: z.string().min(1).max(255) })).max(64),
    listens: z.array(ListenerSchema).max(64).nullable(),
    autoRemove: z.boolean(),
    /** Volumes must exist (create them first with volume.create, as the daemon does for `-v name:/path`). */
    mounts: z.array(MountSchema).max(64).optional(),
    dependsOn: z.array(DependencySchema).max(64).optional(),
    at,
  }),
  z.strictObject({
    type: z.literal("volume.create"),
    id: hex64,
    machineId: id,
    name: z.string().min(1).max(255),
    driver: z.string().min(1).max(64),
    labels: strMap,
    anonymous: z.boolean(),
    at,
  }),
  z.strictObject({ type: z.literal("volume.remove"), volumeId: id, force: z.boolean() }),
  z.strictObject({
    type: z.literal("container.start"),
    containerId: id,
    at,
    /** A foreground `docker run`: the shell runs the command and reports its end with container.exit. */
    foreground: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal("container.exit"), containerId: id, exitCode: z.number().int().min(0).max(255), at }),
  z.strictObject({ type: z.literal("container.kill"), containerId: id, at }),
  z.strictObject({ type: z.literal("container.stop"), containerId: id, at }),
  z.strictObject({
    type: z.literal("container.remove"),
    containerId: id,
    force: z.boolean(),
    /** `docker rm -v`: also remove the container's anonymous volumes. */
    volumes: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal("container.rename"), containerId: id, name }),
  z.strictObject({
    type: z.literal("container.update"),
    containerId: id,
    image: z.string().min(1).max(255).optional(),
    command: z.array(z.string().max(4096)).max(256).optional(),
    hostname: z.string().max(255).nullable().optional(),
    listens: z.array(ListenerSchema).max(64).nullable().optional(),
  }),
  z.strictObject({ type: z.literal("container.setPorts"), containerId: id, ports: z.array(PortRequestSchema).max(256) }),
  z.strictObject({ type: z.literal("container.setAliases"), containerId: id, networkId: id, aliases: z.array(z.string().min(1).max(255)).max(64) }),
  z.strictObject({ type: z.literal("layout.move"), id, position: PositionSchema }),
  /** Auto-layout: many positions in one op, so a tidy-up is one step for the room and for undo. */
  z.strictObject({
    type: z.literal("layout.moveMany"),
    moves: z
      .array(z.strictObject({ id, position: PositionSchema }))
      .min(1)
      .max(5000),
  }),
  z.strictObject({
    type: z.literal("lan.create"),
    id,
    name,
    subnet: z.string().max(18),
    router: ip.nullable(),
    internet: z.boolean(),
  }),
  z.strictObject({
    type: z.literal("machine.create"),
    id,
    name,
    kind: z.enum(["host", "vm"]),
    /** A host's first NIC (eth0): its LAN and address ("192.168.1.20/24"), both optional. */
    lanId: id.nullable(),
    address: z.string().max(18).nullable(),
    /** Ids of the three predefined networks when the machine runs a Docker Engine; null for none. */
    engineNetworkIds: z.tuple([hex64, hex64, hex64]).nullable(),
    vm: z
      .strictObject({
        hostId: id,
        hypervisor: z.enum(["virtualbox", "kvm"]),
        uuid: z.string().max(36),
        os: z.string().max(64),
      })
      .nullable(),
    at,
  }),
  z.strictObject({ type: z.literal("machine.remove"), machineId: id }),
  /** `ip addr add/del`: an address set by hand on one interface (null removes it). */
  z.strictObject({ type: z.literal("machine.setAddress"), machineId: id, nic: z.string().min(1).max(15), address: z.string().max(18).nullable() }),
  z.strictObject({ type: z.literal("machine.setServices"), machineId: id, services: z.array(ListenerSchema).max(64) }),
  z.strictObject({
    type: z.literal("vm.setAdapter"),
    machineId: id,
    slot: z.number().int().min(1).max(4),
    mode: AdapterModeSchema,
    natNetwork: z.string().max(128).nullable().optional(),
    intnet: z.string().max(128).nullable().optional(),
    hostOnly: z.string().max(128).nullable().optional(),
    bridge: z.string().max(15).nullable().optional(),
    network: z.string().max(128).nullable().optional(),
  }),
  z.strictObject({ type: z.literal("vm.addPortForward"), machineId: id, slot: z.number().int().min(1).max(4), rule: PortForwardSchema }),
  z.strictObject({ type: z.literal("vm.removePortForward"), machineId: id, slot: z.number().int().min(1).max(4), name: z.string().min(1).max(64) }),
  z.strictObject({ type: z.literal("vm.start"), machineId: id }),
  z.strictObject({ type: z.literal("vm.poweroff"), machineId: id }),
  z.strictObject({
    type: z.literal("natnetwork.create"),
    id,
    hostId: id,
    name,
    network: z.string().max(18),
    enabled: z.boolean(),
    dhcp: z.boolean(),
  }),
  z.strictObject({ type: z.literal("natnetwork.remove"), natNetworkId: id }),
  z.strictObject({ type: z.literal("natnetwork.addPortForward"), natNetworkId: id, rule: PortForwardSchema }),
  z.strictObject({
    type: z.literal("hostonly.create"),
    id,
    hostId: id,
    name: z.string().min(1).max(15),
    address: z.string().max(18),
    dhcp: z.boolean(),
  }),
  z.strictObject({
    type: z.literal("libvirt.netDefine"),
    id,
    hostId: id,
    name,
    bridge: z.string().min(1).max(15),
    address: z.string().max(18),
    forward: z.enum(["nat", "route", "none"]),
    dhcpStart: ip.nullable(),
    dhcpEnd: ip.nullable(),
  }),
  /** `virsh net-start` / `virsh net-destroy`: bring a defined libvirt network's bridge up or down. */
  z.strictObject({ type: z.literal("libvirt.netStart"), networkId: id }),
  z.strictObject({ type: z.literal("libvirt.netDestroy"), networkId: id }),
  ...SWARM_OPS,
]);

export type Op = z.infer<typeof OpSchema>;
export type OpType = Op["type"];
export type OpOf<T extends OpType> = Extract<Op, { type: T }>;
export type NetworkRequest = z.infer<typeof NetworkRequestSchema>;
export type PortRequest = z.infer<typeof PortRequestSchema>;
