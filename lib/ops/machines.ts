/**
 * Ops on LANs, machines, VMs and hypervisor networks. VirtualBox's and libvirt's checks refuse with
 * their own words; DHCP leases are handed out when a VM starts, in start order, and stored (like
 * container addresses) because the order VMs booted decides who got which address.
 */
import {
  type Adapter,
  builtinNetworks,
  cidrContains,
  type Doc,
  formatIp,
  type HostOnlyNetwork,
  type Machine,
  newEngine,
  type PortForward,
  parseCidr,
  parseIp,
} from "../model";
import { GUEST_NICS } from "../sim/vm";
import { OpError } from "./apply";
import type { OpOf } from "./schema";

function fail(code: string, message: string): never {
  throw new OpError(code, message);
}

export function emptyAdapter(mode: Adapter["mode"] = "none"): Adapter {
  return { mode, portForwards: [], natNetwork: null, intnet: null, hostOnly: null, bridge: null, network: null, lease: null };
}

function nextOrder(doc: Doc): number {
  doc.clock += 1;
  return doc.clock;
}

function machine(doc: Doc, id: string): Machine {
  const m = doc.machines[id];
  if (!m) fail("machine.missing", `no such machine: ${id}`);
  return m;
}

function vmOf(doc: Doc, id: string): Machine & { vm: NonNullable<Machine["vm"]> } {
  const m = machine(doc, id);
  if (!m.vm) fail("machine.not-vm", `${m.name} is not a virtual machine`);
  return m as Machine & { vm: NonNullable<Machine["vm"]> };
}

function checkCidr(text: string, what: string): NonNullable<ReturnType<typeof parseCidr>> {
  const c = parseCidr(text);
  if (!c) fail("cidr.invalid", `invalid ${what}: ${text} (expected an address with a prefix, like 192.168.1.0/24)`);
  return c;
}

export function createLan(doc: Doc, op: OpOf<"lan.create">): void {
  if (doc.lans[op.id]) fail("lan.exists", `LAN ${op.id} already exists`);
  if (Object.values(doc.lans).some((l) => l.name === op.name)) fail("lan.exists", `a LAN named ${op.name} already exists`);
  const subnet = checkCidr(op.subnet, "subnet");
  const subnetText = `${formatIp(subnet.base)}/${subnet.prefix}`;
  if (op.router !== null) {
    const r = parseIp(op.router);
    if (r === null || !cidrContains(subnet, r)) fail("lan.router", `router ${op.router} is not in ${subnetText}`);
  }
  doc.lans[op.id] = { id: op.id, name: op.name, subnet: subnetText, router: op.router, internet: op.internet, order: nextOrder(doc) };
}

export function createMachine(doc: Doc, op: OpOf<"machine.create">): void {
  if (doc.machines[op.id]) fail("machine.exists", `machine ${op.id} already exists`);
  if (Object.values(doc.machines).some((m) => m.name === op.name)) fail("machine.name", `a machine named ${op.name} already exists`);
  if ((op.kind === "vm") !== (op.vm !== null)) fail("machine.kind", "a VM needs its hypervisor host, and only a VM has one");
  const order = nextOrder(doc);
  const m: Machine = { id: op.id, name: op.name, kind: op.kind, nics: [], engine: null, order };
  if (op.vm) {
    const host = machine(doc, op.vm.hostId);
    if (host.kind !== "host") fail("vm.host", `${host.name} is not a physical host`);
    const first = op.vm.hypervisor === "kvm" ? { ...emptyAdapter("libvirt"), network: "default" } : emptyAdapter("nat");
    m.vm = { ...op.vm, state: "poweroff", adapters: [first, emptyAdapter(), emptyAdapter(), emptyAdapter()] };
    // A server image: sshd listens, so NAT port-forwarding rules to port 22 have something to reach.
    m.services = [{ port: 22, proto: "tcp" }];
    syncNics(doc, m);
  } else if (op.lanId !== null || op.address !== null) {
    if (op.lanId !== null && !doc.lans[op.lanId]) fail("lan.missing", `no such LAN: ${op.lanId}`);
    if (op.address !== null) checkAddress(doc, op.lanId, op.address, null);
    m.nics.push({ name: "eth0", lanId: op.lanId, address: op.address });
  }
  if (op.engineNetworkIds) {
    m.engine = newEngine();
    const ids = [...op.engineNetworkIds];
    const source = { hex64: () => ids.shift() as string };
    const nets = builtinNetworks(op.id, source, op.at, order + 1);
    doc.clock = order + 3;
    for (const n of nets) doc.networks[n.id] = n;
  }
  doc.machines[op.id] = m;
}

