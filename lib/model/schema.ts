/**
 * The document: what learners declare. Everything they ask about (addresses in use, names, reachability)
 * is derived by `resolve`. Two exceptions are stored on purpose, because the real engine's answer depends
 * on history that the final document cannot show: the address an endpoint was handed when its container
 * started (`Endpoint.ip`) and the host port an ephemeral binding got (`PortBinding.assigned`). Docker hands
 * both out lowest-free / sequentially and re-uses what was freed, so they are recorded when the op runs.
 */
import { z } from "zod";
import { FileLayerSchema } from "./files";
import { ImageSchema } from "./image-schema";
import { ContainerLogSchema, ContainerSpecSchema } from "./process";
import { OverlaySchema, ServiceSchema, SwarmMemberSchema, SwarmSchema, TaskRefSchema } from "./swarm";

export const SCHEMA_VERSION = 2;

const name = z.string().min(1).max(128);
const id = z.string().min(1).max(80);
const ipText = z.string().max(18);

export const ProtoSchema = z.enum(["tcp", "udp", "sctp"]);

export const ListenerSchema = z.strictObject({
  port: z.number().int().min(1).max(65535),
  proto: ProtoSchema,
  body: z.string().max(100_000).optional(),
});

const LanSchema = z.strictObject({
  id,
  name,
  subnet: z.string().max(18),
  /** The router's address on the LAN, or null for a segment with no way out. */
  router: ipText.nullable(),
  internet: z.boolean(),
  order: z.number().int(),
});

const NicSchema = z.strictObject({
  name: z.string().min(1).max(15),
  lanId: id.nullable(),
  /** "192.168.1.10/24", or null when the interface has no address. */
  address: z.string().max(18).nullable(),
});

const EngineSchema = z.strictObject({
  /** `ip_local_port_range` of the machine; Docker hands ephemeral host ports out of it. */
  portRange: z.tuple([z.number().int(), z.number().int()]),
  /** Last ephemeral port handed out (the allocator continues after it and wraps). */
  lastPort: z.number().int(),
  /** Where the next search of the default pools starts: Engine 20.10 hands pools out round-robin. */
  poolCursor: z.number().int().min(0),
  /** Subnets Docker must avoid: the machine's nameservers (/32) from resolv.conf. */
  nameservers: z.array(ipText).max(8),
  /** Membership of a swarm; absent when the engine is not part of one. */
  swarm: SwarmMemberSchema.optional(),
  /** `insecure-registries` of daemon.json as the daemon last loaded it (`host:port` or CIDR); absent: none. */
  insecureRegistries: z.array(z.string().min(1).max(255)).max(32).optional(),
});

/** Modes of a VirtualBox adapter (`--nicN`), plus `libvirt` for a KVM guest's `<interface type='network'>`. */
export const AdapterModeSchema = z.enum(["none", "null", "nat", "natnetwork", "bridged", "hostonly", "intnet", "libvirt"]);

/** A VirtualBox NAT port-forwarding rule: "name,tcp,hostip,hostport,guestip,guestport". */
export const PortForwardSchema = z.strictObject({
  name: z.string().min(1).max(64),
  proto: z.enum(["tcp", "udp"]),
  /** "" for every host address. */
  hostIp: z.string().max(45),
  hostPort: z.number().int().min(1).max(65535),
  /** "" for the address the guest got by DHCP. */
  guestIp: z.string().max(45),
  guestPort: z.number().int().min(1).max(65535),
});

const AdapterSchema = z.strictObject({
  mode: AdapterModeSchema,
  /** NAT mode: rules set with `--natpfN`. */
  portForwards: z.array(PortForwardSchema).max(64),
  /** `--nat-networkN`. */
  natNetwork: z.string().max(128).nullable(),
  /** `--intnetN` (VirtualBox's default name is "intnet"). */
  intnet: z.string().max(128).nullable(),
  /** `--hostonlyadapterN`, e.g. "vboxnet0". */
  hostOnly: z.string().max(128).nullable(),
  /** `--bridgeadapterN`: a NIC of the hypervisor host, e.g. "eth0". */
  bridge: z.string().max(15).nullable(),
  /** libvirt network name, e.g. "default". */
  network: z.string().max(128).nullable(),
  /**
   * The address DHCP handed the guest when the VM started (null while powered off or when no DHCP
   * serves the segment). Stored, like `Endpoint.ip`, because leases depend on the order VMs started.
   */
  lease: ipText.nullable(),
});

