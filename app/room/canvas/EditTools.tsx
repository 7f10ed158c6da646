"use client";
import { useReactFlow } from "@xyflow/react";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { type Doc, parseDoc } from "@/lib/model";
import type { Op } from "@/lib/ops";
import { type Resolved, resolve } from "@/lib/sim";
import type { HistoryStore, UndoHistory } from "../core/history";
import { elkLayouter, hasUnplaced, placeUnplacedOp, tidyOp } from "../core/layout";
import type { ComposeRequest } from "./ComposeDialog";
import { download, downloadText, type ExportFlow, exportCanvas } from "./exportImage";
import { buildGraph } from "./graph";
import { ComposeDialog } from "./LazyCompose";
import "./editing.css";

const EMPTY: ReadonlySet<string> = new Set();
const TERMINAL_NOTE = "Terminal commands are not undone: a real shell can’t take a command back.";

interface Props {
  store: HistoryStore & { readonly canEdit: boolean };
  doc: Doc;
  resolved: Resolved;
  history: UndoHistory;
  canEdit: boolean;
  machineId: string | null;
  notify: (message: string) => void;
  /** A compose file dropped on the canvas. */
  composeRequest: ComposeRequest | null;
  /** How many people besides this one are members of the room: loading replaces it for them too. */
  others: number;
}

function fileBase(doc: Doc): string {
  return doc.title.replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "") || "sandbox";
}

function editable(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return Boolean(el?.closest?.("input, textarea, select, [contenteditable=true], .xterm"));
}

/** A cheap first look, so big documents with everything placed never build a graph for it. */
function mayHaveUnplaced(doc: Doc): boolean {
  const missing = (rec: object) => Object.keys(rec).some((id) => !doc.layout[id]);
  return (
    missing(doc.containers) ||
    missing(doc.machines) ||
    missing(doc.lans) ||
    Object.values(doc.networks).some((n) => !doc.layout[n.id] && n.driver !== "host" && n.driver !== "null")
  );
}

/**
 * Places what nobody placed (terminal, templates, someone else's import) once things settle. The
 * author's browser does it at once; others wait, so usually the author's layout arrives first.
 */
function useAutoLayout(store: HistoryStore, doc: Doc, resolved: Resolved, canEdit: boolean, onFirst: () => void): void {
  const first = useRef(true);
  // The document a page joins with is someone else's: give its author the first go.
  const remote = useRef(true);
  useEffect(
    () =>
      store.subscribe((c) => {
        if (c.type === "doc") remote.current = c.remote;
      }),
    [store],
  );
  useEffect(() => {
    if (!canEdit || !mayHaveUnplaced(doc) || !hasUnplaced(buildGraph(doc, resolved, EMPTY).nodes, doc)) return;
    let cancelled = false;
    const t = setTimeout(
      async () => {
        const layouter = await elkLayouter();
        const now = store.doc;
        if (cancelled || !now) return;
        const g = buildGraph(now, resolve(now), EMPTY);
        const op = await placeUnplacedOp(g.nodes, g.edges, now, layouter);
        // Computed for a document that has moved on: the next change schedules a fresh one.
        if (op && !cancelled && store.doc === now && store.submit(op).ok && first.current) {
          // The page fitted the view to where things were drawn before they had a place.
          first.current = false;
          onFirst();
        }
      },
      remote.current ? 1500 : 200,
    );
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
  }, [store, doc, resolved, canEdit, onFirst]);
}