/** A hand-set address must fit the LAN and not be held by another machine on it. */
function checkAddress(doc: Doc, lanId: string | null, address: string, self: string | null): void {
  const c = checkCidr(address, "address");
  if (lanId === null) return;
  const lan = doc.lans[lanId];
  const subnet = lan ? parseCidr(lan.subnet) : null;
  if (!lan || !subnet) return;
  if (!cidrContains(subnet, c.ip)) fail("address.subnet", `${address} is not in ${lan.name} (${lan.subnet})`);
  if (lan.router !== null && parseIp(lan.router) === c.ip) fail("address.used", `RTNETLINK answers: File exists (${lan.router} is the router)`);
  for (const m of Object.values(doc.machines)) {
    if (m.id === self) continue;
    if (m.nics.some((n) => n.lanId === lanId && n.address && parseCidr(n.address)?.ip === c.ip)) {
      fail("address.used", `${formatIp(c.ip)} is already used on ${lan.name} by ${m.name}`);
    }
  }
}

export function removeMachine(doc: Doc, op: OpOf<"machine.remove">): void {
  const m = machine(doc, op.machineId);
  const guests = Object.values(doc.machines).filter((g) => g.vm?.hostId === m.id);
  if (guests.length > 0) fail("machine.has-vms", `${m.name} runs virtual machines (${guests.map((g) => g.name).join(", ")}): remove them first`);
  if (m.vm?.state === "running") fail("vm.locked", `Cannot unregister the machine '${m.name}' while it is locked`);
  for (const c of Object.values(doc.containers)) {
    if (c.machineId === m.id) {
      delete doc.containers[c.id];
      delete doc.layout[c.id];
    }
  }
  for (const n of Object.values(doc.networks)) {
    if (n.machineId === m.id) {
      delete doc.networks[n.id];
      delete doc.layout[n.id];
    }
  }
  for (const table of [doc.natNetworks, doc.hostOnlyNetworks, doc.libvirtNetworks]) {
    for (const n of Object.values(table ?? {})) if (n.hostId === m.id) delete table?.[n.id];
  }
  for (const v of Object.values(doc.volumes ?? {})) if (v.machineId === m.id) delete doc.volumes?.[v.id];
  delete doc.machines[m.id];
  delete doc.layout[m.id];
}

export function setAddress(doc: Doc, op: OpOf<"machine.setAddress">): void {
  const m = machine(doc, op.machineId);
  const nic = m.nics.find((n) => n.name === op.nic);
  if (!nic) fail("nic.missing", `Cannot find device "${op.nic}"`);
  if (op.address !== null) checkAddress(doc, nic.lanId, op.address, m.id);
  nic.address = op.address;
}

export function setServices(doc: Doc, op: OpOf<"machine.setServices">): void {
  machine(doc, op.machineId).services = op.services;
}

/** VirtualBox refuses to reconfigure a running VM: modifyvm needs the session lock. */
function checkLocked(m: Machine): void {
  if (m.vm?.state === "running") {
    fail("vm.locked", `The machine '${m.name}' is already locked for a session (or being unlocked)`);
  }
}

export function setAdapter(doc: Doc, op: OpOf<"vm.setAdapter">): void {
  const m = vmOf(doc, op.machineId);
  checkLocked(m);
  const a = m.vm.adapters[op.slot - 1] as Adapter;
  a.mode = op.mode;
  if (op.natNetwork !== undefined) a.natNetwork = op.natNetwork;
  if (op.intnet !== undefined) a.intnet = op.intnet;
  if (op.hostOnly !== undefined) a.hostOnly = op.hostOnly;
  if (op.bridge !== undefined) a.bridge = op.bridge;
  if (op.network !== undefined) a.network = op.network;
  // VirtualBox fills in the defaults its GUI shows when a mode is chosen without a name.
  if (a.mode === "intnet" && a.intnet === null) a.intnet = "intnet";
  if (a.mode === "natnetwork" && a.natNetwork === null) a.natNetwork = "NatNetwork";
  if (a.mode === "libvirt" && a.network === null) a.network = "default";
  syncNics(doc, m);
}