const VmSchema = z.strictObject({
  /** The physical machine whose hypervisor runs this VM. */
  hostId: id,
  hypervisor: z.enum(["virtualbox", "kvm"]),
  state: z.enum(["poweroff", "running"]),
  uuid: z.string().max(36),
  /** VirtualBox's `--ostype`, e.g. "Ubuntu_64". */
  os: z.string().max(64),
  /** Exactly four slots: adapter N of VirtualBox is `adapters[N - 1]`. */
  adapters: z.array(AdapterSchema).length(4),
});

const MachineSchema = z.strictObject({
  id,
  name,
  kind: z.enum(["host", "vm"]),
  nics: z.array(NicSchema).max(8),
  engine: EngineSchema.nullable(),
  order: z.number().int(),
  /** Set exactly when `kind` is "vm". */
  vm: VmSchema.optional(),
  /** What listens on the machine itself (sshd on a VM, say); absent means nothing. */
  services: z.array(ListenerSchema).max(64).optional(),
});

/** A VirtualBox NAT Network (`VBoxManage natnetwork add`): a NAT router shared by several VMs of one host. */
export const NatNetworkSchema = z.strictObject({
  id,
  hostId: id,
  name,
  /** "10.0.2.0/24" */
  network: z.string().max(18),
  enabled: z.boolean(),
  dhcp: z.boolean(),
  /** `--port-forward-4 "ssh:tcp:[]:1022:[192.168.15.5]:22"` */
  portForwards: z.array(PortForwardSchema).max(64),
  order: z.number().int(),
});

/** A VirtualBox host-only network: an interface on the host (vboxnetN) plus its DHCP server. */
export const HostOnlyNetworkSchema = z.strictObject({
  id,
  hostId: id,
  /** The host interface, "vboxnet0". */
  name: z.string().min(1).max(15),
  /** The host's address on it with prefix, "192.168.56.1/24". */
  address: z.string().max(18),
  dhcp: z.boolean(),
  /** First and last address the DHCP server hands out. */
  dhcpLower: ipText,
  dhcpUpper: ipText,
  order: z.number().int(),
});

/** A libvirt virtual network (`virsh net-define`), such as `default` on virbr0. */
export const LibvirtNetworkSchema = z.strictObject({
  id,
  hostId: id,
  name,
  bridge: z.string().min(1).max(15),
  /** The host's address on the bridge with prefix, "192.168.122.1/24". */
  address: z.string().max(18),
  /** `<forward mode=...>`; "none" is an isolated network (no `<forward>`). */
  forward: z.enum(["nat", "route", "none"]),
  dhcpStart: ipText.nullable(),
  dhcpEnd: ipText.nullable(),
  active: z.boolean(),
  order: z.number().int(),
});

export const NetworkDriverSchema = z.enum(["bridge", "host", "null", "overlay", "macvlan", "ipvlan"]);

const NetworkSchema = z.strictObject({
  id,
  machineId: id,
  name,
  driver: NetworkDriverSchema,
  scope: z.enum(["local", "swarm"]),
  /** Null only for `host` and `none`, which have no IPAM. */
  subnet: z.string().max(18).nullable(),
  gateway: ipText.nullable(),
  ipRange: z.string().max(18).nullable(),
  /** True when the subnet came from the default pools rather than `--subnet`. */
  subnetAuto: z.boolean(),
  /** True when the gateway was picked by Docker rather than given with `--gateway`. */
  gatewayAuto: z.boolean(),
  internal: z.boolean(),
  attachable: z.boolean(),
  options: z.record(z.string().max(200), z.string().max(200)),
  labels: z.record(z.string().max(200), z.string().max(200)),
  /** `bridge`, `host`, `none`: created by the engine, cannot be removed. */
  builtin: z.boolean(),
  createdAt: z.number(),
  order: z.number().int(),
  /** Swarm-scope networks only: what the swarm allocator keeps for them. */
  overlay: OverlaySchema.optional(),
});

