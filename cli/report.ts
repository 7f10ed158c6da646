import type { Doc } from "../lib/model";
import { buildReport } from "../lib/sim";

/** `dockside resolve` output: JSON, or a readable text report. */
export function resolveReport(doc: Doc, json: boolean): string {
  const report = buildReport(doc);
  if (json) return `${JSON.stringify(report, null, 2)}\n`;
  const lines: string[] = ["Containers:"];
  for (const c of report.containers) {
    const addrs = c.addresses.map((a) => `${a.network}=${a.ip ?? "-"}`).join(" ");
    lines.push(`  ${c.name.padEnd(20)} ${c.state.padEnd(8)} ${c.mode.padEnd(12)} ${addrs}`);
  }
  lines.push("", "Published ports:");
  for (const p of report.published) lines.push(`  ${p.hostIp}:${p.hostPort}/${p.proto} -> ${p.container}:${p.containerPort}`);
  if (report.published.length === 0) lines.push("  (none)");
  lines.push("", "Names:");
  for (const n of report.names) lines.push(`  ${n.from} -> ${n.name}: ${n.addresses ? n.addresses.join(", ") : `unresolvable (${n.reason})`}`);
  lines.push("", "Reachability:");
  for (const x of report.reachability) lines.push(`  ${x.from} -> ${x.to}:${x.port ?? "ping"}  ${x.verdict}  (${x.reason})`);
  if (report.isolation.length > 0) {
    lines.push("", "Isolation:");
    for (const i of report.isolation)
      lines.push(`  ${i.a} / ${i.b}: ${i.sameKernel ? "same kernel" : "separate kernels"}, boundary ${i.boundary} (${i.reason})`);
  }
  lines.push("", "Diagnostics:");
  for (const d of report.diagnostics) lines.push(`  ${d.level} ${d.subject}: ${d.message}`);
  if (report.diagnostics.length === 0) lines.push("  (none)");
  return `${lines.join("\n")}\n`;
}
