/**
 * Packets between machines once hypervisors are involved: VirtualBox's NAT, NAT Network, host-only
 * and internal networks, libvirt's virtual networks, NAT port forwarding; and isolation (who shares
 * a kernel with whom). `reach` calls in here; bridged adapters put a VM on a LAN, where the plain LAN
 * rules of `reach` already apply.
 */
import { type Adapter, cidrContains, type Doc, formatIp, type Machine, parseCidr, parseIp, type Vm } from "../model";
import { macvlanTo } from "./macvlan";
import type { ContainerView, Resolved } from "./resolve";

/** The slice of `reach`'s trace this file needs (kept structural to avoid an import cycle). */
export interface TraceLike {
  readonly address: string | null;
  hop(id: string | null, label: string, rule: string): TraceLike;
  end(verdict: "reachable" | "refused" | "dropped" | "unresolvable" | "no-route" | "not-running", reason: string, answeredBy?: string | null): ResultLike;
}
type ResultLike = { verdict: string };

export interface PortOpts {
  port: number | null;
  proto?: "tcp" | "udp";
}

/** Entry points of `reach` that VM routing continues with. */
export interface Hooks<R extends ResultLike> {
  atHost(t: TraceLike, r: Resolved, m: Machine, ip: number, opts: PortOpts, fromLoopback: boolean): R;
  fromMachine(t: TraceLike, r: Resolved, m: Machine, ip: number, opts: PortOpts): R;
  /** Into a container's namespace: does anything answer? */
  deliver?(t: TraceLike, target: ContainerView, opts: PortOpts, via: string): R;
}

type VmMachine = Machine & { vm: Vm };

/** One attachment of a running VM to a segment that is not a LAN. */
export interface Attachment {
  vm: VmMachine;
  slot: number;
  adapter: Adapter;
  /** Same key, same segment: VMs can talk directly. */
  segment: string;
  label: string;
  ip: number;
  subnet: { base: number; prefix: number };
}

interface Index {
  attachments: Attachment[];
  bySegment: Map<string, Attachment[]>;
}

const indexes = new WeakMap<Resolved, Index>();

/** Guest interface names per adapter slot, as a modern Linux guest names them. */
export const GUEST_NICS = {
  virtualbox: ["enp0s3", "enp0s8", "enp0s9", "enp0s10"],
  kvm: ["enp1s0", "enp2s0", "enp3s0", "enp4s0"],
} as const;

function segmentOf(vm: VmMachine, slot: number, a: Adapter): { key: string; label: string } | null {
  const h = vm.vm.hostId;
  switch (a.mode) {
    case "nat":
      return { key: `nat:${vm.id}:${slot}`, label: `${vm.name}'s private NAT network` };
    case "natnetwork":
      return { key: `natnetwork:${h}:${a.natNetwork}`, label: `NAT Network ${a.natNetwork}` };
    case "hostonly":
      return { key: `hostonly:${h}:${a.hostOnly}`, label: `host-only network ${a.hostOnly}` };
    case "intnet":
      return { key: `intnet:${h}:${a.intnet}`, label: `internal network ${a.intnet}` };
    case "libvirt":
      return { key: `libvirt:${h}:${a.network}`, label: `libvirt network ${a.network}` };
    default:
      return null;
  }
}

function isVm(m: Machine | undefined): m is VmMachine {
  return !!m?.vm;
}

function indexOf(r: Resolved): Index {
  const cached = indexes.get(r);
  if (cached) return cached;
  const index: Index = { attachments: [], bySegment: new Map() };
  const vms = Object.values(r.doc.machines)
    .filter(isVm)
    .sort((a, b) => a.order - b.order);
  for (const vm of vms) {
    if (vm.vm.state !== "running") continue;
    vm.vm.adapters.forEach((a, i) => {
      const seg = segmentOf(vm, i + 1, a);
      const nic = vm.nics.find((n) => n.name === GUEST_NICS[vm.vm.hypervisor][i]);
      const cidr = nic?.address ? parseCidr(nic.address) : null;
      if (!seg || !cidr) return;
      const att: Attachment = { vm, slot: i + 1, adapter: a, segment: seg.key, label: seg.label, ip: cidr.ip, subnet: cidr };
      index.attachments.push(att);
      const list = index.bySegment.get(seg.key);
      if (list) list.push(att);
      else index.bySegment.set(seg.key, [att]);
    });
  }
  indexes.set(r, index);
  return index;
}

