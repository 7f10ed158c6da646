"use client";
import { type FormEvent, lazy, memo, Suspense, useEffect, useState } from "react";
import { connectNetwork } from "@/lib/intents";
import type { Container, Doc } from "@/lib/model";
import type { Op } from "@/lib/ops";
import { splitWords } from "@/lib/shell/words";
import type { Resolved } from "@/lib/sim";
import { dryRun, parsePorts } from "../core/actions";
import { ServiceInspector } from "../swarm/ServiceInspector";
import { VmForm } from "../vm/VmForm";
import type { ContainerFilesProps } from "./ContainerFiles";
import { Field } from "./Field";
import { ImageShelf } from "./ImageLayers";
import { ProcessPanel } from "./ProcessPanel";

/** The files section needs the shell's image trees: fetched with the first container shown, off the room's first load. */
const ContainerFiles = lazy(() => import("./ContainerFiles").then((m) => ({ default: m.ContainerFiles })));

function LazyFiles(props: ContainerFilesProps) {
  return (
    <Suspense fallback={null}>
      <ContainerFiles {...props} />
    </Suspense>
  );
}

interface Props {
  doc: Doc;
  resolved: Resolved;
  selected: string | null;
  canEdit: boolean;
  submitAll: (ops: Op[]) => string | null;
  onOpenTerminal: (target: { kind: "container" | "machine"; id: string }) => void;
}

function portsText(c: Container): string {
  return c.ports
    .map((p) => `${p.hostIp ? `${p.hostIp}:` : ""}${p.hostPort ? `${p.hostPort}:` : ""}${p.containerPort}${p.proto === "tcp" ? "" : `/${p.proto}`}`)
    .join(", ");
}

