/**
 * `docker inspect` / `docker container inspect`. Without `-f` it prints the daemon's (Engine 20.10)
 * JSON; templates run against the docker 28 CLI's structs first and fall back to the raw JSON, as the
 * CLI does, so both shapes are built here. Fields a simulator cannot know (pids, layer paths) hold
 * plausible stable values; every networking field is derived from the resolved document.
 */
import { type Container, digest64, imageKey, type Mount, shortId } from "../../model";
import { type ContainerView, type EndpointView, isUserDefined } from "../../sim";
import { err, type Output, ok, type ShellContext } from "../context";
import { type CommandSpec, has, isOutput, last, parseFlags } from "./flags";
import { goNil, goPtr, goStruct } from "./go-value";
import { imageInspectEntry } from "./image-read";
import { type InspectEntry, inspectOutput, networkInspectData, rfc3339Nano } from "./networkread";
import { portMap } from "./port";
import { containerArgv, dockerState } from "./ps";
import { hostPid } from "./top";
import { mountsData } from "./volume";

function isAnonymousFlag(m: Mount): boolean {
  return m.via === "bind-flag" && m.type === "volume" && /^[0-9a-f]{64}$/.test(m.source) && m.mode === "";
}

type Flavor = "daemon" | "client";

const ZERO_TIME = "0001-01-01T00:00:00Z";
const DATA_ROOT = "/var/lib/docker";

const S = goStruct;

function exposedPorts(v: ContainerView): string[] {
  const keys = new Set<string>();
  for (const e of [...v.image.exposes, ...v.c.expose]) keys.add(e.includes("/") ? e : `${e}/tcp`);
  for (const b of v.c.ports) keys.add(`${b.containerPort}/${b.proto}`);
  return [...keys];
}

function endpointSettings(v: ContainerView, ep: EndpointView, flavor: Flavor): object {
  const c = v.c;
  const stored = c.endpoints.find((e) => e.networkId === ep.network.id);
  const running = v.running;
  const bridgeLike = ep.network.driver !== "host" && ep.network.driver !== "null";
  // user-defined networks alias every endpoint with the container's short id (Engine < 25)
  const aliases = isUserDefined(ep.network) && bridgeLike ? [...(stored?.aliases ?? []), shortId(c.id)] : null;
  const ipam = stored?.ipv4Address ? S({ IPv4Address: stored.ipv4Address, IPv6Address: "", LinkLocalIPs: flavor === "client" ? goNil("slice") : null }) : null;
  const live = running && ep.ip !== null;
  const common = {
    NetworkID: ep.network.id,
    EndpointID: running ? ep.endpointId : "",
    Gateway: live ? (ep.network.gateway ?? "") : "",
    IPAddress: live ? (ep.ip as string) : "",
    IPPrefixLen: live ? ep.prefix : 0,
    IPv6Gateway: "",
    GlobalIPv6Address: "",
    GlobalIPv6PrefixLen: 0,
  };
  const mac = live ? ep.mac : "";
  if (flavor === "daemon") {
    return S({ IPAMConfig: ipam, Links: null, Aliases: aliases, ...common, MacAddress: mac, DriverOpts: null });
  }
  return goPtr({
    IPAMConfig: ipam ?? goNil("ptr"),
    Links: goNil("slice"),
    Aliases: aliases ?? goNil("slice"),
    MacAddress: mac,
    DriverOpts: goNil("map"),
    GwPriority: 0,
    ...common,
    DNSNames: goNil("slice"),
  });
}

