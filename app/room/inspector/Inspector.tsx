"use client";
import { memo, useState } from "react";
import type { Doc } from "@/lib/model";
import type { Op } from "@/lib/ops";
import type { Resolved } from "@/lib/sim";
import { dryRun } from "../core/actions";
import { ServiceInspector } from "../swarm/ServiceInspector";
import { VmForm } from "../vm/VmForm";
import { ContainerForm, LazyFiles } from "./ContainerForm";
import { Field } from "./Field";
import { ImageShelf } from "./ImageLayers";

interface Props {
  doc: Doc;
  resolved: Resolved;
  selected: string | null;
  canEdit: boolean;
  submitAll: (ops: Op[]) => string | null;
  onOpenTerminal: (target: { kind: "container" | "machine"; id: string }) => void;
}

/**
 * The selected record's settings; every change is checked against Docker's rules before it is sent.
 * Memoised: the room re-renders with every participant's cursor move (30 times a second each), and this
 * panel depends only on the document, the selection and stable callbacks.
 */
export const Inspector = memo(function Inspector(props: Props) {
  const { doc, selected } = props;
  const c = selected ? doc.containers[selected] : undefined;
  const n = selected ? doc.networks[selected] : undefined;
  const m = selected ? doc.machines[selected] : undefined;
  const svc = selected ? doc.services?.[selected] : undefined;
  const [netError, setNetError] = useState<string | null>(null);
  return (
    <section className="panel inspector" aria-label="Inspector">
      {svc && <ServiceInspector doc={doc} resolved={props.resolved} service={svc} />}
      {!c && !n && !m && !svc && <p className="muted">Select a host, network or container to see and change its settings.</p>}
      {c && <ContainerForm key={c.id} {...props} c={c} />}
      {c && <LazyFiles doc={doc} resolved={props.resolved} c={c} />}
      {n && (
        <div>
          <h2>Network</h2>
          <dl>
            <Field k={"Name"} v={n.name} />
            <Field k={"Driver"} v={n.driver === "null" ? "null (none)" : n.driver} />
            <Field k={"Subnet"} v={n.subnet ?? "—"} />
            <Field k={"Gateway"} v={n.gateway ?? "—"} />
            <Field k={"Internal"} v={n.internal ? "yes" : "no"} />
          </dl>
          {Object.entries(n.options).length > 0 && (
            <details>
              <summary>Options</summary>
              <ul className="small">
                {Object.entries(n.options).map(([k, v]) => (
                  <li key={k}>
                    {k}={v}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {!n.builtin && (
            <button
              type="button"
              disabled={!props.canEdit}
              onClick={() => {
                const op: Op = { type: "network.remove", networkId: n.id };
                const r = dryRun(doc, [op]);
                setNetError(r.ok ? props.submitAll([op]) : `Error response from daemon: ${r.error}`);
              }}
            >
              Remove network
            </button>
          )}
          {netError && (
            <p className="field-error" role="alert">
              {netError}
            </p>
          )}
        </div>
      )}
      {m && (
        <div>
          <h2>{m.kind === "vm" ? "Virtual machine" : "Linux host"}</h2>
          <dl>
            <Field k={"Name"} v={m.name} />
            {m.nics.map((nic) => (
              <Field key={nic.name} k={nic.name} v={nic.address ?? "no address"} />
            ))}
            <Field k={"Docker Engine"} v={m.engine ? "running" : "not installed"} />
          </dl>
          {m.vm && <VmForm key={m.id} doc={doc} m={{ ...m, vm: m.vm }} canEdit={props.canEdit} submitAll={props.submitAll} />}
          {m.engine && <ImageShelf key={m.id} doc={doc} machineId={m.id} machineName={m.name} />}
          <button type="button" onClick={() => props.onOpenTerminal({ kind: "machine", id: m.id })}>
            Open a terminal on {m.name}
          </button>
        </div>
      )}
    </section>
  );
});
