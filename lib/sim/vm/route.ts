/**
 * Packets between machines once hypervisors are involved: VirtualBox's NAT, NAT Network, host-only
 * and internal networks, libvirt's virtual networks. `reach` calls `routeVm` before its plain LAN
 * and internet rules.
 */
import { cidrContains, formatIp, type Machine, parseCidr } from "../../model";
import { macvlanTo } from "../macvlan";
import type { Resolved } from "../types";
import { type Hooks, isVm, type PortOpts, portText, type ResultLike, type TraceLike } from "./hooks";
import { type Attachment, GUEST_NICS, hostSide, indexOf, libvirtNetworkOf } from "./segments";

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

/** A running VM's way out when `ip` is on none of its own segments: its first adapter with a gateway. */
function defaultRoute<R extends ResultLike>(
  t: TraceLike,
  r: Resolved,
  m: Machine & { vm: NonNullable<Machine["vm"]> },
  ip: number,
  opts: PortOpts,
  hooks: Hooks<R>,
): R | null {
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
      const n = libvirtNetworkOf(r.doc, host.id, a.network);
      if (!n || n.forward === "none" || !n.active) continue;
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
    return defaultRoute(t, r, m, ip, opts, hooks);
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