/**
 * Every running VM's attachments to hypervisor networks (not LANs), in creation order.
 * @example vmAttachments(resolve(doc)).map((a) => formatIp(a.ip)) // ["10.0.2.15", "192.168.56.101"]
 */
export function vmAttachments(r: Resolved): readonly Attachment[] {
  return indexOf(r).attachments;
}

/** The host's own interface on a host-only or libvirt network a VM is attached to. */
function hostSide(doc: Doc, att: Attachment): { ip: number; name: string } | null {
  const h = att.vm.vm.hostId;
  if (att.adapter.mode === "hostonly") {
    const n = Object.values(doc.hostOnlyNetworks ?? {}).find((x) => x.hostId === h && x.name === att.adapter.hostOnly);
    const c = n ? parseCidr(n.address) : null;
    return n && c ? { ip: c.ip, name: n.name } : null;
  }
  if (att.adapter.mode === "libvirt") {
    const n = Object.values(doc.libvirtNetworks ?? {}).find((x) => x.hostId === h && x.name === att.adapter.network);
    const c = n ? parseCidr(n.address) : null;
    return n && c ? { ip: c.ip, name: n.bridge } : null;
  }
  return null;
}

function portText(opts: PortOpts): string {
  return opts.port === null ? "ping" : `${opts.port}/${opts.proto ?? "tcp"}`;
}

/** Delivery to another member of the segment the sender is on. */
function onSegment<R extends ResultLike>(t: TraceLike, r: Resolved, att: Attachment, ip: number, opts: PortOpts, hooks: Hooks<R>): R {
  const host = r.doc.machines[att.vm.vm.hostId] as Machine;
  const base = att.subnet.base;
  const text = t.address ?? formatIp(ip);
  if (att.adapter.mode === "nat") {
    if (ip === base + 2) {
      t.hop(host.id, host.name, `${text} is VirtualBox's NAT gateway: it leads to ${host.name}'s loopback interface`);
      return hooks.atHost(t, r, host, ip, opts, true);
    }
    if (ip === base + 3) {
      t.hop(host.id, `${host.name} (NAT DNS)`, `${text} is VirtualBox's NAT name server, which relays to ${host.name}'s resolver`);
      const dns = opts.port === null || (opts.port === 53 && opts.proto === "udp") || opts.port === 53;
      return (
        dns ? t.end("reachable", `VirtualBox's NAT engine answers on ${text}`) : t.end("refused", `the NAT name server serves only DNS, not ${portText(opts)}`)
      ) as R;
    }
    t.hop(att.vm.id, att.label, "NAT: each VM has its own private network behind VirtualBox's router; no other VM shares it");
    return t.end("dropped", `nothing but ${att.vm.name} and VirtualBox's router is on ${att.label}`) as R;
  }
  if ((att.adapter.mode === "natnetwork" || (att.adapter.mode === "libvirt" && !hostSide(r.doc, att))) && ip === base + 1) {
    t.hop(host.id, `${att.label} gateway`, `${text} is the NAT router of ${att.label}`);
    return (
      opts.port === null ? t.end("reachable", `the NAT router ${text} answers`) : t.end("refused", `the NAT router does not serve ${portText(opts)}`)
    ) as R;
  }
  const side = hostSide(r.doc, att);
  if (side && side.ip === ip) {
    t.hop(host.id, host.name, `${text} is ${host.name}'s own interface ${side.name} on ${att.label}`);
    return hooks.atHost(t, r, host, ip, opts, false);
  }
  const peer = indexOf(r)
    .bySegment.get(att.segment)
    ?.find((p) => p.ip === ip && p.vm.id !== att.vm.id);
  if (peer) {
    t.hop(peer.vm.id, att.label, `${peer.vm.name} is on ${att.label} too: the virtual switch delivers it`);
    return hooks.atHost(t, r, peer.vm, ip, opts, false);
  }
  t.hop(att.vm.id, att.label, `no machine on ${att.label} has ${text}`);
  return t.end("dropped", `nothing on ${att.label} has ${text}`) as R;
}

