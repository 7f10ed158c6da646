/** The address phases of `resolve`: ipam, endpoints and the embedded DNS's names. */
import { type Container, type Network, parseCidr, parseIp, shortId } from "../../model";
import { Endpoint, isUserDefined } from "../endpoint";
import { lowestFree, usedAddresses } from "../ipam";
import type { EndpointView } from "../types";
import type { ResolveContext } from "./context";

/**
 * ipam: addresses are the stored ones; a running endpoint with none (a hand-edited document) gets the
 * lowest free one, in creation order, as the engine would have handed it out.
 */
export function assignAddresses(ctx: ResolveContext): void {
  const { doc, containers, diagnostics, assigned } = ctx;
  const missing: { c: Container; index: number; network: Network }[] = [];
  for (const c of containers) {
    const ips = c.endpoints.map((ep) => (c.state === "running" ? ep.ip : null));
    assigned.set(c, ips);
    if (c.state !== "running") continue;
    c.endpoints.forEach((ep, index) => {
      const network = doc.networks[ep.networkId];
      if (network && ep.ip === null && network.subnet !== null) missing.push({ c, index, network });
    });
  }
  if (missing.length > 0) {
    const usedByNet = new Map<string, Set<number>>();
    for (const m of missing) {
      let used = usedByNet.get(m.network.id);
      if (!used) {
        used = usedAddresses(doc, m.network);
        usedByNet.set(m.network.id, used);
      }
      try {
        const ip = lowestFree(m.network, used);
        used.add(parseIp(ip) as number);
        (assigned.get(m.c) as (string | null)[])[m.index] = ip;
      } catch (err) {
        diagnostics.push({ level: "error", subject: m.c.id, code: "ipam.exhausted", message: (err as Error).message });
      }
    }
  }
}

/** endpoints: one view per endpoint, indexed by network (address order), by container and by address. */
export function buildEndpoints(ctx: ResolveContext): void {
  const { doc, containers, networks, diagnostics, assigned, endpointsByNetwork, ownEndpoints, addressOwner } = ctx;
  for (const n of networks) endpointsByNetwork.set(n.id, []);
  for (const m of Object.keys(doc.machines)) addressOwner.set(m, new Map());

  const prefixes = new Map<string, number>();
  for (const c of containers) {
    const list: EndpointView[] = [];
    const ips = assigned.get(c) as (string | null)[];
    c.endpoints.forEach((ep, i) => {
      const network = doc.networks[ep.networkId];
      if (!network) return;
      const ip = ips[i] ?? null;
      const ipNum = ip === null ? null : parseIp(ip);
      let prefix = prefixes.get(network.id);
      if (prefix === undefined) {
        prefix = network.subnet ? (parseCidr(network.subnet)?.prefix ?? 0) : 0;
        prefixes.set(network.id, prefix);
      }
      const names = new Set<string>();
      if (isUserDefined(network)) {
        names.add(c.name.toLowerCase());
        for (const a of ep.aliases) names.add(a.toLowerCase());
        names.add(shortId(c.id));
        if (c.hostname) names.add(c.hostname.toLowerCase());
      }
      const view: EndpointView = new Endpoint(
        c,
        network,
        ip,
        ipNum,
        prefix,
        network.internal ? null : network.gateway,
        ep.aliases,
        [...names],
        ip === null ? null : (ep.ifname ?? null),
      );
      list.push(view);
      endpointsByNetwork.get(network.id)?.push(view);
      if (ipNum !== null) {
        const owners = addressOwner.get(c.machineId);
        const prev = owners?.get(ipNum);
        if (prev && prev.network.id === network.id) {
          diagnostics.push({
            level: "error",
            subject: c.id,
            code: "ipam.duplicate",
            message: `Address already in use: ${ip} on ${network.name} is held by ${prev.container.name}`,
          });
        } else owners?.set(ipNum, view);
      }
    });
    ownEndpoints.set(c.id, list);
  }
  for (const list of endpointsByNetwork.values()) {
    list.sort((a, b) => (a.ipNum ?? Number.MAX_SAFE_INTEGER) - (b.ipNum ?? Number.MAX_SAFE_INTEGER) || a.container.order - b.container.order);
  }
}

/** dns: per network, the names the embedded DNS answers, each with its running endpoints in creation order. */
export function indexDns(ctx: ResolveContext): void {
  const { networks, endpointsByNetwork, dns } = ctx;
  for (const n of networks) {
    const index = new Map<string, EndpointView[]>();
    for (const ep of endpointsByNetwork.get(n.id) ?? []) {
      if (ep.ip === null) continue;
      for (const name of ep.dnsNames) {
        const hits = index.get(name);
        if (hits) hits.push(ep);
        else index.set(name, [ep]);
      }
    }
    for (const hits of index.values()) hits.sort((a, b) => a.container.order - b.container.order);
    dns.set(n.id, index);
  }
}