function networkSettings(v: ContainerView, flavor: Flavor): object {
  const c = v.c;
  const networks: Record<string, object> = {};
  if (v.mode !== "container") {
    for (const stored of c.endpoints) {
      const ep = v.endpoints.find((e) => e.network.id === stored.networkId);
      if (ep) networks[ep.network.name] = endpointSettings(v, ep, flavor);
    }
  }
  const ports = portMap(v);
  const typedPorts: Record<string, unknown> = {};
  for (const [k, list] of Object.entries(ports)) typedPorts[k] = list ? list.map((b) => S({ ...b })) : flavor === "client" ? goNil("slice") : null;
  // the top-level fields mirror the endpoint on the default bridge
  const def = v.running ? v.endpoints.find((e) => e.network.builtin && e.network.name === "bridge" && e.ip !== null && e.container.id === c.id) : undefined;
  const sandbox = v.running ? digest64(`sandbox/${v.nsOwner.id}/${v.nsOwner.startedAt}`) : "";
  const sandboxKey = sandbox ? `/var/run/docker/netns/${sandbox.slice(0, 12)}` : "";
  const legacy = {
    SecondaryIPAddresses: null,
    SecondaryIPv6Addresses: null,
    EndpointID: def ? def.endpointId : "",
    Gateway: def ? (def.network.gateway ?? "") : "",
    GlobalIPv6Address: "",
    GlobalIPv6PrefixLen: 0,
    IPAddress: def?.ip ?? "",
    IPPrefixLen: def ? def.prefix : 0,
    IPv6Gateway: "",
    MacAddress: def ? def.mac : "",
  };
  if (flavor === "daemon") {
    return S({
      Bridge: "",
      SandboxID: sandbox,
      HairpinMode: false,
      LinkLocalIPv6Address: "",
      LinkLocalIPv6PrefixLen: 0,
      Ports: typedPorts,
      SandboxKey: sandboxKey,
      ...legacy,
      Networks: networks,
    });
  }
  return S({
    Bridge: "",
    SandboxID: sandbox,
    SandboxKey: sandboxKey,
    Ports: typedPorts,
    HairpinMode: false,
    LinkLocalIPv6Address: "",
    LinkLocalIPv6PrefixLen: 0,
    ...legacy,
    SecondaryIPAddresses: goNil("slice"),
    SecondaryIPv6Addresses: goNil("slice"),
    Networks: networks,
  });
}

function hostConfig(ctx: ShellContext, c: Container, flavor: Flavor): object {
  const bindings: Record<string, object[]> = {};
  for (const b of c.ports) {
    const key = `${b.containerPort}/${b.proto}`;
    const list = bindings[key] ?? [];
    // HostConfig keeps what was asked for: "" for an ephemeral port, not the port it was handed
    list.push(S({ HostIp: b.hostIp, HostPort: b.hostPort }));
    bindings[key] = list;
  }
  const links = c.links.map((l) => `/${ctx.doc.containers[l.target]?.name ?? l.target}:/${c.name}/${l.alias}`);
  const nilSlice = flavor === "client" ? goNil("slice") : null;
  // `-v /path` is an anonymous volume: the daemon keeps it in Config.Volumes, not in Binds.
  const binds = (c.mounts ?? []).filter((m) => m.via === "bind-flag" && !isAnonymousFlag(m));
  const mountFlags = (c.mounts ?? []).filter((m) => m.via !== "bind-flag" && m.via !== "volumes-from");
  const spec = c.spec ?? {};
  const limits = spec.resources;
  return S({
    Binds: binds.length > 0 ? binds.map((m) => `${m.source}:${m.target}${m.mode && m.mode !== "z" ? `:${m.mode}` : ""}`) : nilSlice,
    ContainerIDFile: "",
    LogConfig: S({ Type: "json-file", Config: {} }),
    NetworkMode: c.networkMode,
    PortBindings: bindings,
    RestartPolicy: S({ Name: spec.restart?.name ?? "no", MaximumRetryCount: spec.restart?.maxRetries ?? 0 }),
    AutoRemove: c.autoRemove,
    VolumeDriver: "",
    VolumesFrom: spec.volumesFrom ?? nilSlice,
    CapAdd: nilSlice,
    CapDrop: nilSlice,
    CgroupnsMode: "host",
    Dns: spec.dns ?? [],
    DnsOptions: [],
    DnsSearch: spec.dnsSearch ?? [],
    ExtraHosts: spec.extraHosts ?? nilSlice,
    GroupAdd: nilSlice,
    IpcMode: "private",
    Cgroup: "",
    Links: links.length > 0 ? links : nilSlice,
    OomScoreAdj: 0,
    PidMode: spec.pidMode ?? "",
    Privileged: false,
    PublishAllPorts: c.publishAll,
    ReadonlyRootfs: false,
    SecurityOpt: nilSlice,
    UTSMode: "",
    UsernsMode: "",
    ShmSize: 67108864,
    Runtime: "runc",
    ConsoleSize: [0, 0],
    Isolation: "",
    CpuShares: limits?.cpuShares ?? 0,
    Memory: limits?.memory ?? 0,
    NanoCpus: limits?.nanoCpus ?? 0,
    CgroupParent: "",
    BlkioWeight: 0,
    BlkioWeightDevice: [],
    BlkioDeviceReadBps: [],
    BlkioDeviceWriteBps: [],
    BlkioDeviceReadIOps: [],
    BlkioDeviceWriteIOps: [],
    CpuPeriod: 0,
    CpuQuota: 0,
    CpuRealtimePeriod: 0,
    CpuRealtimeRuntime: 0,
    CpusetCpus: "",
    CpusetMems: "",
    Devices: [],
    DeviceCgroupRules: nilSlice,
    DeviceRequests: nilSlice,
    KernelMemory: 0,
    KernelMemoryTCP: 0,
    MemoryReservation: 0,
    MemorySwap: limits?.memorySwap ?? 0,
    MemorySwappiness: null,
    OomKillDisable: false,
    PidsLimit: limits?.pidsLimit ?? null,
    Ulimits: [],
    CpuCount: 0,
    CpuPercent: 0,
    IOMaximumIOps: 0,
    IOMaximumBandwidth: 0,
    ...(mountFlags.length > 0
      ? {
          Mounts: mountFlags.map((m) => S({ Type: m.type, Source: m.source, Target: m.target, ...(m.readOnly ? { ReadOnly: true } : {}) })),
        }
      : {}),
    MaskedPaths: [
      "/proc/asound",
      "/proc/acpi",
      "/proc/kcore",
      "/proc/keys",
      "/proc/latency_stats",
      "/proc/timer_list",
      "/proc/timer_stats",
      "/proc/sched_debug",
      "/proc/scsi",
      "/sys/firmware",
    ],
    ReadonlyPaths: ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"],
  });
}

