/**
 * DHCP for VM guests: what each adapter is leased as the VM boots. Leases are handed out in start order
 * and stored (like container addresses), because the order VMs booted decides who got which address.
 */
import { type Adapter, type Doc, formatIp, type Machine, parseCidr, parseIp } from "../model";
import { fail } from "./errors";
import { hostOnlyOf, nicName } from "./machine-nics";

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

/** What DHCP hands adapter `i` of `m` as it boots, or null when nobody serves the segment. */
export function lease(doc: Doc, m: Machine & { vm: NonNullable<Machine["vm"]> }, i: number): string | null {
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
