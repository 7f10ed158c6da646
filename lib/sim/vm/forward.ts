/**
 * Traffic arriving on a hypervisor host's own address that no container took: VirtualBox NAT port
 * forwarding and NAT Network port forwarding carry it into a guest; otherwise a service of the
 * machine itself (sshd on a VM) may answer.
 */
import { formatIp, type Machine, parseIp } from "../../model";
import type { Resolved } from "../types";
import { type Hooks, isVm, type PortOpts, type ResultLike, type TraceLike, type VmMachine } from "./hooks";
import { indexOf } from "./segments";

/**
 * Null when neither a forwarding rule nor a service of `m` takes the packet.
 * @example arriveVm(t, r, host, "192.168.1.10", { port: 2222 }, false, hooks) // forwarded to vm1:22
 */
export function arriveVm<R extends ResultLike>(
  t: TraceLike,
  r: Resolved,
  m: Machine,
  ipText: string,
  opts: PortOpts,
  fromLoopback: boolean,
  hooks: Hooks<R>,
): R | null {
  if (opts.port === null) return null;
  const proto = opts.proto ?? "tcp";
  const matches = (hostIp: string, hostPort: number, p: string) =>
    hostPort === opts.port && p === proto && (hostIp === "" || hostIp === "0.0.0.0" || hostIp === ipText || (fromLoopback && hostIp.startsWith("127.")));
  const guests = Object.values(r.doc.machines)
    .filter((g): g is VmMachine => isVm(g) && g.vm.hostId === m.id && g.vm.state === "running")
    .sort((a, b) => a.order - b.order);
  for (const g of guests) {
    for (const [i, a] of g.vm.adapters.entries()) {
      if (a.mode !== "nat") continue;
      const rule = a.portForwards.find((f) => matches(f.hostIp, f.hostPort, f.proto));
      if (!rule) continue;
      const guestIp = rule.guestIp || a.lease || `10.0.${2 + i}.15`;
      t.hop(m.id, m.name, `NAT port forwarding rule "${rule.name}": ${rule.hostIp || "*"}:${rule.hostPort}/${proto} → ${g.name} ${guestIp}:${rule.guestPort}`);
      return hooks.atHost(t, r, g, parseIp(guestIp) ?? 0, { port: rule.guestPort, proto }, false);
    }
  }
  for (const n of Object.values(r.doc.natNetworks ?? {}).sort((a, b) => a.order - b.order)) {
    if (n.hostId !== m.id || !n.enabled) continue;
    const rule = n.portForwards.find((f) => matches(f.hostIp, f.hostPort, f.proto));
    if (!rule) continue;
    t.hop(m.id, m.name, `NAT Network ${n.name} port forwarding "${rule.name}": ${rule.hostPort}/${proto} → ${rule.guestIp}:${rule.guestPort}`);
    const target = indexOf(r)
      .bySegment.get(`natnetwork:${m.id}:${n.name}`)
      ?.find((a) => formatIp(a.ip) === rule.guestIp);
    if (!target) return t.end("dropped", `no VM on NAT Network ${n.name} has ${rule.guestIp}`) as R;
    return hooks.atHost(t, r, target.vm, target.ip, { port: rule.guestPort, proto }, false);
  }
  const service = m.services?.find((s) => s.port === opts.port && s.proto === proto);
  if (service) {
    t.hop(m.id, m.name, `a service of ${m.name} listens on ${opts.port}/${proto}`);
    return t.end("reachable", `${m.name} accepts ${opts.port}/${proto}`) as R;
  }
  return null;
}