function checkRule(rules: PortForward[], rule: PortForward): void {
  if (rules.some((r) => r.name === rule.name)) fail("natpf.name", "A NAT rule of this name already exists");
  if (rules.some((r) => r.proto === rule.proto && r.hostPort === rule.hostPort && r.hostIp === rule.hostIp)) {
    fail("natpf.port", "A NAT rule for this host port and this host IP already exists");
  }
}

export function addPortForward(doc: Doc, op: OpOf<"vm.addPortForward">): void {
  const m = vmOf(doc, op.machineId);
  const a = m.vm.adapters[op.slot - 1] as Adapter;
  checkRule(a.portForwards, op.rule);
  a.portForwards.push(op.rule);
}

export function removePortForward(doc: Doc, op: OpOf<"vm.removePortForward">): void {
  const m = vmOf(doc, op.machineId);
  const a = m.vm.adapters[op.slot - 1] as Adapter;
  if (!a.portForwards.some((r) => r.name === op.name)) fail("natpf.missing", `A NAT rule of this name does not exist`);
  a.portForwards = a.portForwards.filter((r) => r.name !== op.name);
}

function hostOnlyOf(doc: Doc, hostId: string, name: string | null): HostOnlyNetwork | undefined {
  return Object.values(doc.hostOnlyNetworks ?? {}).find((h) => h.hostId === hostId && h.name === name);
}

/** Addresses already leased or set on a segment, by everyone but `self`. */
function taken(doc: Doc, self: string, same: (m: Machine, slot: number) => boolean): Set<number> {
  const used = new Set<number>();
  for (const m of Object.values(doc.machines)) {
    if (m.id === self) continue;
    if (m.vm) {
      m.vm.adapters.forEach((a, i) => {
        if (!same(m, i)) return;
        const nic = m.nics.find((n) => n.name === nicName(m, i));
        const ip = a.lease ? parseIp(a.lease) : nic?.address ? (parseCidr(nic.address)?.ip ?? null) : null;
        if (ip !== null) used.add(ip);
      });
    }
  }
  return used;
}

function firstFree(from: number, to: number, used: Set<number>): number | null {
  for (let ip = from; ip <= to; ip++) if (!used.has(ip)) return ip;
  return null;
}

export function nicName(m: Machine, slot0: number): string {
  return GUEST_NICS[m.vm?.hypervisor ?? "virtualbox"][slot0] as string;
}

/** The LAN a bridged adapter lands on: the LAN of the host NIC it bridges to. */
export function bridgedLan(doc: Doc, m: Machine, a: Adapter): string | null {
  const host = m.vm ? doc.machines[m.vm.hostId] : undefined;
  const nic = host?.nics.find((n) => n.name === (a.bridge ?? "eth0"));
  return nic?.lanId ?? null;
}

/** The prefix length of the segment an adapter is on, for the guest's `ip addr`. */
function prefixOf(doc: Doc, m: Machine, a: Adapter): number {
  const hostId = m.vm?.hostId ?? "";
  switch (a.mode) {
    case "nat":
      return 24;
    case "natnetwork": {
      const n = Object.values(doc.natNetworks ?? {}).find((x) => x.hostId === hostId && x.name === a.natNetwork);
      return n ? (parseCidr(n.network)?.prefix ?? 24) : 24;
    }
    case "hostonly": {
      const h = hostOnlyOf(doc, hostId, a.hostOnly);
      return h ? (parseCidr(h.address)?.prefix ?? 24) : 24;
    }
    case "bridged": {
      const lanId = bridgedLan(doc, m, a);
      const lan = lanId ? doc.lans[lanId] : undefined;
      return lan ? (parseCidr(lan.subnet)?.prefix ?? 24) : 24;
    }
    case "libvirt": {
      const n = Object.values(doc.libvirtNetworks ?? {}).find((x) => x.hostId === hostId && x.name === a.network);
      return n ? (parseCidr(n.address)?.prefix ?? 24) : 24;
    }
    default:
      return 24;
  }
}

/** Rebuilds the guest's interfaces from its adapters, keeping addresses set by hand. */
function syncNics(doc: Doc, m: Machine): void {
  if (!m.vm) return;
  const before = new Map(m.nics.map((n) => [n.name, n.address]));
  m.nics = [];
  m.vm.adapters.forEach((a, i) => {
    if (a.mode === "none") return;
    const name = nicName(m, i);
    const lanId = a.mode === "bridged" ? bridgedLan(doc, m, a) : null;
    const address = a.lease ? `${a.lease}/${prefixOf(doc, m, a)}` : m.vm?.state === "running" ? (before.get(name) ?? null) : null;
    m.nics.push({ name, lanId, address });
  });
}