/**
 * A container as `docker inspect` shows it: `daemon` is the Engine 20.10 JSON, `client` the docker 28
 * CLI's struct (field order, typed nils) that templates see.
 * @example containerInspectData(ctx, view, "daemon").Name // "/web"
 */
function containerInspectData(ctx: ShellContext, v: ContainerView, flavor: Flavor = "daemon"): Record<string, unknown> {
  const c = v.c;
  const { entrypoint, cmd, argv } = containerArgv(c, v.image);
  const dir = `${DATA_ROOT}/containers/${c.id}`;
  const layer = digest64(`layer/${c.id}`);
  const exposed = exposedPorts(v);
  const nilSlice = flavor === "client" ? goNil("slice") : null;
  const anonymous = (c.mounts ?? []).filter(isAnonymousFlag);
  const config: Record<string, unknown> = {
    Hostname: v.mode === "host" ? v.machine.name : (c.hostname ?? shortId(c.id)),
    Domainname: "",
    User: c.spec?.user ?? "",
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
  };
  if (exposed.length > 0) config.ExposedPorts = Object.fromEntries(exposed.map((k) => [k, S({})]));
  else if (flavor === "client") config.ExposedPorts = goNil("map");
  Object.assign(config, {
    Tty: c.tty,
    OpenStdin: c.interactive,
    StdinOnce: false,
    // The container's own variables first, then the image's that they do not replace.
    Env: [
      ...(c.spec?.env ?? []),
      ...(c.spec?.env?.some((e) => e.startsWith("PATH=")) ? [] : ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]),
    ],
    Cmd: cmd.length > 0 ? [...cmd] : nilSlice,
    Image: c.image,
    Volumes: anonymous.length > 0 ? Object.fromEntries(anonymous.map((m) => [m.target, S({})])) : flavor === "client" ? goNil("map") : null,
    WorkingDir: c.spec?.workdir ?? "",
    Entrypoint: entrypoint.length > 0 ? [...entrypoint] : nilSlice,
    OnBuild: nilSlice,
    Labels: {},
  });
  const running = c.state === "running";
  return S({
    Id: c.id,
    Created: rfc3339Nano(c.createdAt),
    Path: argv[0] ?? "",
    Args: argv.slice(1),
    State: S({
      Status: dockerState(c),
      Running: running || c.restarting === true,
      Paused: c.paused === true,
      Restarting: c.restarting === true,
      OOMKilled: c.oomKilled === true,
      Dead: false,
      Pid: running ? hostPid(c) : 0,
      ExitCode: c.exitCode,
      Error: "",
      StartedAt: c.startedAt > 0 && c.state !== "created" ? rfc3339Nano(c.startedAt) : ZERO_TIME,
      FinishedAt: c.finishedAt > 0 ? rfc3339Nano(c.finishedAt) : ZERO_TIME,
    }),
    Image: `sha256:${c.imageId ?? digest64(`image/${imageKey(c.image)}`)}`,
    ResolvConfPath: `${dir}/resolv.conf`,
    HostnamePath: `${dir}/hostname`,
    HostsPath: `${dir}/hosts`,
    LogPath: `${dir}/${c.id}-json.log`,
    Name: `/${c.name}`,
    RestartCount: c.restartCount ?? 0,
    Driver: "overlay2",
    Platform: "linux",
    MountLabel: "",
    ProcessLabel: "",
    AppArmorProfile: "",
    ExecIDs: nilSlice,
    HostConfig: hostConfig(ctx, c, flavor),
    GraphDriver: S({
      Data: {
        LowerDir: `${DATA_ROOT}/overlay2/${layer}-init/diff:${DATA_ROOT}/overlay2/${digest64(`image-layer/${imageKey(c.image)}`)}/diff`,
        MergedDir: `${DATA_ROOT}/overlay2/${layer}/merged`,
        UpperDir: `${DATA_ROOT}/overlay2/${layer}/diff`,
        WorkDir: `${DATA_ROOT}/overlay2/${layer}/work`,
      },
      Name: "overlay2",
    }),
    Mounts: mountsData(c),
    Config: S(config),
    NetworkSettings: networkSettings(v, flavor),
  });
}