/** Why a machine outside a hypervisor network cannot reach an address on it. */
function unreachableReason(r: Resolved, att: Attachment, fromHost: boolean): string {
  const host = r.doc.machines[att.vm.vm.hostId]?.name ?? "its host";
  switch (att.adapter.mode) {
    case "nat":
      return "NAT: the VM is behind VirtualBox's private router; only forwarded ports reach it";
    case "natnetwork":
      return `NAT Network ${att.adapter.natNetwork}: its VMs sit behind VirtualBox's NAT service; only its port-forwarding rules reach them`;
    case "intnet":
      return `internal network ${att.adapter.intnet}: VirtualBox connects only VMs to it, not the host or the LAN`;
    case "hostonly":
      return fromHost
        ? `host-only network ${att.adapter.hostOnly} has no host interface`
        : `host-only network ${att.adapter.hostOnly} exists only inside ${host}; the LAN has no route to it`;
    default:
      return fromHost ? `${att.label} is isolated` : `${att.label} exists only inside ${host}: libvirt's NAT prohibits inbound connections from other networks`;
  }
}

/**
 * Routes a packet that `m` sends to `ip` when hypervisor networking decides its fate; returns null
 * when the plain LAN and internet rules of `reach` apply instead.
 * @example routeVm(t, r, vm, parseIp("10.0.2.2")!, { port: null }, hooks) // via NAT to the host's loopback
 */
