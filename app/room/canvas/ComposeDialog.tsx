"use client";
import { useEffect, useId, useRef, useState } from "react";
import { type ComposeWarning, composeUp, parseCompose, unbuiltWarnings } from "@/lib/compose";
import { type Doc, randomIds } from "@/lib/model";
import type { Op } from "@/lib/ops";
import { resolve } from "@/lib/sim";
import { elkLayouter, placeUnplacedOp } from "../core/layout";
import { buildGraph } from "./graph";

export interface ComposeRequest {
  text: string;
  file: string;
  /** Dropped files are brought up at once; pasted text waits for the button. */
  run: boolean;
  seq: number;
}

type Outcome = { ok: true; lines: string[]; warnings: ComposeWarning[] } | { ok: false; error: string; warnings: ComposeWarning[] };

const EMPTY: ReadonlySet<string> = new Set();

/**
 * `docker compose up -d` on the room's document: the ops Compose would cause, plus a layout for the
 * new records, as one undoable step. Returns what to show: Compose's own lines, or its error.
 */
async function composeIntoRoom(
  doc: Doc,
  machineId: string,
  text: string,
  opts: { file: string; projectName: string },
  submit: (ops: Op[], label: string) => string | null,
): Promise<Outcome> {
  const dirName = opts.file.includes("/") ? (opts.file.split("/").slice(-2, -1)[0] ?? "app") : "app";
  const parsed = parseCompose(text, { dirName, file: opts.file, ...(opts.projectName.trim() ? { projectName: opts.projectName.trim() } : {}) });
  if (!parsed.ok) return { ok: false, error: parsed.error, warnings: [] };
  const warnings = [...parsed.warnings, ...unbuiltWarnings(doc, machineId, parsed.project)];
  const up = composeUp(doc, machineId, parsed.project, { ids: randomIds, at: Date.now() });
  if (!up.ok) return { ok: false, error: up.error ?? "compose up failed", warnings };
  const g = buildGraph(up.doc, resolve(up.doc), EMPTY);
  const place = await placeUnplacedOp(g.nodes, g.edges, up.doc, await elkLayouter());
  const refused = submit([...up.ops, ...(place ? [place] : [])], `compose up ${parsed.project.name}`);
  if (refused) return { ok: false, error: refused, warnings };
  return { ok: true, lines: up.lines, warnings };
}

interface Props {
  doc: Doc;
  machineId: string | null;
  canEdit: boolean;
  request: ComposeRequest | null;
  onClose: () => void;
  submit: (ops: Op[], label: string) => string | null;
}

/** Paste (or drop) a compose.yaml and bring it up on a host, with Compose's errors and warnings inline. */
export function ComposeDialog({ doc, machineId, canEdit, request, onClose, submit }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const ids = useId();
  const [text, setText] = useState("");
  const [file, setFile] = useState("compose.yaml");
  const [project, setProject] = useState("");
  const [host, setHost] = useState(machineId ?? "");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const engines = Object.values(doc.machines)
    .filter((m) => m.engine)
    .sort((a, b) => a.order - b.order);
  const docRef = useRef(doc);
  docRef.current = doc;

  const run = async (source: string, name: string) => {
    const target = engines.some((m) => m.id === host) ? host : engines[0]?.id;
    if (!target) return setOutcome({ ok: false, error: "no machine here runs a Docker Engine", warnings: [] });
    setBusy(true);
    try {
      setOutcome(await composeIntoRoom(docRef.current, target, source, { file: name, projectName: project }, submit));
    } finally {
      setBusy(false);
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new request (its seq) opens the dialog
  useEffect(() => {
    if (!request) return;
    if (!ref.current?.open) ref.current?.showModal();
    setText(request.text);
    setFile(request.file);
    setOutcome(null);
    if (request.run && canEdit) void run(request.text, request.file);
  }, [request?.seq]);

  return (
    <dialog ref={ref} className="compose-dialog" aria-labelledby={`${ids}-t`} onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void run(text, file);
        }}
      >
        <h2 id={`${ids}-t`}>Compose: paste a compose.yaml</h2>
        <label htmlFor={`${ids}-y`}>compose.yaml</label>
        <textarea
          id={`${ids}-y`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={10}
          spellCheck={false}
          placeholder={"services:\n  web:\n    image: nginx\n    ports: ['8080:80']"}
          aria-invalid={outcome?.ok === false}
          aria-describedby={`${ids}-o`}
        />
        <div className="row">
          <label>
            Project name <input value={project} onChange={(e) => setProject(e.target.value)} placeholder="from name: or app" pattern="[a-z0-9][a-z0-9_-]*" />
          </label>
          {engines.length > 1 && (
            <label>
              Engine{" "}
              <select value={host} onChange={(e) => setHost(e.target.value)}>
                {engines.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        <div id={`${ids}-o`} aria-live="polite">
          {outcome && !outcome.ok && (
            <p className="compose-error" role="alert">
              {outcome.error}
            </p>
          )}
          {outcome?.ok && <pre className="compose-lines">{outcome.lines.join("\n") || "Nothing to do: everything is up."}</pre>}
          {outcome && outcome.warnings.length > 0 && (
            <>
              <p className="muted small">Not modelled by Dockside (kept out of the sandbox):</p>
              <ul className="compose-warnings">
                {outcome.warnings.map((w) => (
                  <li key={`${w.path}:${w.message}`}>
                    <code>{w.path}</code>: {w.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
        <div className="row end">
          <button type="button" onClick={() => ref.current?.close()}>
            Close
          </button>
          <button type="submit" className="primary" disabled={!canEdit || busy || text.trim() === ""}>
            {busy ? "Bringing up…" : "docker compose up"}
          </button>
        </div>
      </form>
    </dialog>
  );
}
