/** Whether a VM reaches the internet, for name lookups and `apt`-style downloads inside it. */
import type { Resolved } from "../types";
import { isVm } from "./hooks";
import { GUEST_NICS, libvirtNetworkOf } from "./segments";

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
      const n = libvirtNetworkOf(r.doc, m.vm.hostId, a.network);
      if (n && n.forward !== "none" && n.active) return hostOnline();
    }
    if (a.mode === "bridged") {
      const lan = nic.lanId ? r.doc.lans[nic.lanId] : undefined;
      return !!lan && lan.internet && lan.router !== null;
    }
  }
  return false;
}