export function routeVm<R extends ResultLike>(t: TraceLike, r: Resolved, m: Machine, ip: number, opts: PortOpts, hooks: Hooks<R>): R | null {
  const text = t.address ?? formatIp(ip);
  if (!isVm(m) || m.vm.state === "running") {
    const mv = macvlanTo(t, r, m, ip, opts, hooks);
    if (mv) return mv;
  }
  const onLan = m.nics.some((n) => {
    const lan = n.lanId ? r.doc.lans[n.lanId] : undefined;
    const c = lan && n.address ? parseCidr(lan.subnet) : null;
    return !!c && cidrContains(c, ip);
  });
  if (isVm(m)) {
    if (m.vm.state !== "running") {
      t.hop(m.id, m.name, `${m.name} is powered off`);
      return t.end("not-running", `${m.name} is powered off`) as R;
    }
    const own = indexOf(r).attachments.filter((a) => a.vm.id === m.id);
    const link = own.find((a) => cidrContains(a.subnet, ip));
    if (link) {
      t.hop(m.id, m.name, `${text} is on ${link.label} (adapter ${link.slot}, ${link.adapter.mode})`);
      return onSegment(t, r, link, ip, opts, hooks);
    }
    if (onLan) return null;
    // The default route: the first adapter whose segment has a gateway.
    for (const [i, a] of m.vm.adapters.entries()) {
      const nic = m.nics.find((n) => n.name === GUEST_NICS[m.vm.hypervisor][i]);
      if (!nic?.address) continue;
      if (a.mode === "bridged") return null;
      const host = r.doc.machines[m.vm.hostId] as Machine;
      if (a.mode === "nat" || a.mode === "natnetwork") {
        const via = a.mode === "nat" ? "NAT" : `NAT Network ${a.natNetwork}`;
        t.hop(m.id, m.name, `default route via adapter ${i + 1} (${via})`);
        t.hop(host.id, host.name, `${via}: VirtualBox's NAT engine sends it on from ${host.name}'s own address`);
        return hooks.fromMachine(t, r, host, ip, opts);
      }
      if (a.mode === "libvirt") {
        const n = Object.values(r.doc.libvirtNetworks ?? {}).find((x) => x.hostId === host.id && x.name === a.network);
        if (!n || n.forward === "none") continue;
        t.hop(m.id, m.name, `default route via ${n.bridge} (${n.address.split("/")[0]})`);
        t.hop(
          host.id,
          host.name,
          n.forward === "nat" ? `libvirt NAT: masqueraded to ${host.name}'s address` : `libvirt routed network: forwarded unchanged by ${host.name}`,
        );
        return hooks.fromMachine(t, r, host, ip, opts);
      }
    }
    const modes = m.vm.adapters.filter((a) => a.mode !== "none").map((a) => a.mode);
    const why = `${m.name} has no default route: ${modes.length > 0 ? `its adapters (${modes.join(", ")}) lead nowhere beyond their own segment` : "it has no network adapter"}`;
    t.hop(m.id, m.name, why);
    return t.end("no-route", why) as R;
  }
  if (onLan) return null;
  const all = indexOf(r).attachments.filter((a) => a.ip === ip);
  const direct = all.find((a) => a.vm.vm.hostId === m.id && (a.adapter.mode === "hostonly" || a.adapter.mode === "libvirt") && hostSide(r.doc, a));
  if (direct) {
    const side = hostSide(r.doc, direct) as { name: string };
    const rule =
      direct.adapter.mode === "hostonly"
        ? `host-only: ${side.name} connects ${m.name} with its VMs`
        : `libvirt: traffic between ${m.name} and its guests on ${side.name} is not NATed`;
    t.hop(direct.vm.id, direct.label, rule);
    return hooks.atHost(t, r, direct.vm, ip, opts, false);
  }
  const hidden = all.find((a) => a.vm.vm.hostId === m.id) ?? all[0];
  if (hidden) {
    const fromHost = hidden.vm.vm.hostId === m.id;
    const why = unreachableReason(r, hidden, fromHost);
    t.hop(hidden.vm.id, hidden.label, why);
    return t.end("dropped", why) as R;
  }
  for (const [machineId, owners] of r.addressOwner) {
    const owner = machineId === m.id ? undefined : owners.get(ip);
    if (owner) {
      const where = r.doc.machines[machineId]?.name ?? machineId;
      const why = `${text} is a container address inside ${where}: only ports published on ${where}'s addresses reach it`;
      t.hop(owner.network.id, owner.network.name, why);
      return t.end("dropped", why) as R;
    }
  }
  return null;
}

/**
 * Traffic arriving on a machine's own address that no container took: VirtualBox NAT port forwarding
 * (on the hypervisor host) and services of the machine itself (sshd on a VM). Null when neither.
 * @example arriveVm(t, r, host, "192.168.1.10", { port: 2222 }, false, hooks) // forwarded to vm1:22
 */
