"use client";
import { ReactFlowProvider } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import { io } from "socket.io-client";
import { randomIds, serializeDoc } from "@/lib/model";
import type { Op } from "@/lib/ops";
import { Shell, ShellContext } from "@/lib/shell";
import { type ReachResult, resolve } from "@/lib/sim";
import { SyncClient } from "@/lib/sync/client";
import { me, rememberRoom, roomRecord } from "../lib/identity";
import { type RoomStore, useDoc, useRoomState } from "../lib/store";
import { createNetworkOps, dryRun, freeName, parsePorts, runContainerOps } from "./actions";
import { Canvas } from "./Canvas";
import { nextSpot } from "./graph";
import { Inspector } from "./Inspector";
import { Palette, type PaletteSpec } from "./Palette";
import { ReachPanel } from "./ReachPanel";
import { Terminal, type TerminalTarget } from "./Terminal";
import { Toolbar } from "./Toolbar";
import { TEMPLATES } from "./templates";

const EMPTY: ReadonlySet<string> = new Set();

/** Runs a template's command lines through the shell and submits the ops they produce. */
function runTemplate(store: RoomStore, lines: readonly string[]): void {
  const doc = store.doc;
  if (!doc) return;
  const machineId = Object.values(doc.machines).sort((a, b) => a.order - b.order)[0]?.id;
  if (!machineId) return;
  const shell = new Shell(new ShellContext(doc, machineId, randomIds));
  for (const line of lines) shell.run(line);
  for (const op of shell.ctx.applied) store.submit(op);
}

