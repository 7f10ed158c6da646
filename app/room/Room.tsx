"use client";
import { ReactFlowProvider } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import { createNetwork } from "@/lib/intents";
import { type Doc, randomIds, serializeDoc } from "@/lib/model";
import type { Op } from "@/lib/ops";
import { type ReachResult, resolve } from "@/lib/sim";
import type { ReachQuery } from "@/lib/sync/live";
import { ClassPanel } from "../class/ClassPanel";
import { rememberRoom, setMyName } from "../lib/identity";
import { Canvas } from "./Canvas";
import type { ComposeRequest } from "./ComposeDialog";
import { dryRun, freeName, parsePorts } from "./core/actions";
import { EditTools } from "./EditTools";
import { FirstSteps } from "./FirstSteps";
import { nextSpot } from "./graph";
import { ExerciseAuthor, ReplayPanel } from "./LazyLive";
import { preloadTerminal, Terminal } from "./LazyTerminal";
import { LiveBar } from "./LiveBar";
import { Palette, type PaletteSpec } from "./Palette";
import { People, readOnlyReason } from "./People";
import { Inspector, ReachPanel } from "./panels";
import { TeachMenu } from "./TeachMenu";
import type { TerminalTarget } from "./Terminal";
import { Toolbar } from "./Toolbar";
import { TopologyTable } from "./TopologyTable";
import { type TerminalLayout, terminalLayout, useTerminalLayout } from "./terminalLayout";
import { useLive } from "./useLive";
import { useRoom } from "./useRoom";

const EMPTY: ReadonlySet<string> = new Set();

