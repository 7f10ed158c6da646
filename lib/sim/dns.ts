/**
 * Name resolution as a container (or a machine) sees it: /etc/hosts and legacy links, Docker's
 * embedded DNS on user-defined networks (scoped to the asker's networks), then the upstream resolvers.
 */
import { type Network, parseIp } from "../model";
import { isUserDefined } from "./endpoint";
import { serviceLookup } from "./swarm";
import type { ContainerView, EndpointView, Resolved } from "./types";
import { vmOnline } from "./vm";

/** A few names of the outside world, for containers and hosts whose network leads to the internet. */
export const INTERNET_HOSTS: ReadonlyMap<string, string> = new Map([
  ["google.com", "142.250.185.78"],
  ["www.google.com", "142.250.185.68"],
  ["example.com", "93.184.215.14"],
  ["docker.com", "141.193.213.20"],
  ["registry-1.docker.io", "54.236.113.205"],
  ["deb.debian.org", "151.101.2.132"],
  ["dl-cdn.alpinelinux.org", "151.101.2.133"],
  ["dns.google", "8.8.8.8"],
  ["one.one.one.one", "1.1.1.1"],
  ["dns.quad9.net", "9.9.9.9"],
]);

/** The public resolvers people ping to test a way out: they answer by address, DNS on 53 as well as the web ports. */
const PUBLIC_RESOLVERS: ReadonlyMap<string, string> = new Map([
  ["8.8.8.8", "dns.google"],
  ["8.8.4.4", "dns.google"],
  ["1.1.1.1", "one.one.one.one"],
  ["1.0.0.1", "one.one.one.one"],
  ["9.9.9.9", "dns.quad9.net"],
]);

/**
 * The server of the outside world at `address`, and the ports it answers on; null for any other
 * address (the internet holds more, but the sandbox knows only these, so others stay silent).
 * @example internetServer("8.8.8.8") // { name: "dns.google", ports: [53, 80, 443] }
 */
export function internetServer(address: string): { name: string; ports: readonly number[] } | null {
  const resolver = PUBLIC_RESOLVERS.get(address);
  if (resolver) return { name: resolver, ports: [53, 80, 443] };
  for (const [name, ip] of INTERNET_HOSTS) if (ip === address) return { name, ports: [80, 443] };
  return null;
}

type LookupSource = "localhost" | "hosts" | "link" | "embedded-dns" | "upstream";

export type LookupResult =
  | { ok: true; name: string; addresses: string[]; source: LookupSource; network?: Network; reason: string }
  | { ok: false; name: string; reason: string };

interface HostsEntry {
  ip: string;
  names: string[];
}

/**
 * The /etc/hosts Docker writes: localhost lines, the container's own address and hostname, then one
 * line per legacy link on the default bridge (`<ip> <alias> <hostname> <name>`).
 */
export function hostsFile(r: Resolved, v: ContainerView): HostsEntry[] {
  const out: HostsEntry[] = [{ ip: "127.0.0.1", names: ["localhost"] }];
  for (const link of v.c.links) {
    const target = r.containers.get(link.target);
    if (!target?.running) continue;
    const ep = target.endpoints.find((e) => e.network.name === "bridge" && !isUserDefined(e.network) && e.ip !== null);
    if (!ep?.ip) continue;
    const names = [link.alias, target.hostname, target.c.name].filter((n, i, all) => all.indexOf(n) === i);
    out.push({ ip: ep.ip, names });
  }
  if (v.mode !== "host") {
    // Docker writes a line for every address the container has, in the order it was connected.
    for (const ep of v.c.endpoints.length > 0
      ? v.endpoints
          .slice()
          .sort(
            (a, b) => v.nsOwner.endpoints.findIndex((e) => e.networkId === a.network.id) - v.nsOwner.endpoints.findIndex((e) => e.networkId === b.network.id),
          )
      : []) {
      if (ep.ip && ep.network.driver !== "null") out.push({ ip: ep.ip, names: [v.hostname] });
    }
  }
  return out;
}

