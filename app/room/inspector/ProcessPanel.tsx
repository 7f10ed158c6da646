"use client";
/**
 * A container as a process in the inspector: what it runs and how it is doing (as `docker ps` says it),
 * its last log lines, the namespaces it has, its cgroup limits and the kernel it runs on.
 */
import { type Container, type Doc, kernelRelease } from "@/lib/model";
import { containerStatus } from "@/lib/model/status";
import { bytesSize } from "@/lib/model/units";
import { commandLine } from "@/lib/sim";

const LAST_LINES = 5;

/** Each namespace of the container, and whose it is when it is not its own. */
function namespaces(doc: Doc, c: Container): string {
  const mode = c.networkMode;
  const net =
    mode === "host" ? "net (the host's)" : mode.startsWith("container:") ? `net (${doc.containers[mode.slice(10)]?.name ?? "another container"}'s)` : "net";
  const pid = c.spec?.pidMode === "host" ? "pid (the host's)" : "pid";
  return [pid, net, "mnt", mode === "host" ? "uts (the host's)" : "uts", "ipc"].join(", ");
}

function limits(c: Container): string {
  const r = c.spec?.resources;
  if (!r) return "none (the whole machine)";
  const parts = [
    r.memory > 0 ? `memory ${bytesSize(r.memory)}` : null,
    r.nanoCpus > 0 ? `cpus ${r.nanoCpus / 1e9}` : null,
    r.cpuShares > 0 ? `cpu-shares ${r.cpuShares}` : null,
    r.pidsLimit !== null && r.pidsLimit > 0 ? `pids ${r.pidsLimit}` : null,
  ].filter((p) => p !== null);
  return parts.length > 0 ? parts.join(", ") : "none (the whole machine)";
}

export function ProcessPanel({ doc, c, now }: { doc: Doc; c: Container; now: number }) {
  const machine = doc.machines[c.machineId];
  const lines = (doc.logs?.[c.id] ?? []).slice(-LAST_LINES);
  return (
    <dl className="process">
      <div className="field">
        <dt>Main process</dt>
        <dd>
          <code>{commandLine(c).join(" ") || "(the image's default)"}</code>
        </dd>
      </div>
      <div className="field">
        <dt>Status</dt>
        <dd>
          {containerStatus(c, now) || c.state}
          {c.oomKilled ? " · killed for going over its memory limit" : ""}
        </dd>
      </div>
      <div className="field">
        <dt>Namespaces</dt>
        <dd>{namespaces(doc, c)}</dd>
      </div>
      <div className="field">
        <dt>cgroup limits</dt>
        <dd>{limits(c)}</dd>
      </div>
      <div className="field">
        <dt>Kernel</dt>
        <dd>{machine ? `${kernelRelease(machine)} (${machine.name}'s, shared by its containers)` : "—"}</dd>
      </div>
      <div className="field">
        <dt>Last log lines</dt>
        <dd>{lines.length === 0 ? <span className="small">nothing printed yet</span> : <pre className="small">{lines.map((l) => l.text).join("\n")}</pre>}</dd>
      </div>
    </dl>
  );
}