export function arriveVm<R extends ResultLike>(
  t: TraceLike,
  r: Resolved,
  m: Machine,
  ipText: string,
  opts: PortOpts,
  fromLoopback: boolean,
  hooks: Hooks<R>,
): R | null {
  if (opts.port === null) return null;
  const proto = opts.proto ?? "tcp";
  const matches = (hostIp: string, hostPort: number, p: string) =>
    hostPort === opts.port && p === proto && (hostIp === "" || hostIp === "0.0.0.0" || hostIp === ipText || (fromLoopback && hostIp.startsWith("127.")));
  const guests = Object.values(r.doc.machines)
    .filter((g): g is VmMachine => isVm(g) && g.vm.hostId === m.id && g.vm.state === "running")
    .sort((a, b) => a.order - b.order);
  for (const g of guests) {
    for (const [i, a] of g.vm.adapters.entries()) {
      if (a.mode !== "nat") continue;
      const rule = a.portForwards.find((f) => matches(f.hostIp, f.hostPort, f.proto));
      if (!rule) continue;
      const guestIp = rule.guestIp || a.lease || `10.0.${2 + i}.15`;
      t.hop(m.id, m.name, `NAT port forwarding rule "${rule.name}": ${rule.hostIp || "*"}:${rule.hostPort}/${proto} → ${g.name} ${guestIp}:${rule.guestPort}`);
      return hooks.atHost(t, r, g, parseIp(guestIp) ?? 0, { port: rule.guestPort, proto }, false);
    }
  }
  for (const n of Object.values(r.doc.natNetworks ?? {}).sort((a, b) => a.order - b.order)) {
    if (n.hostId !== m.id || !n.enabled) continue;
    const rule = n.portForwards.find((f) => matches(f.hostIp, f.hostPort, f.proto));
    if (!rule) continue;
    t.hop(m.id, m.name, `NAT Network ${n.name} port forwarding "${rule.name}": ${rule.hostPort}/${proto} → ${rule.guestIp}:${rule.guestPort}`);
    const target = indexOf(r)
      .bySegment.get(`natnetwork:${m.id}:${n.name}`)
      ?.find((a) => formatIp(a.ip) === rule.guestIp);
    if (!target) return t.end("dropped", `no VM on NAT Network ${n.name} has ${rule.guestIp}`) as R;
    return hooks.atHost(t, r, target.vm, target.ip, { port: rule.guestPort, proto }, false);
  }
  const service = m.services?.find((s) => s.port === opts.port && s.proto === proto);
  if (service) {
    t.hop(m.id, m.name, `a service of ${m.name} listens on ${opts.port}/${proto}`);
    return t.end("reachable", `${m.name} accepts ${opts.port}/${proto}`) as R;
  }
  return null;
}

export type Boundary = "none" | "namespace" | "vm" | "machine";

export interface Isolation {
  /** True when both run on the same kernel. */
  sameKernel: boolean;
  /** The strongest boundary between them. */
  boundary: Boundary;
  /** Machine names from the outermost host down to the kernel each runs on. */
  kernels: [string, string];
  reason: string;
  /** What a compromise of one exposes of the other. */
  exposes: string;
}

/** The chain of kernels a workload runs on: its machine, that machine's hypervisor host, ... */
function kernelChain(doc: Doc, id: string): Machine[] {
  const c = doc.containers[id];
  let m: Machine | undefined = c ? doc.machines[c.machineId] : doc.machines[id];
  const chain: Machine[] = [];
  while (m && chain.length < 8) {
    chain.unshift(m);
    m = m.vm ? doc.machines[m.vm.hostId] : undefined;
  }
  return chain;
}

/**
 * Whether two workloads (container or machine ids) share a kernel, and which boundary separates them.
 * @example isolation(r, webId, dbId).boundary // "namespace": two containers on one engine
 */
export function isolation(r: Resolved, a: string, b: string): Isolation {
  const doc = r.doc;
  const name = (id: string) => doc.containers[id]?.name ?? doc.machines[id]?.name ?? id;
  const ka = kernelChain(doc, a);
  const kb = kernelChain(doc, b);
  const kernels: [string, string] = [ka.at(-1)?.name ?? "?", kb.at(-1)?.name ?? "?"];
  if (a === b) return { sameKernel: true, boundary: "none", kernels, reason: "the same workload", exposes: "everything" };
  const sameKernel = ka.length > 0 && ka.at(-1) === kb.at(-1);
  if (sameKernel) {
    const ca = doc.containers[a];
    const cb = doc.containers[b];
    const kernel = kernels[0];
    if (!ca || !cb) {
      const ctr = ca ?? cb;
      return {
        sameKernel,
        boundary: "namespace",
        kernels,
        reason: `${ctr?.name ?? "the container"} runs on ${kernel}'s kernel, separated only by namespaces and cgroups`,
        exposes: `a container escape or kernel exploit gives ${kernel} itself`,
      };
    }
    const shared =
      ca.networkMode === `container:${cb.id}` || cb.networkMode === `container:${ca.id}` || (ca.networkMode === "host" && cb.networkMode === "host");
    return {
      sameKernel,
      boundary: "namespace",
      kernels,
      reason: `${ca.name} and ${cb.name} share ${kernel}'s kernel; namespaces and cgroups separate them${shared ? ", and they even share a network namespace" : ""}`,
      exposes: `a kernel exploit in one reaches the other and everything else on ${kernel}`,
    };
  }
  let common = 0;
  while (common < ka.length && ka[common] === kb[common]) common++;
  const sharedHost = common > 0 ? ka[common - 1] : undefined;
  if (sharedHost) {
    return {
      sameKernel,
      boundary: "vm",
      kernels,
      reason: `${name(a)} and ${name(b)} run on different kernels on the same hardware: ${sharedHost.name}'s hypervisor separates them`,
      exposes: "only what the network between them allows, unless the hypervisor itself is broken out of",
    };
  }
  return {
    sameKernel,
    boundary: "machine",
    kernels,
    reason: `${name(a)} and ${name(b)} run on different physical machines`,
    exposes: "only what the network between them allows",
  };
}

