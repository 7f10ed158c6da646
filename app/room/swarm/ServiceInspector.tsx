"use client";
import type { Doc, Service } from "@/lib/model";
import { type Resolved, tasksOf } from "@/lib/sim";
import { Field } from "../inspector/Field";
import { servicePortText, serviceVips } from "./services";

/** A swarm service as `docker service inspect` would describe it: read-only, the terminal changes it. */
export function ServiceInspector({ doc, resolved, service: s }: { doc: Doc; resolved: Resolved; service: Service }) {
  const tasks = tasksOf(resolved, s.id);
  const vips = serviceVips(doc, s);
  return (
    <div>
      <h2>Swarm service</h2>
      <dl>
        <Field k="Name" v={s.name} />
        <Field k="Image" v={s.image} />
        <Field k="Replicas" v={`${tasks.length}/${s.replicas}${s.pending.length > 0 ? ` (${s.pending.length} pending)` : ""}`} />
        <Field k="Endpoint mode" v={s.endpointMode} />
        <Field k="Ports" v={s.ports.length > 0 ? s.ports.map(servicePortText).join(", ") : "none"} />
        {s.constraints.length > 0 && <Field k="Constraints" v={s.constraints.join(", ")} />}
      </dl>
      <h3>Virtual IPs</h3>
      {vips.length === 0 ? (
        <p className="muted small">{s.endpointMode === "dnsrr" ? "None: with dnsrr the name answers with each task's address." : "None."}</p>
      ) : (
        <table className="small" aria-label={`virtual IPs of ${s.name}`}>
          <thead>
            <tr>
              <th scope="col">Network</th>
              <th scope="col">VIP</th>
            </tr>
          </thead>
          <tbody>
            {vips.map((v) => (
              <tr key={v.network}>
                <td>{v.network}</td>
                <td>{v.ip}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Tasks</h3>
      <ul className="small">
        {tasks.map((t) => (
          <li key={t.c.id}>
            {s.name}.{t.c.task?.slot} on {t.machine.name}
          </li>
        ))}
        {s.pending.map((p) => (
          <li key={p.taskId}>
            {s.name}.{p.slot}: pending, no suitable node
          </li>
        ))}
      </ul>
    </div>
  );
}
