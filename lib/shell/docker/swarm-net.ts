/** What `docker network inspect` adds for swarm networks: the sandboxes' endpoints and the peers. */
import { digest64, formatIp, type Network, parseIp } from "../../model";
import { macOf, swarmNodes } from "../../sim";
import type { ShellContext } from "../context";
import { goStruct } from "./go-value";
import { peerName } from "./swarm";

function entry(name: string, key: string, ip: string, prefix: string): Record<string, unknown> {
  return goStruct({
    Name: name,
    EndpointID: digest64(`sandbox/${key}`),
    MacAddress: macOf(parseIp(ip)),
    IPv4Address: `${formatIp(parseIp(ip) as number)}/${prefix}`,
    IPv6Address: "",
  });
}

/**
 * Endpoints on this node that are not containers' networks: the ingress sandbox (on `ingress` and on
 * docker_gwbridge), containers' ways out on docker_gwbridge and the node's load balancer on an overlay ("lb-NAME").
 */
export function sandboxEndpoints(ctx: ShellContext, n: Network): Record<string, unknown> {
  const member = ctx.doc.machines[ctx.machineId]?.engine?.swarm;
  const prefix = n.subnet?.split("/")[1] ?? "";
  if (!member) return {};
  if (n.overlay?.ingress && member.ingressIp && n.overlay.clusterId === member.clusterId) {
    return { "ingress-sbox": entry("ingress-endpoint", `${ctx.machineId}/ingress`, member.ingressIp, prefix) };
  }
  if (n.name === "docker_gwbridge" && n.machineId === ctx.machineId) {
    // Each container's way out is named after its sandbox, keyed by the container.
    const out: Record<string, unknown> = {};
    for (const c of Object.values(ctx.doc.containers)) {
      if (!c.gwbridge || c.machineId !== n.machineId) continue;
      const sandbox = digest64(`sandbox/${c.id}/${c.startedAt}`);
      out[c.id] = entry(`gateway_${sandbox.slice(0, 12)}`, `${c.id}/gwbridge/${c.startedAt}`, c.gwbridge.ip, prefix);
    }
    if (member.gwbridgeIp) out["ingress-sbox"] = entry("gateway_ingress-sbox", `${ctx.machineId}/gwbridge`, member.gwbridgeIp, prefix);
    return out;
  }
  const lb = member.lb[n.id];
  return lb ? { [`lb-${n.name}`]: entry(`${n.name}-endpoint`, `${ctx.machineId}/lb/${n.id}`, lb, prefix) } : {};
}

/** Nodes that have the overlay (ingress: every node), as networkdb peers. */
export function overlayPeers(ctx: ShellContext, n: Network): Record<string, unknown>[] {
  const cluster = n.overlay?.clusterId;
  if (!cluster) return [];
  return swarmNodes(ctx.doc, cluster)
    .filter(
      (m) =>
        n.overlay?.ingress ||
        n.id in m.engine.swarm.lb ||
        Object.values(ctx.doc.containers).some((c) => c.machineId === m.id && c.endpoints.some((ep) => ep.networkId === n.id)),
    )
    .map((m) => goStruct({ Name: peerName(m.engine.swarm), IP: m.engine.swarm.advertiseAddr }));
}
