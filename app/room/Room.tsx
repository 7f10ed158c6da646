"use client";
/**
 * The room page: its layout (toolbar, palette, canvas or tables, the side panels, the terminal) and
 * the wiring between them. What the views share comes from `useRoom()`; each feature keeps its own
 * state in its hook (selection, adding boxes, reach, replay, the terminal).
 */
import { ReactFlowProvider } from "@xyflow/react";
import { useState } from "react";
import { serializeDoc } from "@/lib/model";
import { ClassPanel } from "../class/ClassPanel";
import { Canvas } from "./canvas/Canvas";
import type { ComposeRequest } from "./canvas/ComposeDialog";
import { EditTools } from "./canvas/EditTools";
import { downloadText } from "./canvas/exportImage";
import { nextSpot } from "./canvas/graph";
import { Palette } from "./canvas/Palette";
import { useAdd } from "./canvas/useAdd";
import { useSelection } from "./canvas/useSelection";
import { Inspector } from "./inspector/Inspector";
import { TopologyTable } from "./inspector/TopologyTable";
import { Opening } from "./Opening";
import { People, readOnlyReason } from "./people/People";
import { ReachPanel } from "./reach/ReachPanel";
import { useReach } from "./reach/useReach";
import { Toolbar } from "./Toolbar";
import { FirstSteps } from "./teach/FirstSteps";
import { ExerciseAuthor, ReplayPanel } from "./teach/LazyLive";
import { LiveBar } from "./teach/LiveBar";
import { TeachMenu } from "./teach/TeachMenu";
import { useLive } from "./teach/useLive";
import { useReplay } from "./teach/useReplay";
import { Terminal } from "./terminal/LazyTerminal";
import { terminalLayout } from "./terminal/terminalLayout";
import { useTerminal } from "./terminal/useTerminal";
import { useRoom } from "./useRoom";

export function Room({ roomId }: { roomId: string }) {
  const { client, conn, state, doc, resolved, history, inClass, startsEmpty, submitAll, rename, toast, notify } = useRoom(roomId);
  const live = useLive(conn?.live ?? null, state, resolved, client);
  const selection = useSelection(live.selection);
  const adding = useAdd({ doc, submitAll, select: selection.select, notify });
  const reach = useReach(live, conn?.live ?? null);
  const replay = useReplay(resolved);
  const terminal = useTerminal(state?.status === "joined");
  const [composeDrop, setComposeDrop] = useState<ComposeRequest | null>(null);
  const [authoring, setAuthoring] = useState(false);
  const [tableView, setTableView] = useState(false);
  const canEdit = Boolean(client?.canEdit && state?.status === "joined") && !replay.open;
  const shownDoc = replay.at?.doc ?? doc;
  const shownResolved = replay.resolved;
  const machineId = doc ? (Object.values(doc.machines).sort((a, b) => a.order - b.order)[0]?.id ?? null) : null;

  if (!client || !state || !doc || !resolved || !shownDoc || !shownResolved) return <Opening state={client ? state : null} />;

  const save = () => downloadText(serializeDoc(doc), `${doc.title.replace(/[^\w.-]+/g, "-") || "sandbox"}.json`, "application/json");
  const nameOf = (id: string) => doc.containers[id]?.name ?? doc.machines[id]?.name ?? (doc.lans[id] ? `another machine on ${doc.lans[id].name}` : id);

  return (
    <ReactFlowProvider>
      <div className={`room${terminal.target ? ` with-terminal dock-${terminal.layout.dock}` : ""}`} style={terminalLayout(terminal.layout)}>
        <Toolbar
          state={state}
          roomId={roomId}
          onSave={save}
          onTerminal={() => machineId && terminal.open({ kind: "machine", id: machineId })}
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
                notify={notify}
                composeRequest={composeDrop}
                others={state.members.filter((m) => m.memberId !== state.memberId).length}
              />
            )
          }
          actions={
            <TeachMenu
              owner={state.role === "owner"}
              presenting={live.presenting}
              replaying={replay.open}
              onPresent={() => void conn?.live.present(!live.presenting).then((r) => !r.ok && notify(r.error))}
              onReplay={replay.toggle}
              onAuthor={() => setAuthoring(true)}
            />
          }
        />
        <Palette
          doc={doc}
          machineId={machineId}
          canEdit={canEdit}
          spec={adding.spec}
          setSpec={adding.setSpec}
          add={(k) => (machineId ? adding.create(k, machineId, nextSpot(doc, machineId, k)) : Promise.resolve("no host"))}
          submitAll={submitAll}
        />
        <main className="stage" aria-label="Canvas" id="main" tabIndex={-1}>
          <button type="button" className="view-toggle" aria-pressed={tableView} onClick={() => setTableView((v) => !v)}>
            {tableView ? "Show the canvas" : "Show as tables"}
          </button>
          {tableView && <TopologyTable resolved={shownResolved} reach={reach.shown} />}
          {/* One column at the top of the canvas: the banners never cover the follow buttons. */}
          <div className="stage-top">
            {replay.at && (
              <p className="readonly-banner replay-banner" role="status">
                Replay: the room at change {replay.at.seq}. Read-only; “Back to live” returns to the room.
              </p>
            )}
            {!canEdit && !replay.open && (
              <p className="readonly-banner" role="status">
                {readOnlyReason(state, inClass) ?? "You can look, not change."}
              </p>
            )}
            <LiveBar live={live} nameOf={nameOf} onClearSpotlight={reach.hideSpotlight} />
          </div>
          <Canvas
            store={client}
            doc={shownDoc}
            resolved={shownResolved}
            highlight={reach.highlight}
            selected={selection.selected}
            setSelected={selection.setSelected}
            selectRequest={selection.selectRequest}
            canEdit={canEdit}
            submitAll={submitAll}
            onDropCreate={adding.onDropCreate}
            viewportTarget={live.viewportTarget}
            onUserMove={live.onUserMove}
            onDropCompose={(text, file) => setComposeDrop({ text, file, run: true, seq: Date.now() })}
          />
          {toast && (
            <div className="toast" role="alert">
              {toast}
              <button type="button" onClick={() => notify(null)} aria-label="Dismiss">
                ×
              </button>
            </div>
          )}
        </main>
        <aside className="side" aria-label="Details">
          {canEdit && <FirstSteps roomId={roomId} doc={doc} startsEmpty={startsEmpty} />}
          <ClassPanel roomId={roomId} doc={doc} submit={(op) => client.submit(op)} />
          {replay.open && conn && <ReplayPanel socket={conn.socket} onDoc={replay.onDoc} onClose={replay.close} />}
          <Inspector
            doc={shownDoc}
            resolved={shownResolved}
            selected={selection.selected}
            canEdit={canEdit}
            submitAll={submitAll}
            onOpenTerminal={terminal.open}
          />
          <ReachPanel resolved={shownResolved} onResult={reach.onResult} onQuery={reach.onQuery} />
          <People client={client} state={state} roomId={roomId} onRename={inClass ? null : rename} />
        </aside>
        {authoring && <ExerciseAuthor doc={doc} onClose={() => setAuthoring(false)} />}
        {terminal.target && (
          <Terminal
            key={`${terminal.target.kind}:${terminal.target.id}`}
            store={client}
            target={terminal.target}
            onClose={terminal.close}
            dock={terminal.layout.dock}
            size={terminal.layout.size}
            onLayout={(dock, size) => terminal.setLayout({ dock, size })}
          />
        )}
      </div>
    </ReactFlowProvider>
  );
}
