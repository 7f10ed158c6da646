"use client";
/**
 * The layers view: an engine's image shelf (its local images with their sizes), an image's layers
 * from the top down with the instruction that made each and its size, the layers other images on
 * the engine share marked as shared, and for a container its thin writable layer on top.
 */
import { lazy, Suspense, useMemo, useState } from "react";
import type { Doc, ImageRecord } from "@/lib/model";
import { humanSize } from "@/lib/model/units";
import { imageSize, imagesOn } from "@/lib/ops";

// A layer's files need the images' file trees and programs (the shell's), loaded when a layer is opened.
const LayerFiles = lazy(() => import("./LayerFiles").then((m) => ({ default: m.LayerFiles })));

/** The Dockerfile instruction a history row records (`RUN` for a build's commands and commits). */
function instructionOf(createdBy: string): string {
  const nop = /#\(nop\)\s+([A-Z]+)/.exec(createdBy);
  if (nop) return nop[1] as string;
  const word = /^([A-Z]{2,})\s/.exec(createdBy);
  return word ? (word[1] as string) : "RUN";
}

/** The row's text without what the instruction column says: the builder's `/bin/sh -c #(nop)`, the keyword, `/bin/sh -c`. */
function createdByText(createdBy: string, instruction: string): string {
  return createdBy
    .replace(/^\/bin\/sh -c #\(nop\)\s+/, "")
    .replace(new RegExp(`^${instruction}\\s+`), "")
    .replace(/^\|\d+ (\S+=\S* )+/, "")
    .replace(/^\/bin\/sh -c /, "");
}

function label(image: ImageRecord): string {
  return image.repoTags[0] ?? `<none> ${image.imageId.slice(0, 12)}`;
}

interface WritableLayer {
  /** Paths the container added, changed or deleted (docker diff). */
  changes: number;
  bytes: number;
}

interface LayersProps {
  doc: Doc;
  image: ImageRecord;
  /** A container's writable layer, shown on top of its image's. */
  writable?: WritableLayer;
}

export function ImageLayers({ doc, image, writable }: LayersProps) {
  // A layer is shared when another tagged image on the same engine stacks it too.
  const sharers = useMemo(() => {
    const out = new Map<string, string[]>();
    for (const other of imagesOn(doc, image.machineId)) {
      if (other.imageId === image.imageId || other.repoTags.length === 0) continue;
      for (const h of other.history) if (h.layer && !h.empty) out.set(h.layer, [...(out.get(h.layer) ?? []), label(other)]);
    }
    return out;
  }, [doc, image]);
  // Layers are numbered from the bottom, as dive and RootFS.Layers count them; metadata rows make none.
  const rows = useMemo(() => {
    let n = 0;
    return image.history.map((h, i) => ({ h, i, n: h.empty ? 0 : ++n })).reverse();
  }, [image]);
  const [chosen, setChosen] = useState<number | null>(null);
  const chosenRow = rows.find((r) => r.i === chosen && !r.h.empty);
  return (
    <>
      <p className="muted small layers-hint">Choose a layer to see what it changed and the files as of it.</p>
      <ol className="layers" aria-label={`layers of ${label(image)}, top first`}>
        {writable && (
          <li className="layer writable">
            <span className="layer-kind">writable</span>
            <span className="layer-text">
              this container: {writable.changes} change{writable.changes === 1 ? "" : "s"}
            </span>
            <span className="layer-size">{humanSize(writable.bytes)}</span>
          </li>
        )}
        {rows.map(({ h, i, n }) => {
          const shared = h.layer && !h.empty ? sharers.get(h.layer) : undefined;
          const instruction = instructionOf(h.createdBy);
          const text = createdByText(h.createdBy, instruction);
          return (
            <li key={i} className={h.empty ? "layer empty" : "layer"}>
              <span className="layer-kind">{instruction}</span>
              {h.empty ? (
                <span className="layer-text" title={h.createdBy}>
                  {text}
                </span>
              ) : (
                // A layer opens its files, as choosing a layer does in dive.
                <button
                  type="button"
                  className="layer-text layer-open"
                  title={h.createdBy}
                  aria-label={`layer ${n}: ${text}`}
                  aria-pressed={chosen === i}
                  onClick={() => setChosen(chosen === i ? null : i)}
                >
                  {text}
                </button>
              )}
              {shared && (
                <span className="layer-badge" title={`also in ${shared.join(", ")}`}>
                  shared
                </span>
              )}
              {h.simulated && (
                <span className="layer-badge" title="Dockside does not run this program: the layer stands in for what it would write">
                  simulated
                </span>
              )}
              <span className="layer-size">{h.empty ? "no layer" : humanSize(h.size)}</span>
            </li>
          );
        })}
      </ol>
      {chosenRow && (
        <Suspense fallback={null}>
          <LayerFiles image={image} row={chosenRow.i} name={`layer ${chosenRow.n}`} />
        </Suspense>
      )}
    </>
  );
}

/** The images an engine holds, as `docker images` lists them; one opens its layers. */
export function ImageShelf({ doc, machineId, machineName }: { doc: Doc; machineId: string; machineName: string }) {
  const images = useMemo(() => imagesOn(doc, machineId).filter((i) => i.repoTags.length > 0), [doc, machineId]);
  const [open, setOpen] = useState<string | null>(null);
  const shown = images.find((i) => i.imageId === open);
  return (
    <section className="image-shelf" aria-label={`images on ${machineName}`}>
      <h3>Images</h3>
      {images.length === 0 ? (
        <p className="muted small">No images yet: docker pull, docker build or docker run puts them here.</p>
      ) : (
        <ul className="shelf">
          {images.map((i) => (
            <li key={i.imageId}>
              <button type="button" className="shelf-item" aria-expanded={open === i.imageId} onClick={() => setOpen(open === i.imageId ? null : i.imageId)}>
                <span className="shelf-name">{i.repoTags.join(", ")}</span>
                <span className="shelf-size">{humanSize(imageSize(i))}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {shown && <ImageLayers key={shown.imageId} doc={doc} image={shown} />}
    </section>
  );
}