export function Room({ roomId }: { roomId: string }) {
  const [client, setClient] = useState<SyncClient | null>(null);
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const record = roomRecord(roomId);
    const invite = params.get("invite") ?? record?.invite;
    const { name, color } = me();
    const socket = io({ autoConnect: false });
    const c = new SyncClient(socket, { roomId, name, color, ...(record?.token ? { token: record.token } : {}), ...(invite ? { invite } : {}) });
    let templated = false;
    const stop = c.subscribe((change) => {
      if (change.type !== "status" || c.status !== "joined" || !c.doc) return;
      rememberRoom({ roomId, title: c.doc.title, ...(c.token ? { token: c.token } : {}), ...(invite ? { invite } : {}) });
      const t = TEMPLATES.find((x) => x.id === params.get("t"));
      if (t && !templated && Object.keys(c.doc.containers).length === 0 && c.canEdit) {
        templated = true;
        runTemplate(c, t.lines);
        params.delete("t");
        const q = params.toString();
        window.history.replaceState(null, "", `${window.location.pathname}${q ? `?${q}` : ""}`);
      }
    });
    c.start();
    setClient(c);
    return () => {
      stop();
      c.stop();
      socket.disconnect();
    };
  }, [roomId]);

  const state = useRoomState(client);
  const doc = useDoc(client);
  const resolved = useMemo(() => (doc ? resolve(doc) : null), [doc]);
  const [selected, setSelected] = useState<string | null>(null);
  const [selectRequest, setSelectRequest] = useState<{ id: string | null; seq: number }>({ id: null, seq: 0 });
  const [reachResult, setReachResult] = useState<ReachResult | null>(null);
  const [terminal, setTerminal] = useState<TerminalTarget | null>(null);
  const [toast, setToast] = useState<string | null>(null);
  const [spec, setSpec] = useState<PaletteSpec>({ image: "nginx", name: "", networkMode: "default", ports: "", networkName: "my-net" });
  const canEdit = Boolean(client?.canEdit && state?.status === "joined");

  const highlight = useMemo(() => (reachResult ? new Set(reachResult.path.map((h) => h.id).filter((x): x is string => x !== null)) : EMPTY), [reachResult]);

  const submitAll = useCallback(
    (ops: Op[]): string | null => {
      if (!client) return "not connected";
      for (const op of ops) {
        const r = client.submit(op);
        if (!r.ok) {
          setToast(r.error);
          return r.error;
        }
      }
      return null;
    },
    [client],
  );

  const machineId = doc ? (Object.values(doc.machines).sort((a, b) => a.order - b.order)[0]?.id ?? null) : null;

  const create = useCallback(
    (kind: "container" | "network", onMachine: string, at: { x: number; y: number } | null): string | null => {
      if (!doc) return "not joined yet";
      let ops: Op[];
      if (kind === "container") {
        const ports = parsePorts(spec.ports);
        if (!ports.ok) return ports.error;
        const image = spec.image.trim() || "alpine";
        const name = spec.name.trim() || freeName(doc, onMachine, image.split(/[:/@]/).pop() || image, "container");
        ops = runContainerOps(doc, { machineId: onMachine, name, image, networkMode: spec.networkMode, ports: ports.ports, at });
      } else {
        ops = createNetworkOps(onMachine, spec.networkName.trim() || freeName(doc, onMachine, "net", "network"), at);
      }
      const checked = dryRun(doc, ops);
      if (!checked.ok) return `Error response from daemon: ${checked.error}`;
      const refused = submitAll(ops);
      if (!refused) {
        const id = (ops[0] as { id: string }).id;
        setSelectRequest((r) => ({ id, seq: r.seq + 1 }));
        if (kind === "container") setSpec((s) => ({ ...s, name: "" }));
        else setSpec((s) => ({ ...s, networkName: freeName(doc, onMachine, s.networkName, "network") }));
      }
      return refused;
    },
    [doc, spec, submitAll],
  );

  const onDropCreate = useCallback(
    (kind: "container" | "network", m: string, at: { x: number; y: number }) => {
      const e = create(kind, m, at);
      if (e) setToast(e);
    },
    [create],
  );

  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => setToast(null), 6000);
    return () => clearTimeout(t);
  }, [toast]);

  if (!client || !state) return <main className="loading">Opening the room…</main>;
  if (!doc || !resolved) {
    return (
      <main className="loading" aria-live="polite">
        {state.status === "refused" || state.status === "removed" ? (
          <>
            <h1>Can’t open this room</h1>
            <p>{state.error}</p>
            <a href="/">Back to the start page</a>
          </>
        ) : (
          <p>Joining the room… ({state.status})</p>
        )}
      </main>
    );
  }

  const save = () => {
    const blob = new Blob([serializeDoc(doc)], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `${doc.title.replace(/[^\w.-]+/g, "-") || "sandbox"}.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  };

  return (
    <ReactFlowProvider>
      <div className={`room ${terminal ? "with-terminal" : ""}`}>
        <Toolbar client={client} state={state} roomId={roomId} onSave={save} onTerminal={() => machineId && setTerminal({ kind: "machine", id: machineId })} />
        <Palette
          doc={doc}
          machineId={machineId}
          canEdit={canEdit}
          spec={spec}
          setSpec={setSpec}
          add={(k) => (machineId ? create(k, machineId, nextSpot(doc, machineId, k)) : "no host")}
        />
        <main className="stage" aria-label="Canvas">
          {!canEdit && (
            <p className="readonly-banner" role="status">
              {state.locked ? "The owner has locked this room: you can look, not change." : "You are a viewer in this room: you can look, not change."}
            </p>
          )}
          <Canvas
            store={client}
            doc={doc}
            resolved={resolved}
            highlight={highlight}
            selected={selected}
            setSelected={setSelected}
            selectRequest={selectRequest}
            canEdit={canEdit}
            submitAll={submitAll}
            onDropCreate={onDropCreate}
          />
          {toast && (
            <div className="toast" role="alert">
              {toast}
              <button type="button" onClick={() => setToast(null)} aria-label="Dismiss">
                ×
              </button>
            </div>
          )}
        </main>
        <aside className="side" aria-label="Details">
          <Inspector doc={doc} resolved={resolved} selected={selected} canEdit={canEdit} submitAll={submitAll} onOpenTerminal={setTerminal} />
          <ReachPanel resolved={resolved} onResult={setReachResult} />
        </aside>
        {terminal && <Terminal key={`${terminal.kind}:${terminal.id}`} store={client} target={terminal} onClose={() => setTerminal(null)} />}
      </div>
    </ReactFlowProvider>
  );
}
