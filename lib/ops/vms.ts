/**
 * The vms family: a guest's adapters, port forwards and power, and the hypervisors' own networks
 * (VirtualBox NAT networks and host-only interfaces, libvirt networks). VirtualBox's and libvirt's
 * checks refuse with their own words.
 */
import { z } from "zod";
import {
  type Adapter,
  AdapterModeSchema,
  type Doc,
  formatIp,
  HostOnlyNetworkSchema,
  LibvirtNetworkSchema,
  type Machine,
  NatNetworkSchema,
  type PortForward,
  PortForwardSchema,
} from "../model";
import { fail } from "./errors";
import { defineFamily, type OpIn } from "./family";
import { at, id } from "./fields";
import { lease } from "./leases";
import { restoreContainers } from "./lifecycle";
import { checkCidr, hostOnlyOf, machine, nextOrder, syncNics, vmOf } from "./machine-nics";

export const VM_OPS = [
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
  /** `at`: when the guest booted; its engine's restored containers start then. */
  z.strictObject({ type: z.literal("vm.start"), machineId: id, at: at.optional() }),
  z.strictObject({ type: z.literal("vm.poweroff"), machineId: id }),
  /** `VBoxManage natnetwork add`: the network as the document stores it, but for its port forwards (none yet) and order. */
  z.strictObject({
    type: z.literal("natnetwork.create"),
    ...NatNetworkSchema.pick({ id: true, hostId: true, name: true, network: true, enabled: true, dhcp: true }).shape,
  }),
  z.strictObject({ type: z.literal("natnetwork.remove"), natNetworkId: id }),
  z.strictObject({ type: z.literal("natnetwork.addPortForward"), natNetworkId: id, rule: PortForwardSchema }),
  /** `VBoxManage hostonlyif create`: the interface as the document stores it, but for its DHCP range (from the address) and order. */
  z.strictObject({
    type: z.literal("hostonly.create"),
    ...HostOnlyNetworkSchema.pick({ id: true, hostId: true, name: true, address: true, dhcp: true }).shape,
  }),
  /** `virsh net-define`: the network as the document stores it, but for what defining decides (inactive, its order). */
  LibvirtNetworkSchema.omit({ active: true, order: true }).extend({ type: z.literal("libvirt.netDefine") }),
  /** `virsh net-start` / `virsh net-destroy`: bring a defined libvirt network's bridge up or down. */
  z.strictObject({ type: z.literal("libvirt.netStart"), networkId: id }),
  z.strictObject({ type: z.literal("libvirt.netDestroy"), networkId: id }),
] as const;

type OpOf<T extends string> = OpIn<typeof VM_OPS, T>;

/** VirtualBox refuses to reconfigure a running VM: modifyvm needs the session lock. */
function checkLocked(m: Machine): void {
  if (m.vm?.state === "running") {
    fail("vm.locked", `The machine '${m.name}' is already locked for a session (or being unlocked)`);
  }
}

function setAdapter(doc: Doc, op: OpOf<"vm.setAdapter">): void {
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

function addPortForward(doc: Doc, op: OpOf<"vm.addPortForward">): void {
  const m = vmOf(doc, op.machineId);
  const a = m.vm.adapters[op.slot - 1] as Adapter;
  checkRule(a.portForwards, op.rule);
  a.portForwards.push(op.rule);
}

function removePortForward(doc: Doc, op: OpOf<"vm.removePortForward">): void {
  const m = vmOf(doc, op.machineId);
  const a = m.vm.adapters[op.slot - 1] as Adapter;
  if (!a.portForwards.some((r) => r.name === op.name)) fail("natpf.missing", `A NAT rule of this name does not exist`);
  a.portForwards = a.portForwards.filter((r) => r.name !== op.name);
}

function startVm(doc: Doc, op: OpOf<"vm.start">): void {
  const m = vmOf(doc, op.machineId);
  if (m.vm.state === "running") fail("vm.locked", `The machine '${m.name}' is already locked by a session (or being locked or unlocked)`);
  m.vm.state = "running";
  // Leases are handed out one adapter at a time, so two adapters on one segment get different ones.
  m.vm.adapters.forEach((a, i) => {
    a.lease = null;
    a.lease = lease(doc, m, i);
    syncNics(doc, m);
  });
  // The guest's Docker engine starts at boot and restores what the restart policies ask for.
  restoreContainers(doc, m.id, op.at ?? 0);
}

function poweroffVm(doc: Doc, op: OpOf<"vm.poweroff">): void {
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

function createNatNetwork(doc: Doc, op: OpOf<"natnetwork.create">): void {
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

function removeNatNetwork(doc: Doc, op: OpOf<"natnetwork.remove">): void {
  const n = doc.natNetworks?.[op.natNetworkId];
  if (!n) fail("natnetwork.missing", `NATNetwork server does not exist`);
  delete doc.natNetworks?.[n.id];
}

function addNatNetworkPortForward(doc: Doc, op: OpOf<"natnetwork.addPortForward">): void {
  const n = doc.natNetworks?.[op.natNetworkId];
  if (!n) fail("natnetwork.missing", `NATNetwork server does not exist`);
  checkRule(n.portForwards, op.rule);
  n.portForwards.push(op.rule);
}

function createHostOnly(doc: Doc, op: OpOf<"hostonly.create">): void {
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

function defineLibvirtNetwork(doc: Doc, op: OpOf<"libvirt.netDefine">): void {
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

/** Brings a network's bridge (and the host's address on it) up or down, refusing as libvirt does. */
function setLibvirtActive(doc: Doc, networkId: string, active: boolean): void {
  const n = doc.libvirtNetworks?.[networkId];
  if (!n) fail("libvirt.missing", `Network not found: no network with matching uuid '${networkId}'`);
  if (active && n.active) fail("libvirt.active", "Requested operation is not valid: network is already active");
  if (!active && !n.active) fail("libvirt.inactive", `Requested operation is not valid: network '${n.name}' is not active`);
  n.active = active;
  const host = doc.machines[n.hostId];
  if (!host) return;
  if (active && !host.nics.some((x) => x.name === n.bridge)) host.nics.push({ name: n.bridge, lanId: null, address: n.address });
  if (!active) host.nics = host.nics.filter((x) => x.name !== n.bridge);
}

export const vmsFamily = defineFamily("vms", VM_OPS, {
  "vm.setAdapter": setAdapter,
  "vm.addPortForward": addPortForward,
  "vm.removePortForward": removePortForward,
  "vm.start": startVm,
  "vm.poweroff": poweroffVm,
  "natnetwork.create": createNatNetwork,
  "natnetwork.remove": removeNatNetwork,
  "natnetwork.addPortForward": addNatNetworkPortForward,
  "hostonly.create": createHostOnly,
  "libvirt.netDefine": defineLibvirtNetwork,
  "libvirt.netStart": (doc: Doc, op: OpOf<"libvirt.netStart">) => setLibvirtActive(doc, op.networkId, true),
  "libvirt.netDestroy": (doc: Doc, op: OpOf<"libvirt.netDestroy">) => setLibvirtActive(doc, op.networkId, false),
});
