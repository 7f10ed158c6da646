/** A whole-document summary: what `dockside resolve` prints and what exercises and the canvas read. */
import type { Doc } from "../model";
import { lookup } from "./dns";
import { reach, type Verdict } from "./reach";
import { resolve } from "./resolve";
import { isolationRows } from "./vm";

interface Report {
  containers: { name: string; machine: string; state: string; mode: string; addresses: { network: string; ip: string | null; gateway: string | null }[] }[];
  names: { from: string; name: string; addresses: string[] | null; reason: string }[];
  published: { container: string; hostIp: string; hostPort: number; containerPort: number; proto: string }[];
  reachability: { from: string; to: string; port: number | null; verdict: Verdict; reason: string }[];
  diagnostics: { level: string; subject: string; code: string; message: string }[];
  /** For pairs of workloads: shared kernel or not, and the boundary between them. */
  isolation: { a: string; b: string; sameKernel: boolean; boundary: string; reason: string }[];
}

/**
 * Resolves a document and tabulates it: every container's addresses, which names every running
 * container can resolve, the published ports, and a reachability matrix on the ports that listen.
 * @example buildReport(doc).reachability[0] // { from: "alpine1", to: "alpine2", port: null, verdict: "reachable", ... }
 */
export function buildReport(doc: Doc): Report {
  const r = resolve(doc);
  const nameOf = (id: string) => doc.containers[id]?.name ?? doc.machines[id]?.name ?? id;
  const running = r.order.filter((v) => v.running);
  const report: Report = {
    containers: r.order.map((v) => ({
      name: v.c.name,
      machine: v.machine.name,
      state: v.c.state,
      mode: v.c.networkMode,
      addresses: v.endpoints.map((ep) => ({ network: ep.network.name, ip: ep.ip, gateway: ep.gateway })),
    })),
    names: [],
    published: [],
    reachability: [],
    diagnostics: r.diagnostics.map((d) => ({ ...d, subject: nameOf(d.subject) })),
    isolation: isolationRows(r),
  };
  for (const list of r.published.values()) {
    for (const p of list)
      report.published.push({
        container: p.container.name,
        hostIp: p.hostIp || "0.0.0.0",
        hostPort: p.hostPort,
        containerPort: p.containerPort,
        proto: p.proto,
      });
  }
  for (const from of running) {
    for (const to of r.order) {
      if (to === from) continue;
      const l = lookup(r, from.c.id, to.c.name);
      report.names.push({ from: from.c.name, name: to.c.name, addresses: l.ok ? l.addresses : null, reason: l.reason });
      const ports = to.listeners.length > 0 ? to.listeners.map((x) => x.port) : [null];
      for (const port of ports) {
        const target = l.ok ? to.c.name : (to.endpoints.find((ep) => ep.ip)?.ip ?? to.c.name);
        const res = reach(r, { kind: "container", id: from.c.id }, target, { port });
        report.reachability.push({ from: from.c.name, to: to.c.name, port, verdict: res.verdict, reason: res.reason });
      }
    }
  }
  return report;
}