const EndpointSchema = z.strictObject({
  networkId: id,
  aliases: z.array(z.string().min(1).max(255)).max(64),
  /** `--ip`: the address the user asked for. */
  ipv4Address: ipText.nullable(),
  /** The address the endpoint holds while its container runs; null while it is stopped. */
  ip: ipText.nullable(),
  /** Interface name in the container (eth0, eth1...): a connect at run time takes the next free number. */
  ifname: z.string().max(15).optional(),
});

const PortBindingSchema = z.strictObject({
  /** "" means every host address (0.0.0.0 and [::]). */
  hostIp: z.string().max(45),
  /** "" for an ephemeral port, "8080", or a range "8000-9000". */
  hostPort: z.string().max(11),
  containerPort: z.number().int().min(1).max(65535),
  proto: ProtoSchema,
  /** Host port in use while the container runs. */
  assigned: z.number().int().nullable(),
});

const LinkSchema = z.strictObject({
  target: id,
  alias: z.string().min(1).max(255),
});

/** A volume or bind mount as the engine keeps it (`-v`, `--mount`, Compose `volumes:`). */
const MountSchema = z.strictObject({
  type: z.enum(["volume", "bind", "tmpfs"]),
  /** Volume name, host path of a bind mount, "" for tmpfs. */
  source: z.string().max(4096),
  target: z.string().min(1).max(4096),
  readOnly: z.boolean(),
  /**
   * `-v` keeps its text in `HostConfig.Binds`; `--mount` in `HostConfig.Mounts`; `--volumes-from`
   * copies another container's mount (only `HostConfig.VolumesFrom` names it).
   */
  via: z.enum(["bind-flag", "mount-flag", "volumes-from"]).optional(),
  /** What followed the target in `-v src:dst:MODE` ("ro", "z", ...), as the engine reports it. */
  mode: z.string().max(32).optional(),
});

/** Compose's `depends_on`: a start-order relation the engine itself does not know (drawn on the canvas). */
const DependencySchema = z.strictObject({
  target: id,
  condition: z.enum(["service_started", "service_healthy", "service_completed_successfully"]),
  required: z.boolean(),
});

/** A named (or anonymous, 64 hex digits) volume of one engine. */
const VolumeSchema = z.strictObject({
  id,
  machineId: id,
  name: z.string().min(1).max(255),
  driver: z.string().min(1).max(64),
  labels: z.record(z.string().max(200), z.string().max(200)),
  /** Created for a container's `-v /path` without a name: `docker rm -v` removes it with its container. */
  anonymous: z.boolean(),
  createdAt: z.number(),
  order: z.number().int(),
});

export const ContainerSchema = z.strictObject({
  id,
  machineId: id,
  name,
  image: z.string().min(1).max(255),
  /** Arguments after the image (they replace the image's CMD); empty for the image default. */
  command: z.array(z.string().max(4096)).max(256),
  interactive: z.boolean(),
  tty: z.boolean(),
  state: z.enum(["created", "running", "exited"]),
  exitCode: z.number().int(),
  hostname: z.string().max(255).nullable(),
  /** As Docker stores `HostConfig.NetworkMode`: default, bridge, host, none, container:<id>, or a network name. */
  networkMode: z.string().min(1).max(255),
  endpoints: z.array(EndpointSchema).max(64),
  ports: z.array(PortBindingSchema).max(256),
  publishAll: z.boolean(),
  expose: z.array(z.string().max(16)).max(256),
  links: z.array(LinkSchema).max(64),
  /** What listens inside, when the user says so; null to derive it from the image and command. */
  listens: z.array(ListenerSchema).max(64).nullable(),
  autoRemove: z.boolean(),
  /** Next interface number of the running container's namespace. */
  nextIf: z.number().int().min(0).optional(),
  /** Set when the container runs a swarm service's task. */
  task: TaskRefSchema.optional(),
  /**
   * Its endpoint on the node's docker_gwbridge while it runs on a non-internal overlay and no other
   * network gives it a gateway: not one of its networks, only its way out. `after`: made as the
   * container started, the kernel created it right after that interface (libnetwork joins the
   * networks in order and adds docker_gwbridge as soon as the first overlay leaves it without a way
   * out), though its name comes after all of them; absent, it was made last.
   */
  gwbridge: z.strictObject({ ip: ipText, ifname: z.string().max(15), after: z.string().max(15).optional() }).optional(),
  /** Volumes and bind mounts; absent means none. */
  mounts: z.array(MountSchema).max(64).optional(),
  /** Compose `depends_on`; absent means none. */
  dependsOn: z.array(DependencySchema).max(64).optional(),
  /** What `docker run` asked the process for (entrypoint, env, restart policy, limits, DNS); absent: defaults. */
  spec: ContainerSpecSchema.optional(),
  /** `docker pause`: the processes are frozen; `state` stays "running", as Docker's State.Running does. */
  paused: z.boolean().optional(),
  /** The kernel killed the main process for going over its memory limit. */
  oomKilled: z.boolean().optional(),
  /** Between two runs under its restart policy (ps: "Restarting (1) 2 seconds ago"). */
  restarting: z.boolean().optional(),
  /** Times the daemon restarted it under its restart policy. */
  restartCount: z.number().int().min(0).optional(),
  /** Stopped by `docker stop`/`kill`: `unless-stopped` and `always` differ on an engine restart. */
  manuallyStopped: z.boolean().optional(),
  /** The id of the image it was created from (a later tag of the same name may point elsewhere). */
  imageId: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** Catalog image a built or loaded image came from, when its own name is not in the catalog. */
  imageBase: z.string().max(128).optional(),
  createdAt: z.number(),
  startedAt: z.number(),
  finishedAt: z.number(),
  order: z.number().int(),
});