function ContainerForm({ doc, resolved, c, canEdit, submitAll, onOpenTerminal }: Omit<Props, "selected"> & { c: Container }) {
  const [name, setName] = useState(c.name);
  const [image, setImage] = useState(c.image);
  const [command, setCommand] = useState(c.command.join(" "));
  const [ports, setPorts] = useState(portsText(c));
  const [aliases, setAliases] = useState<Record<string, string>>(() => Object.fromEntries(c.endpoints.map((e) => [e.networkId, e.aliases.join(", ")])));
  const [error, setError] = useState<{ field: string; text: string } | null>(null);
  // Someone else (or the terminal) may change the container: show their values, not stale ones.
  useEffect(() => {
    setName(c.name);
    setImage(c.image);
    setCommand(c.command.join(" "));
    setPorts(portsText(c));
    setAliases(Object.fromEntries(c.endpoints.map((e) => [e.networkId, e.aliases.join(", ")])));
  }, [c]);

  const view = resolved.containers.get(c.id);
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const ops: Op[] = [];
    if (name !== c.name) ops.push({ type: "container.rename", containerId: c.id, name });
    let words: string[];
    try {
      words = splitWords(command);
    } catch (err) {
      setError({ field: "command", text: (err as Error).message });
      return;
    }
    if (image !== c.image || words.join("\0") !== c.command.join("\0")) {
      if (image.trim() === "") return setError({ field: "image", text: "invalid reference format" });
      ops.push({ type: "container.update", containerId: c.id, image: image.trim(), command: words });
    }
    if (ports !== portsText(c)) {
      const parsed = parsePorts(ports);
      if (!parsed.ok) return setError({ field: "ports", text: parsed.error });
      ops.push({ type: "container.setPorts", containerId: c.id, ports: parsed.ports });
    }
    for (const ep of c.endpoints) {
      const text = aliases[ep.networkId] ?? "";
      const list = text.split(/[\s,]+/).filter(Boolean);
      if (list.join(",") !== ep.aliases.join(",")) ops.push({ type: "container.setAliases", containerId: c.id, networkId: ep.networkId, aliases: list });
    }
    if (ops.length === 0) return setError(null);
    const checked = dryRun(doc, ops);
    if (!checked.ok) {
      const field = ops.find((o) => dryRun(doc, [o]).ok === false)?.type ?? "";
      return setError({ field: fieldOf(field), text: `Error response from daemon: ${checked.error}` });
    }
    setError(submitAll(ops) ? { field: "form", text: "the room refused the change" } : null);
  }
  const msg = (field: string) =>
    error?.field === field ? (
      <p id={`err-${field}`} className="field-error" role="alert">
        {error.text}
      </p>
    ) : null;
  const described = (field: string) => (error?.field === field ? `err-${field}` : undefined);
  const lifecycle = (op: Op) => {
    const r = dryRun(doc, [op]);
    if (!r.ok) return setError({ field: "state", text: `Error response from daemon: ${r.error}` });
    setError(submitAll([op]) ? { field: "state", text: "the room refused the change" } : null);
  };
  const now = Date.now();
  return (
    <form onSubmit={onSubmit} aria-label={`container ${c.name}`}>
      <h2>Container</h2>
      <fieldset disabled={!canEdit}>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} aria-invalid={error?.field === "name"} aria-describedby={described("name")} />
        </label>
        {msg("name")}
        <label>
          Image
          <input value={image} onChange={(e) => setImage(e.target.value)} list="image-list" aria-describedby={described("image")} />
        </label>
        {msg("image")}
        <label>
          Command
          <input value={command} placeholder="(image default)" onChange={(e) => setCommand(e.target.value)} aria-describedby={described("command")} />
        </label>
        {msg("command")}
        <label>
          Published ports
          <input
            value={ports}
            onChange={(e) => setPorts(e.target.value)}
            aria-invalid={error?.field === "ports"}
            aria-describedby={`ports-hint ${described("ports") ?? ""}`.trim()}
          />
        </label>
        <p id="ports-hint" className="hint">
          {ports.trim() ? "Comma-separated" : "None published."} Format: 8080:80 or 127.0.0.1:8081:80
        </p>
        {msg("ports")}
        <p className="muted small">Network mode: {c.networkMode}</p>
        {c.endpoints.map((ep) => {
          const n = doc.networks[ep.networkId];
          const live = view?.endpoints.find((e) => e.network.id === ep.networkId);
          return (
            <div key={ep.networkId} className="endpoint">
              <p className="small">
                <strong>{n?.name}</strong> {live?.ip ?? ep.ip ?? "no address while stopped"}
                {ep.ipv4Address ? ` (fixed ${ep.ipv4Address})` : ""}
              </p>
              {n && !n.builtin && (
                <label>
                  Aliases on {n.name}
                  <input
                    value={aliases[ep.networkId] ?? ""}
                    onChange={(e) => setAliases({ ...aliases, [ep.networkId]: e.target.value })}
                    aria-describedby={described("aliases")}
                  />
                </label>
              )}
            </div>
          );
        })}
        {msg("aliases")}
        <ConnectRow doc={doc} c={c} submitAll={submitAll} />
        <button type="submit">Apply changes</button>
        {msg("form")}
        <div className="row">
          <span className="small">State: {c.state}</span>
          {c.state === "running" ? (
            <button type="button" onClick={() => lifecycle({ type: "container.stop", containerId: c.id, at: now })}>
              Stop
            </button>
          ) : (
            <button type="button" onClick={() => lifecycle({ type: "container.start", containerId: c.id, at: now })}>
              Start
            </button>
          )}
          <button type="button" onClick={() => lifecycle({ type: "container.remove", containerId: c.id, force: true })}>
            Remove
          </button>
        </div>
        {msg("state")}
        <ProcessPanel doc={doc} c={c} now={now} />
      </fieldset>
      <button type="button" onClick={() => onOpenTerminal({ kind: "container", id: c.id })}>
        Open a terminal in {c.name}
      </button>
    </form>
  );
}

/** The keyboard's way to draw or delete an edge: connect to a network, or disconnect from one. */
function ConnectRow({ doc, c, submitAll }: { doc: Doc; c: Container; submitAll: (ops: Op[]) => string | null }) {
  const [pick, setPick] = useState("");
  const [error, setError] = useState<string | null>(null);
  const on = new Set(c.endpoints.map((e) => e.networkId));
  const free = Object.values(doc.networks)
    .filter((n) => n.machineId === c.machineId && !on.has(n.id) && n.driver !== "host" && n.driver !== "null")
    .sort((a, b) => a.order - b.order);
  const send = (ops: Op[]) => {
    const r = dryRun(doc, ops);
    setError(r.ok ? submitAll(ops) : `Error response from daemon: ${r.error}`);
  };
  const target = pick || free[0]?.id || "";
  return (
    <div className="connect">
      {c.endpoints.map((ep) => (
        <button
          key={ep.networkId}
          type="button"
          onClick={() => send([{ type: "network.disconnect", containerId: c.id, networkId: ep.networkId, force: false }])}
        >
          Disconnect from {doc.networks[ep.networkId]?.name}
        </button>
      ))}
      {free.length > 0 && (
        <div className="row">
          <label className="grow">
            Connect to network
            <select value={target} onChange={(e) => setPick(e.target.value)}>
              {free.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => send(connectNetwork({ containerId: c.id, networkId: target }))}>
            Connect
          </button>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function fieldOf(opType: string): string {
  if (opType === "container.rename") return "name";
  if (opType === "container.update") return "image";
  if (opType === "container.setPorts") return "ports";
  if (opType === "container.setAliases") return "aliases";
  return "form";
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