/** Above this many workloads only machine pairs are listed: the table grows with the square. */
const ISOLATION_ROWS_LIMIT = 40;

/**
 * The isolation table of `dockside resolve`: every pair of machines, and every pair of workloads
 * (machines and containers) while the document is small.
 * @example isolationRows(resolve(doc))[0] // { a: "host", b: "vm1", sameKernel: false, boundary: "vm", ... }
 */
export function isolationRows(r: Resolved): { a: string; b: string; sameKernel: boolean; boundary: string; reason: string }[] {
  const machines = Object.values(r.doc.machines).sort((x, y) => x.order - y.order);
  const workloads: { id: string; name: string }[] = machines.map((m) => ({ id: m.id, name: m.name }));
  if (machines.length + r.order.length <= ISOLATION_ROWS_LIMIT) workloads.push(...r.order.map((v) => ({ id: v.c.id, name: v.c.name })));
  const rows = [];
  for (let i = 0; i < workloads.length; i++) {
    for (let j = i + 1; j < workloads.length; j++) {
      const a = workloads[i] as { id: string; name: string };
      const b = workloads[j] as { id: string; name: string };
      const x = isolation(r, a.id, b.id);
      rows.push({ a: a.name, b: b.name, sameKernel: x.sameKernel, boundary: x.boundary, reason: x.reason });
    }
  }
  return rows;
}

/**
 * Whether a VM gets to the internet: through its first adapter with a way out (NAT and NAT Network
 * leave from the host, libvirt NAT/routed networks too, bridged from the LAN it lands on).
 * @example vmOnline(r, "m-vm1") // true for a NAT VM on a host whose LAN has a router to the internet
 */
export function vmOnline(r: Resolved, machineId: string, depth = 0): boolean {
  const m = r.doc.machines[machineId];
  if (!isVm(m) || m.vm.state !== "running" || depth > 4) return false;
  const hostOnline = () => {
    const host = r.doc.machines[m.vm.hostId];
    if (!host) return false;
    if (host.vm) return vmOnline(r, host.id, depth + 1);
    return host.nics.some((n) => {
      const lan = n.lanId ? r.doc.lans[n.lanId] : undefined;
      return !!lan && lan.internet && lan.router !== null;
    });
  };
  for (const [i, a] of m.vm.adapters.entries()) {
    const nic = m.nics.find((n) => n.name === GUEST_NICS[m.vm.hypervisor][i]);
    if (!nic?.address) continue;
    if (a.mode === "nat" || a.mode === "natnetwork") return hostOnline();
    if (a.mode === "libvirt") {
      const n = Object.values(r.doc.libvirtNetworks ?? {}).find((x) => x.hostId === m.vm.hostId && x.name === a.network);
      if (n && n.forward !== "none") return hostOnline();
    }
    if (a.mode === "bridged") {
      const lan = nic.lanId ? r.doc.lans[nic.lanId] : undefined;
      return !!lan && lan.internet && lan.router !== null;
    }
  }
  return false;
}
