"use client";
import { type DragEvent, useState } from "react";
import { type Doc, IMAGES } from "@/lib/model";
import type { Op } from "@/lib/ops";
import { MachinePalette } from "../vm/MachinePalette";

export interface PaletteSpec {
  image: string;
  name: string;
  networkMode: string;
  ports: string;
  networkName: string;
}

export const DRAG_TYPE = "application/x-dockside";

interface Props {
  doc: Doc;
  machineId: string | null;
  canEdit: boolean;
  spec: PaletteSpec;
  setSpec: (s: PaletteSpec) => void;
  /** Adds the record at its default spot; returns an error in Docker's words, or null. */
  add: (kind: "container" | "network") => Promise<string | null>;
  /** Sends ops through the room: LANs, hosts and VMs are created with it. */
  submitAll?: (ops: Op[]) => string | null;
}

function onDragStart(kind: string) {
  return (e: DragEvent) => {
    e.dataTransfer.setData(DRAG_TYPE, kind);
    e.dataTransfer.effectAllowed = "copy";
  };
}

/** Containers and networks to drag onto a host (or add with a click or Enter). */
export function Palette({ doc, machineId, canEdit, spec, setSpec, add, submitAll }: Props) {
  const [error, setError] = useState<{ kind: string; text: string } | null>(null);
  const nets = Object.values(doc.networks)
    .filter((n) => n.machineId === machineId && !n.builtin)
    .sort((a, b) => a.order - b.order);
  const run = async (kind: "container" | "network") => {
    const e = await add(kind);
    setError(e ? { kind, text: e } : null);
  };
  return (
    <section className="panel palette" aria-label="Palette">
      <h2>Add</h2>
      <fieldset disabled={!canEdit || !machineId}>
        <fieldset className="palette-item" draggable={canEdit} onDragStart={onDragStart("container")} aria-label="Container: drag onto a host or press Add">
          <legend>Container</legend>
          <label>
            Image
            <input list="image-list" value={spec.image} onChange={(e) => setSpec({ ...spec, image: e.target.value })} />
          </label>
          <datalist id="image-list">
            {[...IMAGES.values()].map((i) => (
              <option key={i.name} value={i.name}>
                {i.description}
              </option>
            ))}
          </datalist>
          <label>
            Name
            <input value={spec.name} placeholder="(from the image)" onChange={(e) => setSpec({ ...spec, name: e.target.value })} />
          </label>
          <label>
            Network
            <select value={spec.networkMode} onChange={(e) => setSpec({ ...spec, networkMode: e.target.value })}>
              <option value="default">default bridge</option>
              {nets.map((n) => (
                <option key={n.id} value={n.name}>
                  {n.name}
                </option>
              ))}
              <option value="host">host</option>
              <option value="none">none</option>
            </select>
          </label>
          <label>
            Publish
            <input
              value={spec.ports}
              onChange={(e) => setSpec({ ...spec, ports: e.target.value })}
              aria-invalid={error?.kind === "container"}
              aria-describedby={`palette-ports-hint${error?.kind === "container" ? " palette-err-container" : ""}`}
            />
          </label>
          <p id="palette-ports-hint" className="hint">
            Optional, host:container, e.g. 8080:80
          </p>
          <button type="button" onClick={() => void run("container")}>
            Add container
          </button>
          {error?.kind === "container" && (
            <p id="palette-err-container" className="field-error" role="alert">
              {error.text}
            </p>
          )}
        </fieldset>
        <fieldset className="palette-item" draggable={canEdit} onDragStart={onDragStart("network")} aria-label="Bridge network: drag onto a host or press Add">
          <legend>Bridge network</legend>
          <label>
            Name
            <input
              value={spec.networkName}
              onChange={(e) => setSpec({ ...spec, networkName: e.target.value })}
              aria-describedby={error?.kind === "network" ? "palette-err-network" : undefined}
            />
          </label>
          <button type="button" onClick={() => void run("network")}>
            Add network
          </button>
          {error?.kind === "network" && (
            <p id="palette-err-network" className="field-error" role="alert">
              {error.text}
            </p>
          )}
        </fieldset>
      </fieldset>
      {submitAll && <MachinePalette doc={doc} canEdit={canEdit} submitAll={submitAll} />}
      <p className="muted small">
        Connect a container by drawing from its top handle onto a network box, or with Connect in its details; delete the edge to disconnect. Arrow keys move a
        selected box.
      </p>
    </section>
  );
}
