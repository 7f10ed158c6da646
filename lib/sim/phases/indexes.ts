/** The index phases of `resolve`: what reach and the shell look things up by. */
import { parseCidr, parseIp } from "../../model";
import type { ContainerView } from "../types";
import type { ResolveContext } from "./context";

/** machines: each machine's own addresses (NICs, bridge gateways) and its running host-mode containers. */
export function indexMachines(ctx: ResolveContext): void {
  const { doc, networks, hostAddresses, hostMode } = ctx;
  for (const m of Object.values(doc.machines)) {
    const set = new Set<number>();
    for (const nic of m.nics) {
      const c = nic.address ? parseCidr(nic.address) : null;
      if (c) set.add(c.ip);
    }
    hostAddresses.set(m.id, set);
    hostMode.set(m.id, []);
  }
  for (const n of networks) {
    const gw = n.driver === "bridge" && n.gateway ? parseIp(n.gateway) : null;
    if (gw !== null) hostAddresses.get(n.machineId)?.add(gw);
  }
}

/** names: containers by machine and name or alias, for lookups and explanations. */
export function indexNames(ctx: ResolveContext): void {
  const { containers, views, hostMode, names, byName } = ctx;
  for (const c of containers) {
    const v = views.get(c.id) as ContainerView;
    byName.set(`${c.machineId}/${c.name}`, v);
    if (v.mode === "host" && v.running) hostMode.get(c.machineId)?.push(v);
    const keys = new Set([c.name.toLowerCase(), ...c.endpoints.flatMap((ep) => ep.aliases.map((a) => a.toLowerCase()))]);
    for (const k of keys) {
      const key = `${c.machineId}/${k}`;
      const list = names.get(key);
      if (list) list.push(v);
      else names.set(key, [v]);
    }
  }
}
