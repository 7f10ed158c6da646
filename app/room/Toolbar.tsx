"use client";
import { type ReactNode, useState } from "react";
import type { SyncSnapshot } from "@/lib/sync/client";
import type { CommandAck } from "@/lib/sync/events";
import { InviteMenu } from "./people/InviteMenu";

interface Props {
  state: SyncSnapshot;
  roomId: string;
  onSave: () => void;
  onTerminal: () => void;
  /** Clicking someone's avatar follows their view. */
  onFollow?: (memberId: string) => void;
  /** Buttons of room features (present, replay, exercises) placed with the others. */
  actions?: ReactNode;
  /** Undo/redo, tidy, compose, load and export. */
  editing?: ReactNode;
  /** Renames the room (null: this person may not); returns why not, or null. */
  onRename?: ((title: string) => string | null) | null;
  /** New invite links (the owner's): the old ones stop working. */
  onNewInvites?: () => Promise<CommandAck>;
}

/** The room's name, and a way to change it: recent rooms are told apart by it. */
function Title({ title, onRename }: { title: string; onRename: ((title: string) => string | null) | null }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(title);
  if (!editing || !onRename) {
    return (
      <>
        <h1 className="title">{title}</h1>
        {onRename && (
          <button
            type="button"
            className="rename"
            onClick={() => {
              setText(title);
              setEditing(true);
            }}
            aria-label="Rename the room"
            title="Rename the room"
          >
            ✎
          </button>
        )}
      </>
    );
  }
  return (
    <form
      className="rename-form"
      onSubmit={(e) => {
        e.preventDefault();
        const t = text.trim();
        if (!t) return;
        if (t === title || onRename(t) === null) setEditing(false);
      }}
      onKeyDown={(e) => e.key === "Escape" && setEditing(false)}
    >
      {/* biome-ignore lint/a11y/noAutofocus: the field appears because the person asked to type in it */}
      <input aria-label="Room name" value={text} maxLength={200} autoFocus onChange={(e) => setText(e.target.value)} />
      <button type="submit">Save</button>
      <button type="button" onClick={() => setEditing(false)}>
        Cancel
      </button>
    </form>
  );
}

/** Room title, connection state, who is here, the invite links and the document's save button. */
export function Toolbar({ state, roomId, onSave, onTerminal, onFollow, actions, editing, onRename = null, onNewInvites }: Props) {
  const online = state.members.filter((m) => m.online);
  return (
    <header className="toolbar">
      <a href="/" className="brand" aria-label="Dockside start page">
        Dockside
      </a>
      <Title title={state.doc?.title ?? "Sandbox"} onRename={onRename} />
      <span className={`status s-${state.status}`} role="status">
        {state.status === "joined" ? (state.pending.length > 0 ? "saving…" : "live") : state.status}
      </span>
      <span className="muted small">{state.role ?? ""}</span>
      <ul className="avatars" aria-label="People here">
        {online.map((m) => (
          <li key={m.memberId} title={`${m.name} (${m.role})`} style={{ background: m.color }}>
            {onFollow && m.memberId !== state.memberId ? (
              <button type="button" className="avatar-follow" onClick={() => onFollow(m.memberId)} aria-label={`Follow ${m.name}`}>
                {m.name.slice(0, 1).toUpperCase()}
              </button>
            ) : (
              <>
                {m.name.slice(0, 1).toUpperCase()}
                <span className="sr-only">
                  {m.name}
                  {m.memberId === state.memberId ? " (you)" : ""}
                </span>
              </>
            )}
          </li>
        ))}
      </ul>
      <div className="spacer" />
      {editing}
      <button type="button" onClick={onTerminal}>
        Terminal
      </button>
      <button type="button" onClick={onSave}>
        Save JSON
      </button>
      {actions}
      {state.inviteCode && state.viewerInviteCode && onNewInvites && (
        <InviteMenu roomId={roomId} editorCode={state.inviteCode} viewerCode={state.viewerInviteCode} onNewLinks={onNewInvites} />
      )}
    </header>
  );
}