const SPEC: CommandSpec = {
  path: "docker inspect",
  usage: "docker inspect [OPTIONS] NAME|ID [NAME|ID...]",
  flags: [
    { long: "format", short: "f", value: true },
    { long: "type", value: true },
    { long: "size", short: "s", value: false },
    { long: "help", value: false },
  ],
};

/**
 * `docker inspect [-f FORMAT] [--type container|network] NAME...` (also `docker container inspect`).
 * @example dockerInspect(ctx, ["-f", "{{.NetworkSettings.IPAddress}}", "web"]).stdout // "172.17.0.2\n"
 */
export function dockerInspect(ctx: ShellContext, args: string[]): Output {
  const p = parseFlags(SPEC, args);
  if (isOutput(p)) return p;
  if (has(p, "help")) return ok(`Usage:  ${SPEC.usage}\n\nReturn low-level information on Docker objects\n`);
  if (p.args.length === 0) {
    return err(`docker: '${SPEC.path}' requires at least 1 argument\n\nUsage:  ${SPEC.usage}\n\nSee '${SPEC.path} --help' for more information\n`, 1);
  }
  const type = last(p, "type");
  if (type !== undefined && !["container", "network", "image", "volume", "node", "service", "task", "secret", "config", "plugin"].includes(type)) {
    return err(`"${type}" is not a valid value for --type\n`, 1);
  }
  const r = ctx.resolved();
  const entries: InspectEntry[] = p.args.map((name): InspectEntry => {
    if (type === undefined || type === "container") {
      const v = ctx.container(name);
      if (v) return { typed: containerInspectData(ctx, v, "client"), raw: containerInspectData(ctx, v, "daemon") };
      if (type === "container") return { error: `Error response from daemon: No such container: ${name}` };
    }
    if (type === undefined || type === "image") {
      const image = imageInspectEntry(ctx, name);
      if (image) return image;
      if (type === "image") return { error: `Error response from daemon: No such image: ${name}` };
    }
    if (type === undefined || type === "network") {
      const n = r.networkByName(ctx.machineId, name);
      if (n) return { typed: networkInspectData(ctx, n, "client"), raw: networkInspectData(ctx, n, "daemon") };
      if (type === "network") return { error: `Error response from daemon: network ${name} not found` };
    }
    if (type === undefined) return { error: `Error: No such object: ${name}` };
    return { error: `Error response from daemon: No such ${type}: ${name}` };
  });
  return inspectOutput(entries, last(p, "format"));
}
