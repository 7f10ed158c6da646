/**
 * `resolve(doc)`: everything a learner asks about, derived from the declared document. Pure and
 * deterministic: it iterates records in creation order, never in the order of object keys. It runs
 * named phases over one context (phases/context.ts), each filling the tables the next ones read.
 */
import type { Doc } from "../model";
import { buildNamespaces, publishPorts } from "./phases/containers";
import { newContext, type ResolveContext } from "./phases/context";
import { diagnoseContainers } from "./phases/diagnostics";
import { assignAddresses, buildEndpoints, indexDns } from "./phases/endpoints";
import { indexMachines, indexNames } from "./phases/indexes";
import { networkUsableOn } from "./swarm";
import type { ContainerView, Resolved } from "./types";

export { endpointCidr, isUserDefined, macOf } from "./endpoint";
export type { ContainerView, Diagnostic, EndpointView, NetMode, Resolved } from "./types";

/** The phases, in order: each reads only what the ones before it filled. */
const PHASES: readonly ((ctx: ResolveContext) => void)[] = [
  assignAddresses,
  buildEndpoints,
  indexDns,
  buildNamespaces,
  publishPorts,
  diagnoseContainers,
  indexMachines,
  indexNames,
];

/**
 * Derives addresses, names, published ports and diagnostics of a document.
 * @example resolve(doc).containers.get(id)?.endpoints[0]?.ip // "172.17.0.2"
 */
export function resolve(doc: Doc): Resolved {
  const ctx = newContext(doc);
  for (const phase of PHASES) phase(ctx);
  return resolvedOf(ctx);
}

function resolvedOf(ctx: ResolveContext): Resolved {
  const { doc, networks, views, byName } = ctx;
  return {
    doc,
    hostAddresses: ctx.hostAddresses,
    hostMode: ctx.hostMode,
    names: ctx.names,
    containers: views,
    order: ctx.containers.map((c) => views.get(c.id) as ContainerView),
    endpointsByNetwork: ctx.endpointsByNetwork,
    dns: ctx.dns,
    addressOwner: ctx.addressOwner,
    published: ctx.published,
    diagnostics: ctx.diagnostics,
    containerByName(machineId, nameOrId) {
      const key = nameOrId.startsWith("/") ? nameOrId.slice(1) : nameOrId;
      const named = byName.get(`${machineId}/${key}`);
      if (named) return named;
      if (/^[0-9a-f]+$/.test(key)) {
        const hits = this.order.filter((v) => v.c.machineId === machineId && v.c.id.startsWith(key));
        if (hits.length === 1) return hits[0];
      }
      return undefined;
    },
    networkByName(machineId, nameOrId) {
      const local = networks.filter((n) => n.machineId === machineId || (n.scope === "swarm" && networkUsableOn(doc, n, machineId)));
      return local.find((n) => n.name === nameOrId) ?? local.find((n) => n.id === nameOrId) ?? local.find((n) => n.id.startsWith(nameOrId));
    },
  };
}