/** What DHCP hands adapter `i` of `m` as it boots, or null when nobody serves the segment. */
function lease(doc: Doc, m: Machine & { vm: NonNullable<Machine["vm"]> }, i: number): string | null {
  const a = m.vm.adapters[i] as Adapter;
  const hostId = m.vm.hostId;
  switch (a.mode) {
    case "nat":
      // Each NAT adapter has its own private network: 10.0.2.0/24 for the first card, 10.0.3.0 next.
      return `10.0.${2 + i}.15`;
    case "natnetwork": {
      const n = Object.values(doc.natNetworks ?? {}).find((x) => x.hostId === hostId && x.name === a.natNetwork);
      if (!n) fail("vbox.natnetwork", `Failed to start VM: the NAT network '${a.natNetwork}' does not exist (VERR_INTERNAL_ERROR)`);
      const c = parseCidr(n.network);
      if (!n.dhcp || !c) return null;
      const used = taken(doc, m.id, (o, j) => o.vm?.hostId === hostId && o.vm.adapters[j]?.mode === "natnetwork" && o.vm.adapters[j]?.natNetwork === n.name);
      const ip = firstFree(c.base + 4, c.base + 2 ** (32 - c.prefix) - 2, used);
      return ip === null ? null : formatIp(ip);
    }
    case "hostonly": {
      const h = hostOnlyOf(doc, hostId, a.hostOnly);
      if (!h) fail("vbox.hostonly", `Nonexistent host networking interface, name '${a.hostOnly ?? ""}' (VERR_INTERNAL_ERROR)`);
      if (!h.dhcp) return null;
      const used = taken(doc, m.id, (o, j) => o.vm?.hostId === hostId && o.vm.adapters[j]?.mode === "hostonly" && o.vm.adapters[j]?.hostOnly === h.name);
      const ip = firstFree(parseIp(h.dhcpLower) as number, parseIp(h.dhcpUpper) as number, used);
      return ip === null ? null : formatIp(ip);
    }
    case "bridged": {
      const host = doc.machines[hostId];
      const hostNic = host?.nics.find((n) => n.name === (a.bridge ?? "eth0"));
      if (!hostNic) fail("vbox.bridge", `Nonexistent host networking interface, name '${a.bridge ?? ""}' (VERR_INTERNAL_ERROR)`);
      const lan = hostNic.lanId ? doc.lans[hostNic.lanId] : undefined;
      const c = lan ? parseCidr(lan.subnet) : null;
      // The LAN's DHCP server lives on its router; a segment without one hands out nothing.
      if (!lan || !c || lan.router === null) return null;
      const used = new Set<number>([parseIp(lan.router) as number]);
      for (const o of Object.values(doc.machines)) {
        if (o.id === m.id) continue;
        for (const n of o.nics) if (n.lanId === lan.id && n.address) used.add(parseCidr(n.address)?.ip ?? -1);
      }
      const ip = firstFree(c.base + 100, c.base + 2 ** (32 - c.prefix) - 2, used);
      return ip === null ? null : formatIp(ip);
    }
    case "libvirt": {
      const n = Object.values(doc.libvirtNetworks ?? {}).find((x) => x.hostId === hostId && x.name === a.network);
      if (!n) fail("libvirt.network", `Network not found: no network with matching name '${a.network ?? ""}'`);
      if (!n.active) fail("libvirt.inactive", `Requested operation is not valid: network '${n.name}' is not active`);
      if (n.dhcpStart === null || n.dhcpEnd === null) return null;
      const used = taken(doc, m.id, (o, j) => o.vm?.hostId === hostId && o.vm.adapters[j]?.mode === "libvirt" && o.vm.adapters[j]?.network === n.name);
      const ip = firstFree(parseIp(n.dhcpStart) as number, parseIp(n.dhcpEnd) as number, used);
      return ip === null ? null : formatIp(ip);
    }
    default:
      return null;
  }
}

