"use client";
/** A container's files in the inspector: its mounts, what its writable layer changed (docker diff), and its layers. */
import { useMemo } from "react";
import type { Container, Doc } from "@/lib/model";
import { findImage } from "@/lib/ops";
import { containerChanges } from "@/lib/shell/docker/files";
import { committedLayer } from "@/lib/shell/fs/container";
import type { Resolved } from "@/lib/sim";
import { ImageLayers } from "./ImageLayers";

/** Enough lines to see what happened; `docker diff` in the terminal shows them all. */
const SHOWN = 40;

const KIND_TEXT = { A: "added", C: "changed", D: "deleted" } as const;

function mountText(m: NonNullable<Container["mounts"]>[number]): string {
  const source =
    m.type === "tmpfs" ? "tmpfs" : m.type === "bind" ? m.source : `volume ${m.source.length === 64 ? `${m.source.slice(0, 12)}… (anonymous)` : m.source}`;
  return `${source} → ${m.target}${m.readOnly ? " (read-only)" : ""}`;
}

export interface ContainerFilesProps {
  doc: Doc;
  resolved: Resolved;
  c: Container;
}

export function ContainerFiles({ doc, resolved, c }: ContainerFilesProps) {
  const view = resolved.containers.get(c.id);
  const changes = useMemo(() => (view ? containerChanges(doc, view) : []), [doc, view]);
  const image = findImage(doc, c.machineId, c.image);
  const writable = useMemo(() => ({ changes: changes.length, bytes: committedLayer(doc.files?.[c.id]).size }), [changes, doc.files, c.id]);
  const tmpfs = Object.keys(c.spec?.tmpfs ?? {}).map((target) => ({ type: "tmpfs" as const, source: "", target, readOnly: false }));
  const mounts = [...(c.mounts ?? []), ...tmpfs];
  return (
    <section aria-label={`files of ${c.name}`}>
      <h3>Files</h3>
      {mounts.length === 0 ? (
        <p className="muted small">No volumes or mounts: everything it writes stays in its writable layer and goes with docker rm.</p>
      ) : (
        <ul className="small" aria-label="mounts">
          {mounts.map((m) => (
            <li key={m.target}>{mountText(m)}</li>
          ))}
        </ul>
      )}
      {changes.length === 0 ? (
        <p className="muted small">Writable layer: no changes to the image's files.</p>
      ) : (
        <details open={changes.length <= 8}>
          <summary className="small">
            Writable layer: {changes.length} change{changes.length === 1 ? "" : "s"}
          </summary>
          <ul className="small mono" aria-label="writable layer changes">
            {changes.slice(0, SHOWN).map((ch) => (
              <li key={ch.path} title={KIND_TEXT[ch.kind]}>
                {ch.kind} {ch.path}
              </li>
            ))}
            {changes.length > SHOWN && (
              <li className="muted">
                … {changes.length - SHOWN} more (docker diff {c.name})
              </li>
            )}
          </ul>
        </details>
      )}
      {image && (
        <details className="container-layers">
          <summary className="small">Layers: its writable layer on {image.repoTags[0] ?? c.image}</summary>
          <ImageLayers doc={doc} image={image} writable={writable} />
        </details>
      )}
    </section>
  );
}
