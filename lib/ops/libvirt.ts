/** The `default` network a libvirt install defines from its default.xml. */
import type { Doc } from "../model";
import type { OpIn } from "./family";
import type { VM_OPS } from "./vms";

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
export function defaultNetworkOp(doc: Doc, hostId: string, id: string): OpIn<typeof VM_OPS, "libvirt.netDefine"> | null {
  const exists = Object.values(doc.libvirtNetworks ?? {}).some((n) => n.hostId === hostId && n.name === LIBVIRT_DEFAULT.name);
  return exists ? null : { type: "libvirt.netDefine", id, hostId, ...LIBVIRT_DEFAULT };
}
