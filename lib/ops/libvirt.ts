/**
 * libvirt's virtual networks beyond their definition: starting and stopping them (`virsh net-start`,
 * `virsh net-destroy`), and the `default` network a libvirt install defines from its default.xml.
 */
import type { Doc } from "../model";
import { OpError } from "./apply";
import type { Op } from "./schema";

/** libvirt's src/network/default.xml: NAT on virbr0, 192.168.122.1/24, DHCP .2 to .254. */
export const LIBVIRT_DEFAULT = {
  name: "default",
  bridge: "virbr0",
  address: "192.168.122.1/24",
  forward: "nat",
  dhcpStart: "192.168.122.2",
  dhcpEnd: "192.168.122.254",
} as const;

/**
 * The op that defines libvirt's `default` network on a host, or null when the host already has one:
 * what installing libvirt does before the first KVM guest is created.
 * @example defaultNetworkOp(doc, "m-host", "lv-1")?.type // "libvirt.netDefine"
 */
export function defaultNetworkOp(doc: Doc, hostId: string, id: string): Op | null {
  const exists = Object.values(doc.libvirtNetworks ?? {}).some((n) => n.hostId === hostId && n.name === LIBVIRT_DEFAULT.name);
  return exists ? null : { type: "libvirt.netDefine", id, hostId, ...LIBVIRT_DEFAULT };
}

/** Brings a network's bridge (and the host's address on it) up or down, refusing as libvirt does. */
export function setLibvirtActive(doc: Doc, networkId: string, active: boolean): void {
  const n = doc.libvirtNetworks?.[networkId];
  if (!n) throw new OpError("libvirt.missing", `Network not found: no network with matching uuid '${networkId}'`);
  if (active && n.active) throw new OpError("libvirt.active", "Requested operation is not valid: network is already active");
  if (!active && !n.active) throw new OpError("libvirt.inactive", `Requested operation is not valid: network '${n.name}' is not active`);
  n.active = active;
  const host = doc.machines[n.hostId];
  if (!host) return;
  if (active && !host.nics.some((x) => x.name === n.bridge)) host.nics.push({ name: n.bridge, lanId: null, address: n.address });
  if (!active) host.nics = host.nics.filter((x) => x.name !== n.bridge);
}
