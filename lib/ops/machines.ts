/**
 * The machines family: LANs, hosts and VMs as machines (create, remove, addresses set by hand, the
 * services a machine runs). A guest's adapters and its hypervisor's networks are the vms family.
 */
import { z } from "zod";
import { builtinNetworks, cidrContains, type Doc, formatIp, ListenerSchema, type Machine, newEngine, parseCidr, parseIp } from "../model";
import { fail } from "./errors";
import { defineFamily, type OpIn } from "./family";
import { at, hex64, id, ip, name } from "./fields";
import { ended, restoreContainers } from "./lifecycle";
import { checkCidr, emptyAdapter, machine, nextOrder, syncNics } from "./machine-nics";
import { signalOutcome, stopSignalOf } from "./signals";

const MACHINE_OPS = [
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
  /**
   * `systemctl reload|restart docker`: the daemon loads daemon.json again (its insecure registries); a
   * restart also stops its running containers and restores them as their restart policies say.
   */
  z.strictObject({
    type: z.literal("engine.configure"),
    machineId: id,
    insecureRegistries: z.array(z.string().min(1).max(255)).max(32),
    restart: z.boolean(),
    at,
  }),
] as const;

type OpOf<T extends string> = OpIn<typeof MACHINE_OPS, T>;

function createLan(doc: Doc, op: OpOf<"lan.create">): void {
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

function createMachine(doc: Doc, op: OpOf<"machine.create">): void {
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

function removeMachine(doc: Doc, op: OpOf<"machine.remove">): void {
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
  for (const i of Object.values(doc.images ?? {})) if (i.machineId === m.id) delete doc.images?.[i.id];
  delete doc.machines[m.id];
  delete doc.layout[m.id];
}

function setAddress(doc: Doc, op: OpOf<"machine.setAddress">): void {
  const m = machine(doc, op.machineId);
  const nic = m.nics.find((n) => n.name === op.nic);
  if (!nic) fail("nic.missing", `Cannot find device "${op.nic}"`);
  if (op.address !== null) checkAddress(doc, nic.lanId, op.address, m.id);
  nic.address = op.address;
}

function setServices(doc: Doc, op: OpOf<"machine.setServices">): void {
  machine(doc, op.machineId).services = op.services;
}

function configureEngine(doc: Doc, op: OpOf<"engine.configure">): void {
  const m = machine(doc, op.machineId);
  if (!m.engine) fail("machine.no-engine", `machine ${m.name} runs no Docker Engine`);
  if (op.insecureRegistries.length > 0) m.engine.insecureRegistries = op.insecureRegistries;
  else delete m.engine.insecureRegistries;
  if (!op.restart) return;
  // The daemon's shutdown stops each container with its stop signal (killing what ignores it), then its restore.
  for (const c of Object.values(doc.containers)) {
    if (c.machineId !== m.id || c.state !== "running") continue;
    // A frozen process handles nothing: only the KILL after the timeout ends it.
    ended(doc, c, (c.paused ? null : signalOutcome(c, stopSignalOf(c))) ?? 137, op.at, false);
  }
  restoreContainers(doc, m.id, op.at);
}

export const machinesFamily = defineFamily("machines", MACHINE_OPS, {
  "engine.configure": configureEngine,
  "lan.create": createLan,
  "machine.create": createMachine,
  "machine.remove": removeMachine,
  "machine.setAddress": setAddress,
  "machine.setServices": setServices,
});