function normalize(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

function answer(hits: EndpointView[]): string[] {
  return hits.map((ep) => ep.ip as string);
}

/** Can this namespace reach upstream resolvers at all? */
function hasUpstream(r: Resolved, v: ContainerView): boolean {
  if (v.mode === "none") return false;
  if (v.mode === "host") return machineHasResolver(r, v.machine.id);
  if (v.embeddedDns && v.endpoints.every((ep) => ep.network.internal || !isUserDefined(ep.network))) {
    // Internal networks turn upstream forwarding off (unless --dns is given, which isn't modelled).
    if (v.endpoints.every((ep) => ep.network.internal)) return false;
  }
  return v.gateway !== null && machineHasResolver(r, v.machine.id);
}

/** Does the machine have a resolver to ask (its LAN router), even without internet behind it? */
export function machineHasResolver(r: Resolved, machineId: string): boolean {
  const m = r.doc.machines[machineId];
  return !!m && m.nics.some((nic) => !!nic.lanId && !!r.doc.lans[nic.lanId]?.router);
}

export function machineOnline(r: Resolved, machineId: string): boolean {
  const m = r.doc.machines[machineId];
  if (!m) return false;
  if (vmOnline(r, machineId)) return true;
  return m.nics.some((nic) => {
    const lan = nic.lanId ? r.doc.lans[nic.lanId] : undefined;
    return !!lan && lan.internet && lan.router !== null;
  });
}

/**
 * Resolves `name` from a container.
 * @example lookup(r, alpine1Id, "alpine2") // { ok: true, addresses: ["172.18.0.3"], source: "embedded-dns", ... }
 */
export function lookup(r: Resolved, fromContainerId: string, rawName: string): LookupResult {
  const name = normalize(rawName);
  const v = r.containers.get(fromContainerId);
  if (!v) return { ok: false, name, reason: "no such container" };
  if (parseIp(name) !== null) return { ok: true, name, addresses: [name], source: "hosts", reason: "an address needs no lookup" };
  if (name === "localhost") return { ok: true, name, addresses: ["127.0.0.1"], source: "localhost", reason: "localhost is the container's own loopback" };

  if (v.mode === "host") return lookupOnMachine(r, v.machine.id, name);

  // Legacy links on a user-defined network are aliases only the linking container resolves.
  for (const link of v.c.links) {
    if (link.alias.toLowerCase() !== name && r.doc.containers[link.target]?.name.toLowerCase() !== name) continue;
    const target = r.containers.get(link.target);
    const shared = target?.endpoints.find((ep) => ep.ip !== null && v.endpoints.some((own) => own.network.id === ep.network.id));
    if (shared?.ip && isUserDefined(shared.network)) {
      return { ok: true, name, addresses: [shared.ip], source: "link", network: shared.network, reason: `--link alias of ${target?.c.name}` };
    }
  }
  for (const entry of hostsFile(r, v)) {
    if (entry.names.some((n) => n.toLowerCase() === name)) {
      return { ok: true, name, addresses: [entry.ip], source: "hosts", reason: `/etc/hosts of ${v.c.name}` };
    }
  }

  if (v.embeddedDns && v.running) {
    for (const ep of v.endpoints) {
      if (!isUserDefined(ep.network) || ep.ip === null) continue;
      const hits = r.dns.get(ep.network.id)?.get(name);
      const service = hits && hits.length > 0 ? null : serviceLookup(r, ep.network, name);
      if (service) return { ok: true, name, addresses: service.addresses, source: "embedded-dns", network: ep.network, reason: service.reason };
      if (hits && hits.length > 0) {
        return {
          ok: true,
          name,
          addresses: answer(hits),
          source: "embedded-dns",
          network: ep.network,
          reason: `Docker's embedded DNS (127.0.0.11) knows ${name} on ${ep.network.name}`,
        };
      }
    }
    // name.network: the last labels may name one of the asker's networks.
    const dot = name.indexOf(".");
    if (dot > 0) {
      for (const ep of v.endpoints) {
        const suffix = `.${ep.network.name.toLowerCase()}`;
        if (!isUserDefined(ep.network) || !name.endsWith(suffix)) continue;
        const hits = r.dns.get(ep.network.id)?.get(name.slice(0, -suffix.length));
        if (hits && hits.length > 0) {
          return {
            ok: true,
            name,
            addresses: answer(hits),
            source: "embedded-dns",
            network: ep.network,
            reason: `${name} names a container on ${ep.network.name}`,
          };
        }
      }
    }
  }

  if (hasUpstream(r, v) && machineOnline(r, v.machine.id)) {
    const ip = INTERNET_HOSTS.get(name);
    if (ip) return { ok: true, name, addresses: [ip], source: "upstream", reason: "answered by the host's upstream DNS" };
  }
  return { ok: false, name, reason: whyUnresolved(r, v, name) };
}

function whyUnresolved(r: Resolved, v: ContainerView, name: string): string {
  const elsewhere = r.names.get(`${v.c.machineId}/${name}`)?.[0];
  if (!v.embeddedDns) {
    if (v.mode === "none") return `${v.c.name} has no network (none mode): nothing can be resolved`;
    if (elsewhere) {
      return `${v.c.name} is only on the default bridge, which has no DNS: containers there reach each other by IP only (or --link)`;
    }
    return `${name} is not in ${v.c.name}'s /etc/hosts and the upstream DNS does not know it`;
  }
  if (elsewhere) {
    const theirs = elsewhere.endpoints.map((ep) => ep.network.name);
    if (!elsewhere.running) return `${elsewhere.c.name} is not running, so no network knows its name`;
    return `${elsewhere.c.name} is on ${theirs.join(", ") || "no network"}, and ${v.c.name} shares no user-defined network with it`;
  }
  if (v.endpoints.length > 0 && v.endpoints.every((ep) => ep.network.internal)) {
    return `no container, alias or service named ${name} on ${v.c.name}'s networks, and internal networks have no upstream DNS`;
  }
  return `no container, alias or service named ${name} on ${v.c.name}'s networks, and the upstream DNS does not know it`;
}

/** Resolution on a machine (or a host-mode container): /etc/hosts, then upstream. */
export function lookupOnMachine(r: Resolved, machineId: string, rawName: string): LookupResult {
  const name = normalize(rawName);
  const m = r.doc.machines[machineId];
  if (parseIp(name) !== null) return { ok: true, name, addresses: [name], source: "hosts", reason: "an address needs no lookup" };
  if (name === "localhost") return { ok: true, name, addresses: ["127.0.0.1"], source: "localhost", reason: "loopback" };
  if (m && m.name.toLowerCase() === name) {
    const addr = m.nics.find((n) => n.address)?.address?.split("/")[0] ?? "127.0.1.1";
    return { ok: true, name, addresses: [addr], source: "hosts", reason: `/etc/hosts of ${m.name}` };
  }
  if (machineOnline(r, machineId)) {
    const ip = INTERNET_HOSTS.get(name);
    if (ip) return { ok: true, name, addresses: [ip], source: "upstream", reason: "answered by the upstream DNS" };
  }
  const container = r.names.get(`${machineId}/${name}`)?.[0];
  if (container) {
    return {
      ok: false,
      name,
      reason: `container names resolve only inside containers on user-defined networks, not on ${m ? `the machine ${m.name} itself` : "a machine"}`,
    };
  }
  return { ok: false, name, reason: `${name} is not in /etc/hosts and the upstream DNS does not know it` };
}
