"use client";
/**
 * A container in the inspector: its name, image, command, published ports and aliases (each change
 * checked against Docker's rules before it is sent), its networks, its process, files and layers.
 */
import { type FormEvent, lazy, Suspense, useEffect, useState } from "react";
import { connectNetwork } from "@/lib/intents";
import type { Container, Doc } from "@/lib/model";
import type { Op } from "@/lib/ops";
import { splitWords } from "@/lib/shell/words";
import type { Resolved } from "@/lib/sim";
import { dryRun, parsePorts } from "../core/actions";
import type { ContainerFilesProps } from "./ContainerFiles";
import { ProcessPanel } from "./ProcessPanel";

interface ContainerFormProps {
  doc: Doc;
  resolved: Resolved;
  c: Container;
  canEdit: boolean;
  submitAll: (ops: Op[]) => string | null;
  onOpenTerminal: (target: { kind: "container" | "machine"; id: string }) => void;
}

/** The files section needs the shell's image trees: fetched with the first container shown, off the room's first load. */
const ContainerFiles = lazy(() => import("./ContainerFiles").then((m) => ({ default: m.ContainerFiles })));

export function LazyFiles(props: ContainerFilesProps) {
  return (
    <Suspense fallback={null}>
      <ContainerFiles {...props} />
    </Suspense>
  );
}

function portsText(c: Container): string {
  return c.ports
    .map((p) => `${p.hostIp ? `${p.hostIp}:` : ""}${p.hostPort ? `${p.hostPort}:` : ""}${p.containerPort}${p.proto === "tcp" ? "" : `/${p.proto}`}`)
    .join(", ");
}

export function ContainerForm({ doc, resolved, c, canEdit, submitAll, onOpenTerminal }: ContainerFormProps) {
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