/** Undo/redo, tidy, compose, load and export: the toolbar's editing controls. */
export function EditTools({ store, doc, resolved, history, canEdit, machineId, notify, composeRequest, others }: Props) {
  const flow = useReactFlow();
  useSyncExternalStore(history.subscribe, history.getVersion, history.getVersion);
  const [compose, setCompose] = useState<ComposeRequest | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const menu = useRef<HTMLDetailsElement>(null);
  // Hidden nodes count: far away the canvas keeps them hidden and draws them itself (FarView).
  const refit = useCallback(() => void flow.fitView({ padding: 0.15, duration: 200, includeHiddenNodes: true }), [flow]);
  useAutoLayout(store, doc, resolved, canEdit, refit);

  useEffect(() => {
    if (composeRequest) setCompose(composeRequest);
  }, [composeRequest]);

  const undo = useCallback(() => {
    const r = history.undo();
    if (r && !r.ok) notify(r.error);
  }, [history, notify]);
  const redo = useCallback(() => {
    const r = history.redo();
    if (r && !r.ok) notify(r.error);
  }, [history, notify]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || editable(e.target) || !canEdit) return;
      const key = e.key.toLowerCase();
      if (key === "z" && !e.shiftKey) undo();
      else if ((key === "z" && e.shiftKey) || key === "y") redo();
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [undo, redo, canEdit]);

  const tidy = async () => {
    const g = buildGraph(doc, resolved, EMPTY);
    const op = await tidyOp(g.nodes, g.edges, doc, await elkLayouter());
    if (op) {
      const refused = history.submit([op], "tidy");
      if (refused) notify(refused);
    }
  };

  const load = async (file: File) => {
    const loaded = parseDoc(await file.text());
    if (!loaded.ok) return notify(`Can’t load ${file.name}: ${loaded.error}`);
    const who = others === 1 ? "you and 1 other person" : `you and ${others} other people`;
    if (
      others > 0 &&
      !window.confirm(`Replace everything in this room with ${file.name}? The room is shared: ${who} will see the new document. Undo takes it back.`)
    )
      return;
    const g = buildGraph(loaded.doc, resolve(loaded.doc), EMPTY);
    const place = await placeUnplacedOp(g.nodes, g.edges, loaded.doc, await elkLayouter());
    const ops: Op[] = [{ type: "doc.replace", doc: loaded.doc }, ...(place ? [place] : [])];
    const refused = history.submit(ops, `load ${file.name}`);
    if (refused) notify(`Can’t load ${file.name}: ${refused}`);
  };

  const closeThen = (fn: () => void) => {
    if (menu.current) menu.current.open = false;
    fn();
  };

  const exportAs = async (kind: "png" | "svg" | "compose" | "script") => {
    if (menu.current) menu.current.open = false;
    const base = fileBase(doc);
    try {
      if (kind === "png" || kind === "svg") {
        const root = document.querySelector<HTMLElement>(".canvas");
        if (!root) return;
        download(await exportCanvas(flow as unknown as ExportFlow, root, kind), `${base}.${kind}`);
      } else {
        if (!machineId) return notify("no machine here runs a Docker Engine");
        const { exportCompose, exportScript } = await import("@/lib/compose");
        if (kind === "compose") downloadText(exportCompose(doc, machineId), "compose.yaml", "application/yaml");
        else downloadText(exportScript(doc, machineId), `${base}.sh`, "text/x-shellscript");
      }
    } catch (e) {
      notify(`Export failed: ${(e as Error).message}`);
    }
  };

  const undoLabel = history.nextUndo;
  const redoLabel = history.nextRedo;
  return (
    <fieldset className="edit-tools">
      <legend className="sr-only">Editing</legend>
      <button
        type="button"
        onClick={undo}
        disabled={!canEdit || !undoLabel}
        title={`${undoLabel ? `Undo ${undoLabel}` : "Nothing of yours to undo"} (Ctrl+Z). ${TERMINAL_NOTE}`}
        aria-keyshortcuts="Control+Z"
        aria-label="Undo"
      >
        ↶
      </button>
      <button
        type="button"
        onClick={redo}
        disabled={!canEdit || !redoLabel}
        title={`${redoLabel ? `Redo ${redoLabel}` : "Nothing to redo"} (Ctrl+Shift+Z). ${TERMINAL_NOTE}`}
        aria-keyshortcuts="Control+Shift+Z"
        aria-label="Redo"
      >
        ↷
      </button>
      <button type="button" onClick={() => void tidy()} disabled={!canEdit} title="Lay out every host, network and container again">
        Tidy
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        aria-label="Document to load"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = "";
          if (f) void load(f);
        }}
      />
      <details className="export-menu" ref={menu}>
        <summary>File</summary>
        <ul>
          <li>
            <button
              type="button"
              onClick={() => closeThen(() => setCompose({ text: "", file: "compose.yaml", run: false, seq: Date.now() }))}
              disabled={!canEdit}
            >
              Compose…
            </button>
          </li>
          <li>
            <button
              type="button"
              onClick={() => closeThen(() => fileInput.current?.click())}
              disabled={!canEdit}
              title="Replace this room’s document with a saved one"
            >
              Load JSON…
            </button>
          </li>
          <li>
            <button type="button" onClick={() => void exportAs("png")}>
              Export picture (PNG)
            </button>
          </li>
          <li>
            <button type="button" onClick={() => void exportAs("svg")}>
              Export picture (SVG)
            </button>
          </li>
          <li>
            <button type="button" onClick={() => void exportAs("compose")}>
              Export compose.yaml
            </button>
          </li>
          <li>
            <button type="button" onClick={() => void exportAs("script")}>
              Export docker CLI script
            </button>
          </li>
        </ul>
      </details>
      {compose && (
        <ComposeDialog
          doc={doc}
          machineId={machineId}
          canEdit={canEdit}
          request={compose}
          onClose={() => setCompose(null)}
          submit={(ops, label) => history.submit(ops, label)}
        />
      )}
    </fieldset>
  );
}
