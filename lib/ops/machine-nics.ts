/**
 * Machines' and VM guests' interfaces, and the lookups the machine and VM families share: a guest's NIC
 * names and prefixes follow its adapters, so both families rebuild them the same way.
 */
import { type Adapter, type Doc, type HostOnlyNetwork, type Machine, parseCidr } from "../model";
import { GUEST_NICS } from "../sim/vm";
import { fail } from "./errors";

export function emptyAdapter(mode: Adapter["mode"] = "none"): Adapter {
  return { mode, portForwards: [], natNetwork: null, intnet: null, hostOnly: null, bridge: null, network: null, lease: null };
}

export function nextOrder(doc: Doc): number {
  doc.clock += 1;
  return doc.clock;
}

export function machine(doc: Doc, id: string): Machine {
  const m = doc.machines[id];
  if (!m) fail("machine.missing", `no such machine: ${id}`);
  return m;
}

export function vmOf(doc: Doc, id: string): Machine & { vm: NonNullable<Machine["vm"]> } {
  const m = machine(doc, id);
  if (!m.vm) fail("machine.not-vm", `${m.name} is not a virtual machine`);
  return m as Machine & { vm: NonNullable<Machine["vm"]> };
}

export function checkCidr(text: string, what: string): NonNullable<ReturnType<typeof parseCidr>> {
  const c = parseCidr(text);
  if (!c) fail("cidr.invalid", `invalid ${what}: ${text} (expected an address with a prefix, like 192.168.1.0/24)`);
  return c;
}

export function hostOnlyOf(doc: Doc, hostId: string, name: string | null): HostOnlyNetwork | undefined {
  return Object.values(doc.hostOnlyNetworks ?? {}).find((h) => h.hostId === hostId && h.name === name);
}

export function nicName(m: Machine, slot0: number): string {
  return GUEST_NICS[m.vm?.hypervisor ?? "virtualbox"][slot0] as string;
}

/** The LAN a bridged adapter lands on: the LAN of the host NIC it bridges to. */
function bridgedLan(doc: Doc, m: Machine, a: Adapter): string | null {
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
export function syncNics(doc: Doc, m: Machine): void {
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
