/**
 * Which hypervisor segment each adapter of a running VM plugs into (a VM's private NAT network, a
 * NAT Network, a host-only or internal network, a libvirt network), indexed once per resolution.
 * Bridged adapters are not here: they put the VM on a LAN, where the plain LAN rules apply.
 */
import { type Adapter, type Doc, type LibvirtNetwork, parseCidr } from "../../model";
import type { Resolved } from "../types";
import { isVm, type VmMachine } from "./hooks";

/** Guest interface names per adapter slot, as a modern Linux guest names them. */
export const GUEST_NICS = {
  virtualbox: ["enp0s3", "enp0s8", "enp0s9", "enp0s10"],
  kvm: ["enp1s0", "enp2s0", "enp3s0", "enp4s0"],
} as const;

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

/** The libvirt network an adapter names on its VM's host. */
export function libvirtNetworkOf(doc: Doc, hostId: string, name: string | null): LibvirtNetwork | undefined {
  return Object.values(doc.libvirtNetworks ?? {}).find((x) => x.hostId === hostId && x.name === name);
}

function segmentOf(doc: Doc, vm: VmMachine, slot: number, a: Adapter): { key: string; label: string } | null {
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
      // `virsh net-destroy` takes the bridge down: the guest's tap device is left on nothing.
      if (libvirtNetworkOf(doc, h, a.network)?.active === false) return null;
      return { key: `libvirt:${h}:${a.network}`, label: `libvirt network ${a.network}` };
    default:
      return null;
  }
}

export function indexOf(r: Resolved): Index {
  const cached = indexes.get(r);
  if (cached) return cached;
  const index: Index = { attachments: [], bySegment: new Map() };
  const vms = Object.values(r.doc.machines)
    .filter(isVm)
    .sort((a, b) => a.order - b.order);
  for (const vm of vms) {
    if (vm.vm.state !== "running") continue;
    vm.vm.adapters.forEach((a, i) => {
      const seg = segmentOf(r.doc, vm, i + 1, a);
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

/** The host's own interface on a host-only or libvirt network a VM is attached to. */
export function hostSide(doc: Doc, att: Attachment): { ip: number; name: string } | null {
  const h = att.vm.vm.hostId;
  if (att.adapter.mode === "hostonly") {
    const n = Object.values(doc.hostOnlyNetworks ?? {}).find((x) => x.hostId === h && x.name === att.adapter.hostOnly);
    const c = n ? parseCidr(n.address) : null;
    return n && c ? { ip: c.ip, name: n.name } : null;
  }
  if (att.adapter.mode === "libvirt") {
    const n = libvirtNetworkOf(doc, h, att.adapter.network);
    const c = n ? parseCidr(n.address) : null;
    return n && c ? { ip: c.ip, name: n.bridge } : null;
  }
  return null;
}
