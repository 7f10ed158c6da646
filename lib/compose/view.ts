/**
 * What a learner asks of an imported compose file: each service's addresses, which names resolve
 * from where, what is published on the host, and what reaches what. Derived with lib/sim only.
 */
import type { Doc } from "../model";
import { lookup, reach, resolve, type Verdict } from "../sim";
import { projectContainers } from "./manage";
import { activeServices, type ComposeProject } from "./types";

interface ServiceView {
  service: string;
  containers: { name: string; state: string; addresses: Record<string, string | null> }[];
  /** `0.0.0.0:8080->80/tcp` form ("" host address shown as 0.0.0.0). */
  published: string[];
  /** Ports something listens on inside, `80/tcp` form. */
  listens: string[];
  /** Name asked -> addresses it resolves to from this service (null when it does not resolve). */
  resolves: Record<string, string[] | null>;
}

interface ReachCell {
  from: string;
  to: string;
  /** Null for ping. */
  port: number | null;
  verdict: Verdict;
  reason: string;
}

export interface ComposeView {
  project: string;
  networks: { name: string; subnet: string | null; gateway: string | null; internal: boolean }[];
  services: ServiceView[];
  reach: ReachCell[];
}

/**
 * Builds the resolved view of a project brought up in `doc`.
 * @example composeView(up.doc, "m-host", project).services[0]?.resolves.db // ["172.18.0.3"]
 */
export function composeView(doc: Doc, machineId: string, project: ComposeProject): ComposeView {
  const r = resolve(doc);
  const members = projectContainers(doc, machineId, project.name, project);
  const services = activeServices(project);
  const names = new Set<string>();
  for (const s of services) {
    names.add(s.name);
    for (const n of s.networks) for (const a of n.aliases) names.add(a);
    for (const l of s.links) names.add(l.alias);
  }
  for (const m of members) names.add(m.container.name);
  const networkNames = new Set(project.networks.map((n) => n.name));
  const networks = Object.values(doc.networks)
    .filter((n) => n.machineId === machineId && networkNames.has(n.name))
    .sort((a, b) => a.order - b.order)
    .map((n) => ({ name: n.name, subnet: n.subnet, gateway: n.gateway, internal: n.internal }));
  const views: ServiceView[] = [];
  const reachCells: ReachCell[] = [];
  for (const s of services) {
    const mine = members.filter((m) => m.service === s.name);
    const first = mine[0] ? r.containers.get(mine[0].container.id) : undefined;
    const containers = mine.map((m) => {
      const v = r.containers.get(m.container.id);
      const addresses: Record<string, string | null> = {};
      for (const ep of v?.endpoints ?? []) addresses[ep.network.name] = ep.ip;
      return { name: m.container.name, state: m.container.state, addresses };
    });
    const published = first ? first.published.map((p) => `${p.hostIp === "" ? "0.0.0.0" : p.hostIp}:${p.hostPort}->${p.containerPort}/${p.proto}`) : [];
    const resolves: Record<string, string[] | null> = {};
    if (first) {
      for (const name of names) {
        const res = lookup(r, first.c.id, name);
        resolves[name] = res.ok ? [...res.addresses].sort() : null;
      }
    }
    views.push({ service: s.name, containers, published, listens: first ? first.listeners.map((l) => `${l.port}/${l.proto}`) : [], resolves });
  }
  for (const from of views) {
    const src = members.find((m) => m.service === from.service);
    if (!src) continue;
    for (const to of views) {
      if (to === from) continue;
      const ports = to.listens.filter((l) => l.endsWith("/tcp")).map((l) => Number(l.split("/")[0]));
      for (const port of ports.length > 0 ? ports : [null]) {
        const res = reach(r, { kind: "container", id: src.container.id }, to.service, { port });
        reachCells.push({ from: from.service, to: to.service, port, verdict: res.verdict, reason: res.reason });
      }
    }
  }
  return { project: project.name, networks, services: views, reach: reachCells };
}
