"use client";
/**
 * One layer's files in the layers view, as dive shows them: what the layer added, changed and
 * deleted, and the merged tree as of that layer with the layer's own changes marked.
 */
import { useMemo } from "react";
import type { ImageRecord } from "@/lib/model";
import { layerView } from "../core/layerFiles";

/** Change lines listed before "N more": the tree below holds the rest in place. */
const CHANGES_SHOWN = 60;

const KIND_TEXT = { A: "added", C: "changed", D: "deleted" } as const;

export function LayerFiles({ image, row, name }: { image: ImageRecord; row: number; name: string }) {
  const { changes, tree } = useMemo(() => layerView(image, row), [image, row]);
  return (
    <section className="layer-files" aria-label={`files of ${name}`}>
      <h4>What {name} changed</h4>
      {!changes.recorded ? (
        <p className="muted small">
          Dockside's catalog keeps {changes.base}'s files as one tree, not layer by layer: which of its layers added each file is not recorded.
        </p>
      ) : changes.changes.length === 0 ? (
        <p className="muted small">No files: this step made no changes to the file system.</p>
      ) : (
        <ul className="layer-changes small mono" aria-label={`changes of ${name}`}>
          {changes.changes.slice(0, CHANGES_SHOWN).map((c) => (
            <li key={c.path} className={`change-${c.kind}`} title={KIND_TEXT[c.kind]}>
              {c.kind} {c.path}
            </li>
          ))}
          {changes.changes.length > CHANGES_SHOWN && <li className="muted">… {changes.changes.length - CHANGES_SHOWN} more</li>}
        </ul>
      )}
      <h4>Files as of {name}</h4>
      {tree.baseWhole && <p className="muted small">The base image's files as of its top layer (the catalog does not split them by layer).</p>}
      {/* Focusable so the keyboard can scroll it. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable from the keyboard */}
      <ul className="file-tree small mono" aria-label={`files as of ${name}`} tabIndex={0}>
        {tree.entries.map((e) => (
          <li key={e.path} style={{ paddingLeft: `${e.depth * 2}ch` }} className={e.change ? `change-${e.change}` : undefined}>
            <span className="tree-mark" title={e.change ? KIND_TEXT[e.change] : undefined}>
              {e.change ?? ""}
            </span>
            {e.name}
            {e.type === "d" ? "/" : ""}
            {e.type === "l" && <span className="muted"> → {e.target}</span>}
          </li>
        ))}
        {tree.more > 0 && (
          <li className="muted">
            … {tree.capped ? "at least " : ""}
            {tree.more} more
          </li>
        )}
      </ul>
    </section>
  );
}
