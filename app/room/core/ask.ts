/**
 * One answer to "Can it reach?" for every place that asks it (the panel, a presenter's spotlight):
 * a container or a machine asks `reach` itself; "another machine on a LAN" asks as exercise goals do.
 */
import { reachFrom } from "@/lib/exercise/parties";
import { type ReachResult, type Resolved, reach } from "@/lib/sim";
import type { ReachQuery } from "@/lib/sync/live";

export function ask(resolved: Resolved, q: ReachQuery): ReachResult {
  const { source, target, port } = q;
  if (source.kind !== "lan") return reach(resolved, { kind: source.kind, id: source.id }, target, { port });
  const lan = resolved.doc.lans[source.id];
  if (!lan) return { verdict: "not-running", address: null, path: [], reason: "that LAN is gone", answeredBy: null };
  return reachFrom(resolved, { kind: "lan", label: lan.name, lan }, target, { port }).res;
}