export const PositionSchema = z.strictObject({
  x: z.number().finite(),
  y: z.number().finite(),
  w: z.number().finite().positive().optional(),
  h: z.number().finite().positive().optional(),
});

export const DocSchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  title: z.string().max(200),
  /** Creation counter: every record takes `order = ++clock`, which is the order Docker saw things in. */
  clock: z.number().int().min(0),
  lans: z.record(id, LanSchema),
  machines: z.record(id, MachineSchema),
  networks: z.record(id, NetworkSchema),
  containers: z.record(id, ContainerSchema),
  layout: z.record(id, PositionSchema),
  /** Hypervisor networks; absent in documents that have none. */
  natNetworks: z.record(id, NatNetworkSchema).optional(),
  hostOnlyNetworks: z.record(id, HostOnlyNetworkSchema).optional(),
  libvirtNetworks: z.record(id, LibvirtNetworkSchema).optional(),
  /** Docker volumes; absent in documents that have none. */
  volumes: z.record(id, VolumeSchema).optional(),
  /** Swarms and their services; absent in documents that have none. */
  swarms: z.record(id, SwarmSchema).optional(),
  services: z.record(id, ServiceSchema).optional(),
  /** What each container's main process printed (`docker logs`), by container id; out of `resolve`'s path. */
  logs: z.record(id, ContainerLogSchema).optional(),
  /** Stored file layers keyed by owner: a container's writable layer, a volume's data, a machine's files. */
  files: z.record(id, FileLayerSchema).optional(),
  /** Local images of every engine; absent in documents that have none. */
  images: z.record(id, ImageSchema).optional(),
});

export type Proto = z.infer<typeof ProtoSchema>;
export type Listener = z.infer<typeof ListenerSchema>;
export type Lan = z.infer<typeof LanSchema>;
export type Machine = z.infer<typeof MachineSchema>;
export type AdapterMode = z.infer<typeof AdapterModeSchema>;
export type PortForward = z.infer<typeof PortForwardSchema>;
export type Adapter = z.infer<typeof AdapterSchema>;
export type Vm = z.infer<typeof VmSchema>;
export type HostOnlyNetwork = z.infer<typeof HostOnlyNetworkSchema>;
export type LibvirtNetwork = z.infer<typeof LibvirtNetworkSchema>;
export type Network = z.infer<typeof NetworkSchema>;
export type Endpoint = z.infer<typeof EndpointSchema>;
export type PortBinding = z.infer<typeof PortBindingSchema>;
export type Container = z.infer<typeof ContainerSchema>;
export type Mount = z.infer<typeof MountSchema>;
export type Dependency = z.infer<typeof DependencySchema>;
export type Volume = z.infer<typeof VolumeSchema>;
export type Position = z.infer<typeof PositionSchema>;
export type Doc = z.infer<typeof DocSchema>;