export function startVm(doc: Doc, op: OpOf<"vm.start">): void {
  const m = vmOf(doc, op.machineId);
  if (m.vm.state === "running") fail("vm.locked", `The machine '${m.name}' is already locked by a session (or being locked or unlocked)`);
  m.vm.state = "running";
  // Leases are handed out one adapter at a time, so two adapters on one segment get different ones.
  m.vm.adapters.forEach((a, i) => {
    a.lease = null;
    a.lease = lease(doc, m, i);
    syncNics(doc, m);
  });
}

export function poweroffVm(doc: Doc, op: OpOf<"vm.poweroff">): void {
  const m = vmOf(doc, op.machineId);
  if (m.vm.state !== "running") fail("vm.not-running", `Machine in invalid state 1 -- powered off`);
  m.vm.state = "poweroff";
  for (const a of m.vm.adapters) a.lease = null;
  syncNics(doc, m);
  // The guest's kernel is gone, and with it every container it ran.
  for (const c of Object.values(doc.containers)) {
    if (c.machineId !== m.id || c.state !== "running") continue;
    c.state = "exited";
    c.exitCode = 255;
    for (const ep of c.endpoints) ep.ip = null;
    for (const p of c.ports) p.assigned = null;
  }
}

export function createNatNetwork(doc: Doc, op: OpOf<"natnetwork.create">): void {
  const host = machine(doc, op.hostId);
  doc.natNetworks ??= {};
  if (Object.values(doc.natNetworks).some((n) => n.hostId === host.id && n.name === op.name)) {
    fail("natnetwork.exists", `NATNetwork server already exists`);
  }
  const c = checkCidr(op.network, "network");
  doc.natNetworks[op.id] = {
    id: op.id,
    hostId: host.id,
    name: op.name,
    network: `${formatIp(c.base)}/${c.prefix}`,
    enabled: op.enabled,
    dhcp: op.dhcp,
    portForwards: [],
    order: nextOrder(doc),
  };
}

export function removeNatNetwork(doc: Doc, op: OpOf<"natnetwork.remove">): void {
  const n = doc.natNetworks?.[op.natNetworkId];
  if (!n) fail("natnetwork.missing", `NATNetwork server does not exist`);
  delete doc.natNetworks?.[n.id];
}

export function addNatNetworkPortForward(doc: Doc, op: OpOf<"natnetwork.addPortForward">): void {
  const n = doc.natNetworks?.[op.natNetworkId];
  if (!n) fail("natnetwork.missing", `NATNetwork server does not exist`);
  checkRule(n.portForwards, op.rule);
  n.portForwards.push(op.rule);
}

export function createHostOnly(doc: Doc, op: OpOf<"hostonly.create">): void {
  const host = machine(doc, op.hostId);
  doc.hostOnlyNetworks ??= {};
  if (hostOnlyOf(doc, host.id, op.name) || host.nics.some((n) => n.name === op.name)) fail("hostonly.exists", `Interface '${op.name}' already exists`);
  const c = checkCidr(op.address, "address");
  // VirtualBox's DHCP server sits at .100 and leases .101 to .254 of the /24 it was created for.
  const base24 = (c.ip & 0xffffff00) >>> 0;
  doc.hostOnlyNetworks[op.id] = {
    id: op.id,
    hostId: host.id,
    name: op.name,
    address: op.address,
    dhcp: op.dhcp,
    dhcpLower: formatIp(base24 + 101),
    dhcpUpper: formatIp(base24 + 254),
    order: nextOrder(doc),
  };
  host.nics.push({ name: op.name, lanId: null, address: op.address });
}

export function defineLibvirtNetwork(doc: Doc, op: OpOf<"libvirt.netDefine">): void {
  const host = machine(doc, op.hostId);
  doc.libvirtNetworks ??= {};
  if (Object.values(doc.libvirtNetworks).some((n) => n.hostId === host.id && n.name === op.name)) {
    fail("libvirt.exists", `operation failed: network '${op.name}' already exists`);
  }
  checkCidr(op.address, "address");
  doc.libvirtNetworks[op.id] = {
    id: op.id,
    hostId: host.id,
    name: op.name,
    bridge: op.bridge,
    address: op.address,
    forward: op.forward,
    dhcpStart: op.dhcpStart,
    dhcpEnd: op.dhcpEnd,
    active: true,
    order: nextOrder(doc),
  };
  if (!host.nics.some((n) => n.name === op.bridge)) host.nics.push({ name: op.bridge, lanId: null, address: op.address });
}