export function Room({ roomId }: { roomId: string }) {
  const [toast, setToast] = useState<string | null>(null);
  const { client, conn, state, doc, resolved, history, inClass, startsEmpty, submitAll, rejoin } = useRoom(roomId, setToast);
  const [selected, setSelected] = useState<string | null>(null);
  const [selectRequest, setSelectRequest] = useState<{ id: string | null; seq: number }>({ id: null, seq: 0 });
  const [reachResult, setReachResult] = useState<ReachResult | null>(null);
  const [terminal, setTerminal] = useState<TerminalTarget | null>(null);
  const [termLayout, setTermLayout] = useTerminalLayout();
  const [composeDrop, setComposeDrop] = useState<ComposeRequest | null>(null);
  const [spec, setSpec] = useState<PaletteSpec>({ image: "nginx", name: "", networkMode: "default", ports: "", networkName: "my-net" });
  const [replay, setReplay] = useState<{ doc: Doc; seq: number } | null>(null);
  const [replayOpen, setReplayOpen] = useState(false);
  const [authoring, setAuthoring] = useState(false);
  const [hiddenSpot, setHiddenSpot] = useState(-1);
  const [tableView, setTableView] = useState(false);
  const canEdit = Boolean(client?.canEdit && state?.status === "joined") && !replayOpen;
  const shownDoc = replay?.doc ?? doc;
  const shownResolved = useMemo(() => (replay ? resolve(replay.doc) : resolved), [replay, resolved]);
  const live = useLive(conn?.live ?? null, state, resolved, client);
  const spotlight = live.live.spotlight.seq === hiddenSpot ? null : live.spotlight;
  const shownReach = spotlight?.result ?? reachResult;

  const highlight = useMemo(() => (shownReach ? new Set(shownReach.path.map((h) => h.id).filter((x): x is string => x !== null)) : EMPTY), [shownReach]);
  const onReplayDoc = useCallback((d: Doc | null, seq: number | null) => setReplay(d && seq !== null ? { doc: d, seq } : null), []);
  const onQuery = useCallback(
    (q: ReachQuery | null) => {
      if (live.presenting) void conn?.live.spotlight(q);
    },
    [live.presenting, conn],
  );
  // Following a presenter includes what they have selected.
  useEffect(() => {
    if (live.selection) setSelectRequest((r) => ({ id: live.selection, seq: r.seq + 1 }));
  }, [live.selection]);

  const machineId = doc ? (Object.values(doc.machines).sort((a, b) => a.order - b.order)[0]?.id ?? null) : null;

  const create = useCallback(
    async (kind: "container" | "network", onMachine: string, at: { x: number; y: number } | null): Promise<string | null> => {
      if (!doc) return "not joined yet";
      let ops: Op[];
      let id: string;
      if (kind === "container") {
        const ports = parsePorts(spec.ports);
        if (!ports.ok) return ports.error;
        const image = spec.image.trim() || "alpine";
        const name = spec.name.trim() || freeName(doc, onMachine, image.split(/[:/@]/).pop() || image, "container");
        // The run's main process needs the shell, loaded on the first add (the terminal preloads it too).
        const { addContainer } = await import("./core/addContainer");
        const added = addContainer(doc, { machineId: onMachine, name, image, networkMode: spec.networkMode, ports: ports.ports, at });
        if (!added.ok) return added.error;
        ({ ops, id } = added);
      } else {
        const name = spec.networkName.trim() || freeName(doc, onMachine, "net", "network");
        ops = createNetwork({ doc, ids: randomIds, now: Date.now() }, { machineId: onMachine, name, at });
        const checked = dryRun(doc, ops);
        if (!checked.ok) return `Error response from daemon: ${checked.error}`;
        id = (ops[0] as { id: string }).id;
      }
      const refused = submitAll(ops);
      if (!refused) {
        setSelectRequest((r) => ({ id, seq: r.seq + 1 }));
        // A published port stays taken: keeping it in the form would make the next Add fail.
        if (kind === "container") setSpec((s) => ({ ...s, name: "", ports: "" }));
        else setSpec((s) => ({ ...s, networkName: freeName(doc, onMachine, s.networkName, "network") }));
      }
      return refused;
    },
    [doc, spec, submitAll],
  );

  const onDropCreate = useCallback(
    async (kind: "container" | "network", m: string, at: { x: number; y: number }) => {
      const e = await create(kind, m, at);
      if (e) setToast(e);
    },
    [create],
  );

  // Recent rooms show the room's current name.
  const title = doc?.title;
  useEffect(() => {
    if (title !== undefined && state?.status === "joined") rememberRoom({ roomId, title });
  }, [title, roomId, state?.status]);

  // The terminal's code comes ahead of its first use, so opening it works even after the network drops.
  const joined = state?.status === "joined";
  useEffect(() => {
    if (!joined) return;
    const t = setTimeout(() => void preloadTerminal(), 1500);
    return () => clearTimeout(t);
  }, [joined]);

  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => setToast(null), 6000);
    return () => clearTimeout(t);
  }, [toast]);

  if (!client || !state)
    return (
      <main id="main" className="loading">
        Opening the room…
      </main>
    );
  if (!doc || !resolved || !shownDoc || !shownResolved) {
    return (
      <main id="main" className="loading" aria-live="polite">
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
      <div className={`room${terminal ? ` with-terminal dock-${termLayout.dock}` : ""}`} style={terminalLayout(termLayout)}>
        <Toolbar
          state={state}
          roomId={roomId}
          onSave={save}
          onTerminal={() => machineId && setTerminal({ kind: "machine", id: machineId })}
          onFollow={live.follow}
          onRename={canEdit ? (title) => submitAll([{ type: "doc.setTitle", title }]) : null}
          onNewInvites={() => client.rotateInvite()}
          editing={
            history && (
              <EditTools
                store={client}
                doc={doc}
                resolved={resolved}
                history={history}
                canEdit={canEdit}
                machineId={machineId}
                notify={setToast}
                composeRequest={composeDrop}
                others={state.members.filter((m) => m.memberId !== state.memberId).length}
              />
            )
          }
          actions={
            <TeachMenu
              owner={state.role === "owner"}
              presenting={live.presenting}
              replaying={replayOpen}
              onPresent={() => void conn?.live.present(!live.presenting).then((r) => !r.ok && setToast(r.error))}
              onReplay={() => setReplayOpen((o) => !o)}
              onAuthor={() => setAuthoring(true)}
            />
          }
        />
        <Palette
          doc={doc}
          machineId={machineId}
          canEdit={canEdit}
          spec={spec}
          setSpec={setSpec}
          add={(k) => (machineId ? create(k, machineId, nextSpot(doc, machineId, k)) : Promise.resolve("no host"))}
          submitAll={submitAll}
        />
        <main className="stage" aria-label="Canvas" id="main" tabIndex={-1}>
          <button type="button" className="view-toggle" aria-pressed={tableView} onClick={() => setTableView((v) => !v)}>
            {tableView ? "Show the canvas" : "Show as tables"}
          </button>
          {tableView && <TopologyTable resolved={shownResolved} reach={shownReach} />}
          {/* One column at the top of the canvas: the banners never cover the follow buttons. */}
          <div className="stage-top">
            {replay && (
              <p className="readonly-banner replay-banner" role="status">
                Replay: the room at change {replay.seq}. Read-only; “Back to live” returns to the room.
              </p>
            )}
            {!canEdit && !replayOpen && (
              <p className="readonly-banner" role="status">
                {readOnlyReason(state, inClass) ?? "You can look, not change."}
              </p>
            )}
            <LiveBar
              live={live}
              nameOf={(id) => doc.containers[id]?.name ?? doc.machines[id]?.name ?? (doc.lans[id] ? `another machine on ${doc.lans[id].name}` : id)}
              onClearSpotlight={() => setHiddenSpot(live.live.spotlight.seq)}
            />
          </div>
          <Canvas
            store={client}
            doc={shownDoc}
            resolved={shownResolved}
            highlight={highlight}
            selected={selected}
            setSelected={setSelected}
            selectRequest={selectRequest}
            canEdit={canEdit}
            submitAll={submitAll}
            onDropCreate={onDropCreate}
            viewportTarget={live.viewportTarget}
            onUserMove={live.onUserMove}
            onDropCompose={(text, file) => setComposeDrop({ text, file, run: true, seq: Date.now() })}
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
          {canEdit && <FirstSteps roomId={roomId} doc={doc} startsEmpty={startsEmpty} />}
          <ClassPanel roomId={roomId} doc={doc} submit={(op) => client.submit(op)} />
          {replayOpen && conn && <ReplayPanel socket={conn.socket} onDoc={onReplayDoc} onClose={() => setReplayOpen(false)} />}
          <Inspector doc={shownDoc} resolved={shownResolved} selected={selected} canEdit={canEdit} submitAll={submitAll} onOpenTerminal={setTerminal} />
          <ReachPanel resolved={shownResolved} onResult={setReachResult} onQuery={onQuery} />
          <People
            client={client}
            state={state}
            roomId={roomId}
            onRename={
              inClass
                ? null
                : (n) => {
                    setMyName(n);
                    rejoin();
                  }
            }
          />
        </aside>
        {authoring && <ExerciseAuthor doc={doc} onClose={() => setAuthoring(false)} />}
        {terminal && (
          <Terminal
            key={`${terminal.kind}:${terminal.id}`}
            store={client}
            target={terminal}
            onClose={() => setTerminal(null)}
            dock={termLayout.dock}
            size={termLayout.size}
            onLayout={(dock, size) => setTermLayout({ dock, size } satisfies TerminalLayout)}
          />
        )}
      </div>
    </ReactFlowProvider>
  );
}
